/**
 * output/staging.ts on its own: what a run finds in the staging folder an interrupted run left — completed, removed,
 * or, while its owner is still running, refused — and that a journal cannot move or remove files outside --out.
 */
import { spawnSync } from "node:child_process";
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recoverStaging, STAGING_FOLDER } from "../../generator/output/staging.js";
import { tempDir } from "../helpers.js";

/** An output folder with `a.ts` ("old"), and a staging folder holding a staged `a.ts` ("new") and `owner`. */
async function interrupted(owner: number | undefined, journal?: unknown) {
  const dir = await tempDir("staging");
  const out = path.join(dir, "out");
  const staging = path.join(out, STAGING_FOLDER);
  await mkdir(path.join(staging, "new"), { recursive: true });
  await writeFile(path.join(out, "a.ts"), "old");
  await writeFile(path.join(out, "gone.ts"), "old");
  await writeFile(path.join(staging, "new", "a.ts"), "new");
  if (owner !== undefined) await writeFile(path.join(staging, "owner"), `${owner}\n`);
  if (journal !== undefined) await writeFile(path.join(staging, "journal.json"), JSON.stringify(journal));
  await writeFile(path.join(dir, "outside.ts"), "mine");
  return { dir, out };
}

/** A process id no process has (one that just ended). */
const deadPid = () => spawnSync(process.execPath, ["-e", "0"]).pid!;

describe("recovering an interrupted run's staging folder", () => {
  it("with a journal: completes the swap", async () => {
    const { out } = await interrupted(deadPid(), { format: 1, write: ["a.ts"], remove: ["gone.ts"] });
    const warnings = await recoverStaging(out);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringContaining("its swap was completed (1 files)")]);
    expect(await readdir(out)).toEqual(["a.ts"]);
    expect(await readFile(path.join(out, "a.ts"), "utf8")).toBe("new");
  });

  it("without a journal (or without an owner file): removes the staged files", async () => {
    for (const owner of [deadPid(), undefined]) {
      const { out } = await interrupted(owner);
      expect((await recoverStaging(out))[0]!.message).toContain("they were removed");
      expect((await readdir(out)).sort()).toEqual(["a.ts", "gone.ts"]);
      expect(await readFile(path.join(out, "a.ts"), "utf8")).toBe("old");
    }
  });

  it("a journal naming paths outside --out is not followed", async () => {
    for (const journal of [
      { format: 1, write: ["../outside.ts"], remove: [] },
      { format: 1, write: [], remove: ["../outside.ts"] },
      { format: 1, write: [], remove: [".wsdlgen-staging/owner"] },
      { format: 2, write: ["a.ts"], remove: [] },
    ]) {
      const { dir, out } = await interrupted(deadPid(), journal);
      expect((await recoverStaging(out))[0]!.message).toContain("cannot be read");
      expect(await readFile(path.join(dir, "outside.ts"), "utf8")).toBe("mine");
      expect((await readdir(out)).sort()).toEqual(["a.ts", "gone.ts"]);
    }
  });

  it("is refused while its owner is running: another run is writing", async () => {
    const { out } = await interrupted(process.ppid, { format: 1, write: ["a.ts"], remove: [] });
    await expect(recoverStaging(out)).rejects.toThrow(
      `error output-busy: another wsdlgen run (process ${process.ppid})`,
    );
    expect(await readFile(path.join(out, "a.ts"), "utf8")).toBe("old");
  });

  it("a staging folder that is a symbolic link is refused", async () => {
    const dir = await tempDir("staging-link");
    await mkdir(path.join(dir, "out"));
    await mkdir(path.join(dir, "elsewhere"));
    await symlink(path.join(dir, "elsewhere"), path.join(dir, "out", STAGING_FOLDER));
    await expect(recoverStaging(path.join(dir, "out"))).rejects.toThrow("error output-symlink");
  });
});
