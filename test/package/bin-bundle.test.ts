/**
 * The built executable as the build leaves it (scripts/bundle-bin.mjs, scripts/precompile-templates.mjs): a run
 * loads a handful of ES modules (the bundle's chunks, not the ~110 modules of the tsc output and fast-xml-parser),
 * the Handlebars runtime without its compiler, and writes what generating from the sources writes; the run cache
 * uses the fingerprint of the code the build put in the bundle, and still sees a changed default template.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, readdirSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { referenceWsdl, repoRoot, tempDir } from "../helpers.js";

const bin = path.join(repoRoot, "dist/generator/bin.js");

describe.runIf(existsSync(bin))("the built bin", () => {
  it("loads its bundle, the Handlebars runtime only, and writes what the sources write", async () => {
    const dir = await tempDir("bin-bundle");
    // an ESM resolve hook noting every module resolved, and a report of the CommonJS files required, at exit
    const hooks = path.join(dir, "hooks.mjs");
    await writeFile(
      hooks,
      'import { appendFileSync } from "node:fs";\n' +
        "export async function resolve(specifier, context, next) {\n" +
        "  const r = await next(specifier, context);\n" +
        '  if (r.url.startsWith("file:")) appendFileSync(process.env.ESM_REPORT, r.url + "\\n");\n' +
        "  return r;\n}\n",
    );
    const register = path.join(dir, "register.mjs");
    await writeFile(
      register,
      `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
    );
    const report = path.join(dir, "report.cjs");
    await writeFile(
      report,
      'process.on("exit", () => require("node:fs").writeFileSync(process.env.CJS_REPORT, ' +
        "JSON.stringify(Object.keys(require.cache))));\n",
    );
    const out = path.join(dir, "out");
    const env = { ...process.env, ESM_REPORT: path.join(dir, "esm.txt"), CJS_REPORT: path.join(dir, "cjs.json") };
    const { stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", pathToFileURL(register).href, "-r", report, bin, "generate", referenceWsdl, "--out", out, "--quiet"],
      { cwd: dir, env },
    );
    expect(stderr).toBe("");
    const modules = new Set((await readFile(env.ESM_REPORT, "utf8")).trim().split("\n"));
    modules.delete(pathToFileURL(register).href);
    expect([...modules].filter((m) => m.includes("/node_modules/"))).toEqual([]);
    expect(modules.size, [...modules].join("\n")).toBeLessThanOrEqual(12);
    const required = JSON.parse(await readFile(path.join(dir, "cjs.json"), "utf8")) as string[];
    expect(required.some((f) => f.includes(`${path.sep}handlebars.runtime.js`))).toBe(true);
    expect(required.some((f) => f.includes(`${path.sep}compiler${path.sep}`))).toBe(false);
    const expected = await generate({ wsdl: [referenceWsdl] });
    for (const file of expected.files.filter((f) => !f.path.startsWith(".")))
      expect(await readFile(path.join(out, ...file.path.split("/")), "utf8"), file.path).toBe(file.contents);
  });

  it("answers a no-op run from the build's fingerprint, and regenerates when a default template changes", async () => {
    const chunks = readdirSync(path.join(repoRoot, "dist/generator/bin-chunks")).filter((f) => f.endsWith(".js"));
    const sources = await Promise.all(
      chunks.map((f) => readFile(path.join(repoRoot, "dist/generator/bin-chunks", f), "utf8")),
    );
    expect(sources.some((text) => /BUILT_CODE_FINGERPRINT = "[0-9a-f]{64}"/.test(text))).toBe(true);
    expect(sources.some((text) => text.includes("WSDLGEN_CODE_FINGERPRINT"))).toBe(false);
    // a copy of the package (as the bench makes one), whose templates this test may change
    const dir = await tempDir("bin-bundle-copy");
    for (const part of ["dist", "templates", "package.json"])
      cpSync(path.join(repoRoot, part), path.join(dir, "package", part), { recursive: true });
    const copy = path.join(dir, "package/dist/generator/bin.js");
    const out = path.join(dir, "out");
    const run = async () =>
      (await promisify(execFile)(process.execPath, [copy, "generate", referenceWsdl, "--out", out], { cwd: dir }))
        .stdout;
    expect(await run()).toMatch(/written/);
    expect(await run()).toMatch(/up to date/);
    const index = path.join(dir, "package/templates/index.hbs");
    await writeFile(index, (await readFile(index, "utf8")) + "// changed\n");
    expect(await run()).toMatch(/written/);
    expect(await readFile(path.join(out, "Services88-Ticket/index.ts"), "utf8")).toMatch(/\/\/ changed\n$/);
  });
});
