/**
 * The output stage: where a run's rendered files meet the output folder. `updateOutputFolder` takes the files
 * (with the manifest `withManifest` adds) and, in one pass, either writes them — changed files only, atomically,
 * removing what the previous run wrote and this one does not — and records the run in the run cache, or, for
 * `--check`, compares them with the folder and writes nothing. `isUpToDate` answers, from the run cache, whether
 * a run would change anything at all (the no-op fast path asks it before loading the generator).
 *
 * Its parts: manifest.ts (the list of files a run wrote), run-cache.ts (fingerprints), write.ts (writing and
 * comparing files), paths.ts (every path proven inside the output folder), staging.ts (all files change together),
 * signals.ts (SIGINT/SIGTERM while files are in flight). Light on purpose (node:crypto, node:fs), like its parts.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { MANIFEST_FILE, readManifest, renderManifest } from "./manifest.js";
import { describeFsError, outputError } from "./paths.js";
import { recordRun, type DocumentHash, type RunDependencies } from "./run-cache.js";
import { STAGING_FOLDER } from "./staging.js";
import { checkOutput, writeOutput, type CheckReport, type OutputFile, type WriteReport } from "./write.js";

export { MANIFEST_FILE } from "./manifest.js";
export { STAGING_FOLDER } from "./staging.js";
export { isUpToDate, lastRunInputs, type DocumentHash, type RunDependencies } from "./run-cache.js";
export { checkFileTarget, writeFileWhole, type CheckReport, type OutputFile, type WriteReport } from "./write.js";

/**
 * Refuses an output folder that cannot be one before any work is done: `--out` naming a file (or something under
 * a file). A folder that does not exist yet is fine: it is created when the run writes.
 */
export async function checkOutputFolder(outDir: string): Promise<void> {
  const folder = path.resolve(outDir);
  for (let at = folder; ; at = path.dirname(at)) {
    let stats;
    try {
      stats = await stat(at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code === "ENOENT" || code === "ENOTDIR") && path.dirname(at) !== at) continue;
      throw outputError("output-failed", `cannot use the output folder ${outDir}: ${describeFsError(e)}`, outDir);
    }
    if (stats.isDirectory()) return;
    throw outputError(
      "output-not-folder",
      at === folder
        ? `the output folder ${outDir} is a file; name a folder (it is created when missing)`
        : `the output folder ${outDir} cannot be created: ${at} is a file`,
      outDir,
    );
  }
}

/** A run's files as the output folder holds them: the rendered files, then the manifest that lists them. */
export function withManifest(files: OutputFile[]): OutputFile[] {
  return [...files, { path: MANIFEST_FILE, contents: renderManifest(files.map((f) => f.path)) }];
}

export interface OutputUpdate {
  /** Compare only: write nothing, and report how the folder differs. */
  check?: boolean | undefined;
  /** What the output depends on, and the documents the run read: recorded for the next run's up-to-date check. */
  dependencies: RunDependencies;
  inputs: DocumentHash[];
}

/** Writes (or, with `check`, compares) a run's files in the output folder; see the module comment. */
export async function updateOutputFolder(
  outDir: string,
  files: OutputFile[],
  update: OutputUpdate,
): Promise<({ report: WriteReport } | { check: CheckReport }) & { warnings: Diagnostic[] }> {
  await checkOutputFolder(outDir);
  if (update.check) {
    const { manifest: previous, warnings } = await readManifest(outDir);
    if (await stat(path.join(outDir, STAGING_FOLDER)).catch(() => undefined))
      warnings.push({
        severity: "warning",
        code: "output-interrupted",
        message: `an interrupted run left ${STAGING_FOLDER}; the next generate completes or removes it`,
        location: { file: outDir },
      });
    return { check: await checkOutput(outDir, files, previous), warnings };
  }
  const written = await writeOutput(outDir, files);
  await recordRun(outDir, update.dependencies, update.inputs, files);
  return written;
}
