/**
 * The pipeline for a set of WSDLs: load → model → emit → output. Each WSDL is loaded and read into a model; the
 * types several of them declare identically are found; each service's files are emitted (and `shared/types.ts`);
 * then the output stage writes or checks them. A run whose output is up to date stops before all of that.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { DiagnosticSink, GeneratorError, type Diagnostic } from "../diagnostics.js";
import { emitServiceFiles } from "../emit/service-files.js";
import { emitSharedTypesFile, findSharedTypes, SHARED_FOLDER, SHARED_TYPES_FILE } from "../emit/shared-types.js";
import { loadTemplates } from "../emit/templates.js";
import { TypeExpressions } from "../emit/type-expressions.js";
import { loadDocuments } from "../load/documents.js";
import { buildModel } from "../wsdl/build-model.js";
import { lossyScalarChoices } from "../model/builtins.js";
import type { Model } from "../model/model.js";
import { selectOperations } from "../model/subset.js";
import {
  updateOutputFolder,
  withManifest,
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

/** A WSDL's file name (without query), and its folder under the output folder: the file name without extension. */
interface ServiceFolder {
  fileName: string;
  folder: string;
}

/** Each WSDL's folder; an error when two WSDLs would share one, or one would take the shared types' folder. */
function serviceFolders(inputs: WsdlInput[]): ServiceFolder[] {
  const folders = inputs.map(({ path: wsdl }) => {
    const fileName = path.basename(wsdl.replace(/[?#].*$/, "")) || "service";
    return { fileName, folder: fileName.replace(/\.[^.]*$/, "") };
  });
  const byName = new Map<string, string>();
  for (const [i, { folder }] of folders.entries()) {
    const wsdl = inputs[i]!.path;
    const previous = byName.get(folder.toLowerCase());
    if (previous) throw usageError(`${wsdl} and ${previous} would both be written to ${folder}/`, wsdl);
    byName.set(folder.toLowerCase(), wsdl);
  }
  if (inputs.length > 1 && byName.has(SHARED_FOLDER)) {
    throw usageError(
      `a WSDL named ${SHARED_FOLDER} would collide with the folder of shared types`,
      byName.get(SHARED_FOLDER)!,
    );
  }
  return folders;
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
  const folders = serviceFolders(run.inputs);
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
  if (options.emitModel) {
    const json = JSON.stringify(models.length === 1 ? models[0] : models, null, 2) + "\n";
    await writeFile(options.emitModel, json, "utf8");
  }
  phase("emit");

  const outputFiles = withManifest(files);
  const result: GenerateResult = { files: outputFiles, models, warnings: sink.warnings, timings };
  if (!options.outDir) return result;
  const inputs: DocumentHash[] = [...documentHashes].map(([p, hash]) => ({ path: p, sha256: hash }));
  const update = await updateOutputFolder(options.outDir, outputFiles, {
    check: options.check,
    dependencies: runDependencies(options, run, options.outDir),
    inputs,
  });
  if ("check" in update) result.check = update.check;
  else {
    result.report = update.report;
    phase("write");
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
