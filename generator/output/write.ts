/**
 * Writing or checking an output folder against the files of a run (generated in memory first, so a failure
 * writes nothing). Every path is proven inside the output folder first, with no symbolic link on the way (see
 * paths.ts). Files whose bytes are unchanged are not touched; changed and new files, and the removal of files the
 * previous run wrote (per its manifest) that this run does not produce, are applied together or not at all
 * (staging.ts); folders that become empty are removed. The check writes nothing and reports the differences.
 */
import { randomBytes } from "node:crypto";
import { readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { MANIFEST_FILE, readManifest, type Manifest } from "./manifest.js";
import { describeFsError, entryKind, insideOutput, outputError } from "./paths.js";
import { deferSignals, stopIfInterrupted } from "./signals.js";
import { applyChanges, recoverStaging, STAGING_FOLDER } from "./staging.js";

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

/** `<file>.<12 hex>.tmp`: the temporary sibling earlier versions wrote before renaming (and --emit-model does). */
const TEMP_SUFFIX = /\.[0-9a-f]{12}\.tmp$/;

/** A temporary name next to `file`. */
function tempSibling(file: string): string {
  return `${file}.${randomBytes(6).toString("hex")}.tmp`;
}

/** Removes `<name>.<12 hex>.tmp` files an interrupted run left next to the files it writes (by folder). */
async function removeStrayTempFiles(root: string, files: string[]): Promise<void> {
  const names = new Map<string, Set<string>>();
  for (const rel of files) {
    const folder = rel.split("/").slice(0, -1).join("/");
    names.set(folder, (names.get(folder) ?? new Set()).add(rel.split("/").pop()!));
  }
  for (const [folder, produced] of names) {
    const entries = await readdir(folder ? insideOutput(root, folder) : root).catch(() => [] as string[]);
    for (const entry of entries) {
      if (!TEMP_SUFFIX.test(entry) || !produced.has(entry.replace(TEMP_SUFFIX, ""))) continue;
      const rel = folder ? `${folder}/${entry}` : entry;
      if ((await entryKind(root, rel)) === "file") await rm(insideOutput(root, rel), { force: true });
    }
  }
}

/**
 * Writes what changed and removes what the previous run (per its manifest) wrote and this one does not, all
 * together; first completes or removes what an interrupted run left. Returns the report and warnings (what was
 * recovered, manifest entries ignored).
 */
export async function writeOutput(
  outDir: string,
  files: OutputFile[],
): Promise<{ report: WriteReport; warnings: Diagnostic[] }> {
  const root = path.resolve(outDir);
  return deferSignals(async () => {
    const warnings = await recoverStaging(root);
    // Read after the recovery: a completed swap brought its own manifest.
    const { manifest: previous, warnings: manifestWarnings } = await readManifest(root);
    warnings.push(...manifestWarnings);
    const report: WriteReport = { written: [], unchanged: [], removed: [] };
    const write: OutputFile[] = [];
    for (const file of files) {
      if (file.path.split("/")[0] === STAGING_FOLDER)
        throw outputError("output-outside", `${file.path} is inside wsdlgen's staging folder`, root);
      const kind = await entryKind(root, file.path);
      const dest = insideOutput(root, file.path);
      if (kind === "folder")
        throw outputError("output-in-the-way", `${dest} is a folder; a generated file goes there`, dest);
      if (kind === "file" && (await readIfExists(dest)) === file.contents) report.unchanged.push(file.path);
      else {
        write.push(file);
        report.written.push(file.path);
      }
    }
    const produced = new Set(files.map((f) => f.path));
    for (const old of previous?.files ?? []) {
      if (produced.has(old) || old.split("/")[0] === STAGING_FOLDER) continue;
      if ((await entryKind(root, old)) === "file") report.removed.push(old);
    }
    await removeStrayTempFiles(
      root,
      files.map((f) => f.path),
    );
    if (write.length || report.removed.length) await applyChanges(root, { write, remove: report.removed });
    return { report, warnings };
  });
}

/** Refuses, before any work, a file to write (--emit-model) that is a folder or whose folder does not exist. */
export async function checkFileTarget(file: string): Promise<void> {
  const target = path.resolve(file);
  const stats = await stat(target).catch(() => undefined);
  if (stats?.isDirectory()) throw outputError("output-not-file", `cannot write ${file}: it is a folder`, file);
  const folder = await stat(path.dirname(target)).catch(() => undefined);
  if (!folder?.isDirectory())
    throw outputError(
      "output-no-folder",
      `cannot write ${file}: the folder ${path.dirname(target)} does not exist`,
      file,
    );
}

/**
 * Writes one file outside the output folder (--emit-model) through a temporary sibling renamed over it, so it is
 * whole or absent; a signal while it is written removes the temporary file.
 */
export async function writeFileWhole(file: string, contents: string): Promise<void> {
  await checkFileTarget(file);
  const target = path.resolve(file);
  const fail = (message: string) => outputError("output-failed", message, file);
  await deferSignals(async () => {
    const base = path.basename(target);
    for (const entry of await readdir(path.dirname(target)).catch(() => [] as string[]))
      if (TEMP_SUFFIX.test(entry) && entry.replace(TEMP_SUFFIX, "") === base)
        await rm(path.join(path.dirname(target), entry), { force: true });
    const temp = tempSibling(target);
    try {
      await writeFile(temp, contents, "utf8");
      stopIfInterrupted(`${file} was left as it was`);
      await rename(temp, target);
    } catch (e) {
      await rm(temp, { force: true }).catch(() => undefined);
      if ((e as { diagnostics?: unknown }).diagnostics) throw e;
      throw fail(`cannot write ${file}: ${describeFsError(e)}`);
    }
  });
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
    const existing = await readIfExists(insideOutput(outDir, file.path));
    if (existing === undefined) report.missing.push(file.path);
    else if (existing !== file.contents) report.stale.push(file.path);
  }
  const produced = new Set(files.map((f) => f.path));
  const extra = new Set<string>();
  for (const old of previous?.files ?? []) if (!produced.has(old)) extra.add(old);
  const folders = new Set(files.map((f) => f.path.split("/").slice(0, -1).join("/")));
  for (const folder of folders) {
    const entries = await readdir(folder ? insideOutput(outDir, folder) : path.resolve(outDir), {
      withFileTypes: true,
    }).catch(() => []);
    for (const e of entries) {
      const rel = folder ? `${folder}/${e.name}` : e.name;
      if (e.isFile() && !produced.has(rel) && (e.name === MANIFEST_FILE || !e.name.startsWith("."))) extra.add(rel);
    }
  }
  report.extra = [...extra].sort();
  return report;
}
