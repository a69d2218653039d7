/**
 * The client runtime runs wherever `fetch` does: it must type-check with no Node.js types at all, only the
 * ECMAScript and DOM libraries (runtime/tsconfig.browser.json, also run by the runtime's build). Only the server
 * entry (`@wsdlgen/runtime/server`) may use Node's API.
 */
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";

const exec = promisify(execFile);
const tsc = path.join(repoRoot, "node_modules/.bin/tsc");
const browserConfig = path.join(repoRoot, "runtime/tsconfig.browser.json");
const runtimeSrc = path.join(repoRoot, "runtime/src");

async function typeCheck(project: string, extra: string[] = []): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await exec(tsc, ["-p", project, ...extra], { cwd: repoRoot, maxBuffer: 16 << 20 });
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === "number" ? err.code : 1, output: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

describe("the client runtime without Node's types", () => {
  const scratch: string[] = [];
  afterAll(async () => {
    for (const dir of scratch) await rm(dir, { recursive: true, force: true });
  });

  it("type-checks every runtime module but the server entry with only the ES2022 and DOM libraries", async () => {
    const listed = await typeCheck(browserConfig, ["--listFilesOnly"]);
    expect(listed.code, listed.output).toBe(0);
    const checked = listed.output
      .split("\n")
      .map((f) => f.trim())
      .filter((f) => f.startsWith(runtimeSrc + path.sep))
      .map((f) => path.relative(runtimeSrc, f))
      .sort();
    const all = readdirSync(runtimeSrc)
      .filter((f) => f.endsWith(".ts"))
      .sort();
    expect(checked).toEqual(all.filter((f) => f !== "server.ts"));
    expect(listed.output).not.toMatch(/@types[/\\]node/);

    const result = await typeCheck(browserConfig);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("fails on a module that uses a node: import or a Node global", async () => {
    await mkdir(path.join(repoRoot, "test/.tmp"), { recursive: true });
    const dir = await mkdtemp(path.join(repoRoot, "test/.tmp/browser-types-"));
    scratch.push(dir);
    await writeFile(
      path.join(dir, "leak.ts"),
      `import { readFileSync } from "node:fs";\nexport const leak = Buffer.from(readFileSync("x")).length + process.pid;\n`,
    );
    await writeFile(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        extends: path.relative(dir, browserConfig),
        compilerOptions: { rootDir: repoRoot },
        include: [`${runtimeSrc}/**/*.ts`, "leak.ts"],
      }),
    );
    const result = await typeCheck(path.join(dir, "tsconfig.json"));
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/leak\.ts.*error TS\d+:.*node:fs/);
    expect(result.output).toMatch(/leak\.ts.*error TS\d+:.*Buffer/);
    expect(result.output).toMatch(/leak\.ts.*error TS\d+:.*process/);
  });
});
