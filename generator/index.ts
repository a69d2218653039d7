/**
 * The programmatic API. The CLI is a thin layer over it.
 *
 * ```ts
 * import { generate } from "wsdlgen";
 * await generate({ wsdl: ["wsdl/Services88-Ticket.wsdl"], outDir: "generated" });
 * ```
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { CONFIG_FILES, configRuns, findConfig, loadConfig } from "./config.js";
import { DiagnosticSink, GeneratorError, type Diagnostic } from "./diagnostics.js";
import { buildAgentView, groupAgents } from "./emit/agent-view.js";
import { buildMetadata, renderMetadataFile } from "./emit/metadata-file.js";
import { loadTemplates, type Templates } from "./emit/templates.js";
import { findSharedTypes, SHARED_FOLDER, sharedTypeLines } from "./emit/shared-types.js";
import { TypeExpressions } from "./emit/type-expressions.js";
import { emitTypesFile } from "./emit/types-file.js";
import {
  DEFAULT_RUNTIME_IMPORT,
  fingerprint,
  fingerprintOptionsOf,
  isUpToDate,
  MANIFEST_FILE,
  renderManifest,
  sha256,
  templateFileHashes,
  writeRunCache,
} from "./output/manifest.js";
import { checkOutput, writeOutput, type CheckReport, type OutputFile, type WriteReport } from "./output/write.js";
import { loadDocuments, type LoadOptions } from "./load/documents.js";
import { DEFAULT_SCALARS, lossyScalarChoices, type ScalarMapping } from "./model/builtins.js";
import { buildModel } from "./wsdl/build-model.js";
import type { Model, Port } from "./model/model.js";
import { selectOperations } from "./model/subset.js";
import { toIdentifier } from "./naming/identifiers.js";
import { qnameKey } from "./model/qname.js";
import type { ServiceMetadata } from "./runtime/metadata.js";

export type { Diagnostic } from "./diagnostics.js";
export { defineConfig, findConfig, loadConfig, type ServiceConfig, type WsdlgenConfig } from "./config.js";
export { diff, diffModels, formatDiff, type ApiChange, type ApiDiff } from "./diff/api-diff.js";
export { GeneratorError, formatDiagnostic } from "./diagnostics.js";
export type { Model } from "./model/model.js";
export type { ScalarMapping } from "./model/builtins.js";
export { DEFAULT_SCALARS } from "./model/builtins.js";
export type { CheckReport, OutputFile, WriteReport } from "./output/write.js";

/** A WSDL with options of its own. */
export interface WsdlInput {
  path: string;
  /** Only these operations (overrides `GenerateOptions.operations`). */
  operations?: string[];
}

export interface GenerateOptions {
  /** WSDL files (each gets its own folder under `outDir`, named after the file without extension). */
  wsdl: (string | WsdlInput)[];
  /** Where to write; when omitted, files are returned but not written. */
  outDir?: string;
  /** A folder of `.hbs` files that replace the default templates of the same name. */
  templates?: string;
  /** Writes the intermediate model(s) as JSON to this file. */
  emitModel?: string;
  /** Module specifier generated code imports the runtime from (default `wsdlgen/runtime`). */
  runtimeImport?: string;
  /** TypeScript representations of lossy-prone built-ins (defaults: all lossless strings). */
  scalars?: Partial<ScalarMapping>;
  /** Generate only these operations and the types they reach. */
  operations?: string[];
  /** Document loading: offline mode, location/namespace map, limits (see `LoadOptions`). */
  load?: LoadOptions;
  /** Write nothing; report stale, missing and extra files in `result.check`. */
  check?: boolean;
  /** Regenerate even when nothing changed since the last run. */
  force?: boolean;
  /** With several WSDLs: emit types they declare identically once, in `shared/types.ts` (default true). */
  sharedTypes?: boolean;
  /** Called after each WSDL is read (for progress output). */
  onProgress?: (p: { wsdl: string; documents: number; operations: number; types: number; ms: number }) => void;
}

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

export { DEFAULT_RUNTIME_IMPORT } from "./output/manifest.js";

/** Loads a WSDL and everything it imports, and builds the intermediate model. */
export async function loadModel(wsdl: string, sink = new DiagnosticSink(), load?: LoadOptions): Promise<Model> {
  return buildModel(await loadDocuments(wsdl, load), sink);
}

/**
 * The runtime metadata for a WSDL, built in memory (what `metadata.ts` would hold): for tests, mock servers and
 * tools that drive the runtime codec without generating files.
 */
export async function loadMetadata(
  wsdl: string,
  options: { scalars?: Partial<ScalarMapping>; operations?: string[] } = {},
): Promise<{ metadata: ServiceMetadata; model: Model; agents: { name: string; defaultPort: string }[] }> {
  let model = await loadModel(wsdl);
  if (options.operations?.length) model = selectOperations(model, options.operations);
  const ctx = new TypeExpressions(model, { ...DEFAULT_SCALARS, ...options.scalars });
  const ports = portEntries(model);
  const metadata = buildMetadata(ctx, ports, model.services[0]?.name ?? path.basename(wsdl));
  const agents = groupAgents(ports).map((g) => ({
    name: `${toIdentifier(g.portType.local)}Agent`,
    defaultPort: g.ports[0]!.key,
  }));
  return { metadata, model, agents };
}

/** The ports of all services, keyed by port name (service-qualified when two services reuse one). */
function portEntries(model: Model): { key: string; port: Port }[] {
  const ports: { key: string; port: Port }[] = [];
  const portKeys = new Set<string>();
  for (const service of model.services) {
    for (const port of service.ports) {
      const key = portKeys.has(port.name) ? `${service.name}.${port.name}` : port.name;
      portKeys.add(key);
      ports.push({ key, port });
    }
  }
  return ports;
}

/** Generates (and, with `outDir`, writes) the TypeScript for each WSDL. Nothing is written if any input fails. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  if (options.wsdl.length === 0)
    throw new GeneratorError({ severity: "error", code: "usage", message: "no WSDL given" });
  const inputs: WsdlInput[] = options.wsdl.map((w) =>
    typeof w === "string" ? { path: w, ...(options.operations?.length ? { operations: options.operations } : {}) } : w,
  );
  const scalars: ScalarMapping = { ...DEFAULT_SCALARS, ...options.scalars };
  // What the output depends on besides the input documents and templates (paths relative to the output folder).
  const fingerprintOptions = options.outDir
    ? fingerprintOptionsOf({
        inputs,
        templates: options.templates,
        runtimeImport: options.runtimeImport ?? DEFAULT_RUNTIME_IMPORT,
        scalars,
        load: options.load,
        sharedTypes: options.sharedTypes !== false,
        outDir: options.outDir,
      })
    : undefined;
  if (
    options.outDir &&
    !options.check &&
    !options.force &&
    !options.emitModel &&
    (await isUpToDate(options.outDir, fingerprintOptions, options.templates))
  ) {
    return { files: [], models: [], warnings: [], upToDate: true };
  }
  const sink = new DiagnosticSink();
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round((timings[name] ?? 0) + now - mark);
    mark = now;
  };
  for (const lossy of lossyScalarChoices(scalars))
    sink.warn("lossy-mapping", `${lossy}; decode → encode is not byte-exact`);
  const folders = new Map<string, string>();
  for (const { path: wsdl } of inputs) {
    const folder = folderOf(wsdl);
    const previous = folders.get(folder.toLowerCase());
    if (previous)
      throw new GeneratorError({
        severity: "error",
        code: "usage",
        message: `${wsdl} and ${previous} would both be written to ${folder}/`,
        location: { file: wsdl },
      });
    folders.set(folder.toLowerCase(), wsdl);
  }
  if (inputs.length > 1 && folders.has(SHARED_FOLDER)) {
    throw new GeneratorError({
      severity: "error",
      code: "usage",
      message: `a WSDL named ${SHARED_FOLDER} would collide with the folder of shared types`,
      location: { file: folders.get(SHARED_FOLDER)! },
    });
  }
  const templates = await loadTemplates(options.templates);
  phase("templates");
  const runtimeImport = options.runtimeImport ?? DEFAULT_RUNTIME_IMPORT;
  const files: OutputFile[] = [];
  const models: Model[] = [];
  // Every document read, with the hash of its bytes, for the run cache (each read once, here).
  const documentHashes = new Map<string, string>();
  for (const input of inputs) {
    const started = performance.now();
    const documents = await loadDocuments(input.path, options.load);
    for (const d of documents) documentHashes.set(d.absolute, d.sha256);
    phase("load");
    let model = buildModel(documents, sink);
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
  const contexts = models.map((m) => new TypeExpressions(m, scalars));
  const shared = options.sharedTypes === false ? new Set<string>() : findSharedTypes(contexts);
  if (shared.size) {
    const sources = inputs.map((w) => fileNameOf(w.path)).join(", ");
    files.push({
      path: `${SHARED_FOLDER}/types.ts`,
      contents: await emitSharedTypes(
        contexts,
        shared,
        `// Generated by wsdlgen: the types ${sources} share. Do not edit: change the WSDLs or the options and regenerate.`,
        sink,
      ),
    });
  }
  for (const [i, { path: wsdl }] of inputs.entries()) {
    const folder = folderOf(wsdl);
    for (const file of await emitModel(models[i]!, {
      fileName: fileNameOf(wsdl),
      scalars,
      templates,
      runtimeImport,
      sink,
      ctx: contexts[i]!,
      shared,
    })) {
      files.push({ path: `${folder}/${file.path}`, contents: file.contents });
    }
  }
  if (options.emitModel) {
    await writeFile(
      options.emitModel,
      JSON.stringify(models.length === 1 ? models[0] : models, null, 2) + "\n",
      "utf8",
    );
  }
  phase("emit");
  files.push({ path: MANIFEST_FILE, contents: renderManifest(files.map((f) => f.path)) });
  const result: GenerateResult = { files, models, warnings: sink.warnings, timings };
  if (!options.outDir) return result;
  if (options.check) {
    result.check = await checkOutput(options.outDir, files);
    return result;
  }
  result.report = await writeOutput(options.outDir, files);
  phase("write");
  const documents = [...documentHashes].map(([p, hash]) => ({ path: p, sha256: hash }));
  await writeRunCache(options.outDir, {
    fingerprint: await fingerprint(fingerprintOptions, documents, await templateFileHashes(options.templates)),
    inputs: documents,
    files: Object.fromEntries(files.map((f) => [f.path, sha256(f.contents)])),
  });
  return result;
}

/** The file name of a WSDL path or URL (without query), and the output folder it gets. */
function fileNameOf(wsdl: string): string {
  return path.basename(wsdl.replace(/[?#].*$/, "")) || "service";
}
function folderOf(wsdl: string): string {
  return fileNameOf(wsdl).replace(/\.[^.]*$/, "");
}

/** Runs every service of a config file (found like `findConfig` does when not named). */
export async function generateFromConfig(
  options: { config?: string; check?: boolean; force?: boolean; onProgress?: GenerateOptions["onProgress"] } = {},
): Promise<{ configFile: string; runs: (GenerateResult & { outDir: string })[] }> {
  const configFile = options.config ?? findConfig();
  if (!configFile) {
    throw new GeneratorError({
      severity: "error",
      code: "config-missing",
      message: `no WSDL given and no ${CONFIG_FILES.join(" / ")} found from ${process.cwd()} up to the project root`,
    });
  }
  const config = await loadConfig(configFile);
  const runs: (GenerateResult & { outDir: string })[] = [];
  for (const run of configRuns(config, configFile)) {
    const result = await generate({
      wsdl: run.services.map((s) => ({ path: s.wsdl, ...(s.operations ? { operations: s.operations } : {}) })),
      outDir: run.outDir,
      ...(run.templates ? { templates: run.templates } : {}),
      ...(run.runtimeImport ? { runtimeImport: run.runtimeImport } : {}),
      ...(run.scalars ? { scalars: run.scalars } : {}),
      ...(run.load ? { load: run.load } : {}),
      sharedTypes: run.sharedTypes,
      ...(options.check ? { check: true } : {}),
      ...(options.force ? { force: true } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    runs.push({ ...result, outDir: run.outDir });
  }
  return { configFile, runs };
}

/** Like `generate` with `check: true`: writes nothing and reports how the output folder differs. */
export async function check(options: Omit<GenerateOptions, "check">): Promise<CheckReport> {
  return (await generate({ ...options, check: true })).check ?? { stale: [], missing: [], extra: [] };
}

interface EmitContext {
  fileName: string;
  scalars: ScalarMapping;
  templates: Templates;
  runtimeImport: string;
  sink: DiagnosticSink;
  /** The model's type context, when the caller already built it. */
  ctx?: TypeExpressions;
  /** QName keys of types emitted in `../shared/types.ts` instead of this model's `types.ts`. */
  shared?: Set<string>;
}

/** A service's `types.ts`: its own types, plus re-exports (and the imports its declarations need) of shared ones. */
async function emitServiceTypes(
  ctx: TypeExpressions,
  banner: string,
  shared: Set<string>,
  sink: DiagnosticSink,
): Promise<string> {
  const from = `../${SHARED_FOLDER}/types.js`;
  const lines = sharedTypeLines(ctx, shared, from);
  if (lines.length === 0) return emitTypesFile(ctx, banner, sink);
  const own: Model = { ...ctx.model, types: ctx.model.types.filter((t) => !shared.has(qnameKey(t.name))) };
  const text = await emitTypesFile(new TypeExpressions(own, ctx.scalars, ctx.names.byKey, [ctx]), banner, sink);
  // Import the shared names the declarations use (comments and strings aside).
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
  const sharedNames = ctx.model.types
    .filter((t) => shared.has(qnameKey(t.name)))
    .map((t) => ctx.names.tsName(t.name))
    .sort();
  const used = sharedNames.filter((n) => new RegExp(`(^|[^\\w$])${n.replace(/\$/g, "\\$")}($|[^\\w$])`).test(code));
  const imports = used.length ? [`import type { ${used.join(", ")} } from "${from}";`] : [];
  const [first, ...rest] = text.split("\n");
  return [first, ...imports, ...lines, ...rest].join("\n");
}

/** `shared/types.ts`: each shared type once, with the name and definition every service gives it. */
async function emitSharedTypes(
  contexts: TypeExpressions[],
  shared: Set<string>,
  banner: string,
  sink: DiagnosticSink,
): Promise<string> {
  const types = new Map<string, Model["types"][number]>();
  const names = new Map<string, string>();
  for (const ctx of contexts) {
    for (const t of ctx.model.types) {
      const key = qnameKey(t.name);
      if (shared.has(key) && !types.has(key)) {
        types.set(key, t);
        names.set(key, ctx.names.tsName(t.name));
      }
    }
  }
  const first = contexts[0]!;
  const model: Model = { ...first.model, types: [...types.values()] };
  return emitTypesFile(new TypeExpressions(model, first.scalars, names, contexts), banner, sink);
}

/** The files for one model: `types.ts`, `metadata.ts`, one `<Agent>.ts` per portType, `index.ts`. */
export async function emitModel(model: Model, ec: EmitContext): Promise<OutputFile[]> {
  const banner = `// Generated by wsdlgen from ${ec.fileName}. Do not edit: change the WSDL or the options and regenerate.`;
  const ctx = ec.ctx ?? new TypeExpressions(model, ec.scalars);
  const ports = portEntries(model);
  const files: OutputFile[] = [];
  files.push({ path: "types.ts", contents: await emitServiceTypes(ctx, banner, ec.shared ?? new Set(), ec.sink) });
  const serviceName = model.services[0]?.name ?? ec.fileName;
  files.push({
    path: "metadata.ts",
    contents: renderMetadataFile(buildMetadata(ctx, ports, serviceName), banner, ec.runtimeImport),
  });
  const taken = new Set([...ctx.names.byKey.values(), "metadata"]);
  const agents: string[] = [];
  for (const group of groupAgents(ports)) {
    const view = buildAgentView(ctx, group, banner, ec.runtimeImport, taken, ec.sink);
    files.push({ path: `${view.fileBase}.ts`, contents: ec.templates.render("agent", view) });
    agents.push(view.fileBase);
  }
  files.push({ path: "index.ts", contents: ec.templates.render("index", { banner, agents }) });
  return files;
}
