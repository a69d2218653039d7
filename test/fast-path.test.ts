/**
 * The executable's no-op path (generator/fast-path.ts, output/run-cache.ts) as the build leaves it: a regeneration
 * that changes nothing loads only what answering it needs. Each Node module it does not load is a few hundred
 * microseconds to a few milliseconds of a run that should cost little more than starting Node.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { referenceWsdl, repoRoot, tempDir } from "./helpers.js";

const bin = path.join(repoRoot, "dist/generator/bin.js");

describe.runIf(existsSync(bin))("a no-op regeneration", () => {
  it("is answered without perf_hooks, os or the generator's pipeline", async () => {
    const dir = await tempDir("fast-path");
    await mkdir(path.join(dir, "node_modules")); // the run cache lives under it, as in a project
    const report = path.join(dir, "report.cjs");
    await writeFile(
      report,
      'process.on("exit", () => require("node:fs").writeFileSync(process.env.LOAD_REPORT, ' +
        'process.moduleLoadList.join("\\n")));\n',
    );
    const env = { ...process.env, LOAD_REPORT: path.join(dir, "loaded.txt") };
    const run = async (quiet: boolean) =>
      (
        await promisify(execFile)(
          process.execPath,
          ["-r", report, bin, "generate", referenceWsdl, "--out", "out", ...(quiet ? ["--quiet"] : [])],
          { cwd: dir, env },
        )
      ).stdout;
    expect(await run(false)).toMatch(/written/);
    expect(await run(false)).toMatch(/up to date, nothing changed \(\d+ ms\)/);
    expect(await run(true)).toBe("");
    const loaded = (await readFile(env.LOAD_REPORT, "utf8")).split("\n");
    expect(loaded).not.toContain("NativeModule perf_hooks");
    expect(loaded).not.toContain("NativeModule os");
    expect(loaded).not.toContain("NativeModule vm"); // the compile cache, i.e. ts-morph, was not loaded
  });
});
