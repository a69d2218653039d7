/**
 * The pipeline for a set of WSDLs: load → model → emit → output. Each WSDL is loaded and read into a model; the
 * types several of them declare identically are found; each service's files are emitted (and `shared/types.ts`);
 * then the output stage writes or checks them. A run whose output is up to date stops before all of that.
 */
import path from "node:path";
import { DiagnosticSink, GeneratorError, type Diagnostic } from "../diagnostics.js";
import { emitServiceFiles } from "../emit/service-files.js";
import { emitSharedTypesFile, findSharedTypes, SHARED_FOLDER, SHARED_TYPES_FILE } from "../emit/shared-types.js";
import { loadTemplates } from "../emit/templates.js";
import { TypeExpressions } from "../emit/type-expressions.js";
import { loadDocuments } from "../load/documents.js";
import { isUrl } from "../load/url.js";
import { buildModel } from "../wsdl/build-model.js";
import { lossyScalarChoices } from "../model/builtins.js";
import type { Model } from "../model/model.js";
import { selectOperations } from "../model/subset.js";
import {
  checkFileTarget,
  checkOutputFolder,
  STAGING_FOLDER,
  updateOutputFolder,
  withManifest,
  writeFileWhole,
  type CheckReport,
  type DocumentHash,
  type OutputFile,
  type WriteReport,
} from "../output/output-folder.js";
import {
  configRunOptions,
  isRunUpToDate,
  runDependencies,
  settleRun,
  type GenerateOptions,
  type WsdlInput,
} from "./run-options.js";

export interface GenerateResult {
  /** The generated files (with the output manifest last); empty when the output was already up to date. */
  files: OutputFile[];
  models: Model[];
  warnings: Diagnostic[];
  /** Present when `outDir` was given and files were written. */
  report?: WriteReport;
  /** Present with `check`: how the output folder differs from what would be written. */
  check?: CheckReport;
  /** True when nothing had changed since the last run (nothing was read or written). */
  upToDate?: true;
  /** Milliseconds per phase (templates, load, model, emit, write) of a run that did work. */
  timings?: Record<string, number>;
}

function usageError(message: string, file?: string): GeneratorError {
  return new GeneratorError({ severity: "error", code: "usage", message, ...(file ? { location: { file } } : {}) });
}

/** A WSDL's file name (for the banner of its files), and its folder under the output folder. */
interface ServiceFolder {
  fileName: string;
  folder: string;
}

/** Characters no file name may hold on Windows or POSIX, and line breaks (the file name also goes into comments). */
const UNSAFE_NAME_CHARACTERS = /[\u0000-\u001f\u007f\u2028\u2029/\\:*?"<>|]/g;
const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * A name as one folder name that stays inside the output folder on any file system: unsafe characters become
 * `_`, trailing dots and spaces go, a Windows device name (`con`, `nul`…) gets `_`; undefined when nothing is
 * left (``, `.`, `..`).
 */
export function safeFolderName(name: string | undefined): string | undefined {
  const safe = name?.replace(UNSAFE_NAME_CHARACTERS, "_").replace(/[. ]+$/, "");
  if (!safe) return undefined;
  const stem = safe.split(".")[0]!;
  return WINDOWS_DEVICE_NAMES.test(stem) ? `${stem}_${safe.slice(stem.length)}` : safe;
}

/** The file name of a WSDL location: a path's last segment, or the last segment of a URL's path (decoded). */
function locationFileName(wsdl: string): string {
  if (!isUrl(wsdl)) return path.basename(wsdl);
  let last: string;
  try {
    last = new URL(wsdl).pathname.split("/").pop() ?? "";
  } catch {
    return "";
  }
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * A WSDL's folder as far as its location tells: its file name without extension (`Ticket.svc?wsdl` → `Ticket`),
 * made safe; undefined when that leaves nothing (a URL path ending in `/`, a file named `...wsdl`): the folder is
 * then named after the WSDL's service, once it is read.
 */
function folderFromLocation(wsdl: string): string | undefined {
  return safeFolderName(locationFileName(wsdl).replace(/\.[^.]*$/, ""));
}

/** The folder of a WSDL whose location names none: its first `wsdl:service`'s name, else `service`. */
function folderFromModel(model: Model): string {
  return safeFolderName(model.services[0]?.name) ?? "service";
}

/** An error when two WSDLs would share a folder (ignoring case), or one would take the shared types' folder. */
function checkFolders(inputs: WsdlInput[], folders: (string | undefined)[]): void {
  const byName = new Map<string, string>();
  for (const [i, folder] of folders.entries()) {
    if (folder === undefined) continue;
    const wsdl = inputs[i]!.path;
    const previous = byName.get(folder.toLowerCase());
    if (previous) throw usageError(`${wsdl} and ${previous} would both be written to ${folder}/`, wsdl);
    byName.set(folder.toLowerCase(), wsdl);
  }
  if (byName.has(STAGING_FOLDER))
    throw usageError(`a WSDL named ${STAGING_FOLDER} would take wsdlgen's staging folder`, byName.get(STAGING_FOLDER)!);
  if (inputs.length > 1 && byName.has(SHARED_FOLDER)) {
    throw usageError(
      `a WSDL named ${SHARED_FOLDER} would collide with the folder of shared types`,
      byName.get(SHARED_FOLDER)!,
    );
  }
}

/** Generates (and, with `outDir`, writes) the TypeScript for each WSDL. Nothing is written if any input fails. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  if (options.wsdl.length === 0) throw usageError("no WSDL given");
  const run = settleRun(options);
  if (await isRunUpToDate(options, run)) return { files: [], models: [], warnings: [], upToDate: true };
  const sink = new DiagnosticSink();
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round((timings[name] ?? 0) + now - mark);
    mark = now;
  };
  for (const lossy of lossyScalarChoices(run.scalars))
    sink.warn("lossy-mapping", `${lossy}; decode → encode is not byte-exact`);
  if (options.outDir) await checkOutputFolder(options.outDir);
  if (options.emitModel) await checkFileTarget(options.emitModel);
  const locationFolders = run.inputs.map((input) => folderFromLocation(input.path));
  checkFolders(run.inputs, locationFolders);
  const templates = await loadTemplates(options.templates);
  phase("templates");

  const models: Model[] = [];
  // Every document read, with the hash of its bytes, for the run cache (each read once, here).
  const documentHashes = new Map<string, string>();
  for (const input of run.inputs) {
    const started = performance.now();
    const documents = await loadDocuments(input.path, options.load);
    for (const d of documents) documentHashes.set(d.absolute, d.sha256);
    phase("load");
    let model = buildModel(documents, sink, { arrayWrappers: run.arrayWrappers });
    if (input.operations?.length) model = selectOperations(model, input.operations);
    models.push(model);
    phase("model");
    options.onProgress?.({
      wsdl: input.path,
      documents: documents.length,
      operations: model.services.reduce((n, s) => n + (s.ports[0]?.operations.length ?? 0), 0),
      types: model.types.length,
      ms: Math.round(performance.now() - started),
    });
  }

  const folders: ServiceFolder[] = run.inputs.map((input, i) => {
    const folder = locationFolders[i] ?? folderFromModel(models[i]!);
    return { folder, fileName: safeFolderName(locationFileName(input.path)) ?? folder };
  });
  checkFolders(
    run.inputs,
    folders.map((f) => f.folder),
  );
  const typeExpressions = models.map((m) => new TypeExpressions(m, run.scalars));
  const shared = run.sharedTypes ? findSharedTypes(typeExpressions) : new Set<string>();
  const files: OutputFile[] = [];
  if (shared.size) {
    const sources = folders.map((f) => f.fileName);
    files.push({
      path: SHARED_TYPES_FILE,
      contents: await emitSharedTypesFile(typeExpressions, shared, sources, sink),
    });
  }
  for (const [i, { fileName, folder }] of folders.entries()) {
    const serviceFiles = await emitServiceFiles({
      fileName,
      types: typeExpressions[i]!,
      shared,
      templates,
      runtimeImport: run.runtimeImport,
      sink,
    });
    for (const file of serviceFiles) files.push({ path: `${folder}/${file.path}`, contents: file.contents });
  }
  phase("emit");

  const outputFiles = withManifest(files);
  const result: GenerateResult = { files: outputFiles, models, warnings: sink.warnings, timings };
  if (options.outDir) {
    const inputs: DocumentHash[] = [...documentHashes].map(([p, hash]) => ({ path: p, sha256: hash }));
    const update = await updateOutputFolder(options.outDir, outputFiles, {
      check: options.check,
      dependencies: runDependencies(options, run, options.outDir),
      inputs,
    });
    result.warnings.push(...update.warnings);
    if ("check" in update) result.check = update.check;
    else {
      result.report = update.report;
      phase("write");
    }
  }
  if (options.emitModel) {
    const json = JSON.stringify(models.length === 1 ? models[0] : models, null, 2) + "\n";
    await writeFileWhole(options.emitModel, json);
  }
  return result;
}

/** Runs every service of a config file (found like `findConfig` does when not named). */
export async function generateFromConfig(
  options: { config?: string; check?: boolean; force?: boolean; onProgress?: GenerateOptions["onProgress"] } = {},
): Promise<{ configFile: string; runs: (GenerateResult & { outDir: string })[] }> {
  const { configFile, runs } = await configRunOptions(options.config);
  const results: (GenerateResult & { outDir: string })[] = [];
  for (const run of runs) {
    const result = await generate({
      ...run,
      ...(options.check ? { check: true } : {}),
      ...(options.force ? { force: true } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    results.push({ ...result, outDir: run.outDir });
  }
  return { configFile, runs: results };
}
