/**
 * output/output-folder.ts on its own, without generating: the manifest appended to a run's files, one call that
 * writes (and records the run) or only checks, and the up-to-date answer from what was recorded.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  isUpToDate,
  lastRunInputs,
  MANIFEST_FILE,
  updateOutputFolder,
  withManifest,
} from "../../generator/output/output-folder.js";
import { sha256 } from "../../generator/output/run-cache.js";
import { tempDir } from "../helpers.js";

describe("the output folder", () => {
  it("lists a run's files in a manifest appended to them", () => {
    const files = withManifest([
      { path: "b/types.ts", contents: "b" },
      { path: "a/index.ts", contents: "a" },
    ]);
    expect(files.map((f) => f.path)).toEqual(["b/types.ts", "a/index.ts", MANIFEST_FILE]);
    expect(JSON.parse(files[2]!.contents)).toEqual({ format: 1, files: ["a/index.ts", "b/types.ts"] });
  });

  it("writes and records the run in one call, checks without writing, and knows when nothing changed", async () => {
    const dir = await tempDir("output-folder");
    const input = path.join(dir, "Service.wsdl");
    await writeFile(input, "<definitions/>");
    const out = path.join(dir, "out");
    const dependencies = { options: { scalars: "strings" } };
    const update = {
      dependencies,
      inputs: [{ path: input, sha256: sha256(await readFile(input)) }],
    };
    const files = withManifest([{ path: "Service/types.ts", contents: "export type A = string;\n" }]);

    expect(await isUpToDate(out, dependencies)).toBe(false);
    const checked = await updateOutputFolder(out, files, { ...update, check: true });
    expect(checked).toEqual({
      check: { stale: [], missing: ["Service/types.ts", MANIFEST_FILE], extra: [] },
      warnings: [],
    });
    expect(await isUpToDate(out, dependencies)).toBe(false); // a check records nothing

    const written = await updateOutputFolder(out, files, update);
    expect(written).toEqual({
      report: { written: ["Service/types.ts", MANIFEST_FILE], unchanged: [], removed: [] },
      warnings: [],
    });
    expect(await readFile(path.join(out, "Service/types.ts"), "utf8")).toBe("export type A = string;\n");
    expect(await lastRunInputs(out)).toEqual([input]);
    expect(await isUpToDate(out, dependencies)).toBe(true);
    expect(await isUpToDate(out, { options: { scalars: "numbers" } })).toBe(false);

    await writeFile(input, "<definitions><!-- changed --></definitions>");
    expect(await isUpToDate(out, dependencies)).toBe(false);
  });
});
