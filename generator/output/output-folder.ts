/**
 * The output stage: where a run's rendered files meet the output folder. `updateOutputFolder` takes the files
 * (with the manifest `withManifest` adds) and, in one pass, either writes them — changed files only, atomically,
 * removing what the previous run wrote and this one does not — and records the run in the run cache, or, for
 * `--check`, compares them with the folder and writes nothing. `isUpToDate` answers, from the run cache, whether
 * a run would change anything at all (the no-op fast path asks it before loading the generator).
 *
 * Its parts: manifest.ts (the list of files a run wrote), run-cache.ts (fingerprints), write.ts (writing and
 * comparing files). Light on purpose (node:crypto, node:fs), like its parts.
 */
import { MANIFEST_FILE, readManifest, renderManifest } from "./manifest.js";
import { recordRun, type DocumentHash, type RunDependencies } from "./run-cache.js";
import { checkOutput, writeOutput, type CheckReport, type OutputFile, type WriteReport } from "./write.js";

export { MANIFEST_FILE } from "./manifest.js";
export { isUpToDate, lastRunInputs, type DocumentHash, type RunDependencies } from "./run-cache.js";
export type { CheckReport, OutputFile, WriteReport } from "./write.js";

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
): Promise<{ report: WriteReport } | { check: CheckReport }> {
  const previous = await readManifest(outDir);
  if (update.check) return { check: await checkOutput(outDir, files, previous) };
  const report = await writeOutput(outDir, files, previous);
  await recordRun(outDir, update.dependencies, update.inputs, files);
  return { report };
}
