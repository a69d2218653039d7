/**
 * Writing or checking an output folder against the files of a run (generated in memory first, so a failure
 * writes nothing). Each changed file is written to a temporary sibling and renamed over the old one (a reader
 * never sees half a file); files whose bytes are unchanged are not touched; files the previous run wrote (per its
 * manifest) that this run does not produce are removed, and so are folders that become empty. The check writes
 * nothing and reports the differences.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { MANIFEST_FILE, type Manifest } from "./manifest.js";

export interface OutputFile {
  /** Path relative to the output folder, with `/` separators. */
  path: string;
  contents: string;
}

export interface WriteReport {
  written: string[];
  unchanged: string[];
  removed: string[];
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

const target = (outDir: string, rel: string) => path.join(outDir, ...rel.split("/"));

/** Writes what changed and removes what the previous run (per its manifest) wrote and this one does not. */
export async function writeOutput(
  outDir: string,
  files: OutputFile[],
  previous: Manifest | undefined,
): Promise<WriteReport> {
  const report: WriteReport = { written: [], unchanged: [], removed: [] };
  for (const file of files) {
    const dest = target(outDir, file.path);
    if ((await readIfExists(dest)) === file.contents) {
      report.unchanged.push(file.path);
      continue;
    }
    await mkdir(path.dirname(dest), { recursive: true });
    const temp = `${dest}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temp, file.contents, "utf8");
      await rename(temp, dest);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
    report.written.push(file.path);
  }
  const produced = new Set(files.map((f) => f.path));
  for (const old of previous?.files ?? []) {
    if (produced.has(old) || old.includes("..")) continue;
    await rm(target(outDir, old), { force: true });
    report.removed.push(old);
    // Remove folders the removal left empty, up to the output folder.
    for (
      let dir = path.dirname(target(outDir, old));
      dir.startsWith(path.resolve(outDir)) && dir !== path.resolve(outDir);
      dir = path.dirname(dir)
    ) {
      if ((await readdir(dir).catch(() => ["?"])).length) break;
      await rmdir(dir).catch(() => undefined);
    }
  }
  return report;
}

export interface CheckReport {
  /** On disk with other content. */
  stale: string[];
  /** Not on disk. */
  missing: string[];
  /** On disk, not produced: listed in the previous manifest, or any other file in a folder this run writes to. */
  extra: string[];
}

/** Compares what a run would write with the output folder, writing nothing. */
export async function checkOutput(
  outDir: string,
  files: OutputFile[],
  previous: Manifest | undefined,
): Promise<CheckReport> {
  const report: CheckReport = { stale: [], missing: [], extra: [] };
  for (const file of files) {
    const existing = await readIfExists(target(outDir, file.path));
    if (existing === undefined) report.missing.push(file.path);
    else if (existing !== file.contents) report.stale.push(file.path);
  }
  const produced = new Set(files.map((f) => f.path));
  const extra = new Set<string>();
  for (const old of previous?.files ?? []) if (!produced.has(old)) extra.add(old);
  const folders = new Set(files.map((f) => f.path.split("/").slice(0, -1).join("/")));
  for (const folder of folders) {
    const entries = await readdir(path.join(outDir, folder), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const rel = folder ? `${folder}/${e.name}` : e.name;
      if (e.isFile() && !produced.has(rel) && (e.name === MANIFEST_FILE || !e.name.startsWith("."))) extra.add(rel);
    }
  }
  report.extra = [...extra].sort();
  return report;
}
