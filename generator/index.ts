/**
 * The programmatic API. The CLI is a thin layer over it.
 *
 * ```ts
 * import { generate } from "wsdlgen";
 * await generate({ wsdl: ["wsdl/Services88-Ticket.wsdl"], outDir: "generated" });
 * ```
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { DiagnosticSink, GeneratorError, type Diagnostic } from "./diagnostics.js";
import { buildAgentView, groupAgents } from "./emit/agent-view.js";
import { buildMetadata, renderMetadataFile } from "./emit/metadata-file.js";
import { loadTemplates, type Templates } from "./emit/templates.js";
import { TypeContext } from "./emit/type-expressions.js";
import { emitTypesFile } from "./emit/types-file.js";
import { fingerprint, isUpToDate, MANIFEST_FILE, renderManifest, sha256, templateFileHashes, writeRunCache } from "./output/manifest.js";
import { checkOutput, writeOutput, type CheckReport, type OutputFile, type WriteReport } from "./output/write.js";
import { loadDocuments, type LoadOptions } from "./load/documents.js";
import { DEFAULT_SCALARS, lossyScalarChoices, type ScalarMapping } from "./model/builtins.js";
import { buildModel } from "./model/build-model.js";
import type { Model, Port } from "./model/model.js";
import { selectOperations } from "./model/subset.js";
import { toIdentifier } from "./naming/identifiers.js";
import type { ServiceMetadata } from "./runtime/metadata.js";

export type { Diagnostic } from "./diagnostics.js";
export { GeneratorError, formatDiagnostic } from "./diagnostics.js";
export type { Model } from "./model/model.js";
export type { ScalarMapping } from "./model/builtins.js";
export { DEFAULT_SCALARS } from "./model/builtins.js";
export type { CheckReport, OutputFile, WriteReport } from "./output/write.js";

export interface GenerateOptions {
  /** WSDL files (each gets its own folder under `outDir`, named after the file without extension). */
  wsdl: string[];
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
}

export const DEFAULT_RUNTIME_IMPORT = "wsdlgen/runtime";

/** Loads a WSDL and everything it imports, and builds the intermediate model. */
export async function loadModel(wsdl: string, sink = new DiagnosticSink(), load?: LoadOptions): Promise<Model> {
  return buildModel(await loadDocuments(wsdl, load), sink);
}

/**
 * The runtime metadata for a WSDL, built in memory (what `metadata.ts` would hold): for tests, mock servers and
 * tools that drive the runtime codec without generating files.
 */
export async function loadMetadata(wsdl: string, options: { scalars?: Partial<ScalarMapping>; operations?: string[] } = {}): Promise<{ metadata: ServiceMetadata; model: Model; agents: { name: string; defaultPort: string }[] }> {
  let model = await loadModel(wsdl);
  if (options.operations?.length) model = selectOperations(model, options.operations);
  const ctx = new TypeContext(model, { ...DEFAULT_SCALARS, ...options.scalars });
  const ports = portEntries(model);
  const metadata = buildMetadata(ctx, ports, model.services[0]?.name ?? path.basename(wsdl));
  const agents = groupAgents(ports).map((g) => ({ name: `${toIdentifier(g.portType.local)}Agent`, defaultPort: g.ports[0]!.key }));
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
  if (options.wsdl.length === 0) throw new GeneratorError({ severity: "error", code: "usage", message: "no WSDL given" });
  const scalars: ScalarMapping = { ...DEFAULT_SCALARS, ...options.scalars };
  // What the output depends on besides the input documents and templates (paths relative to the output folder).
  const fingerprintOptions = options.outDir ? fingerprintInputs(options, scalars, options.outDir) : undefined;
  if (options.outDir && !options.check && !options.force && !options.emitModel && (await isUpToDate(options.outDir, fingerprintOptions, options.templates))) {
    return { files: [], models: [], warnings: [], upToDate: true };
  }
  const sink = new DiagnosticSink();
  for (const lossy of lossyScalarChoices(scalars)) sink.warn("lossy-mapping", `${lossy}; decode → encode is not byte-exact`);
  const folders = new Map<string, string>();
  for (const wsdl of options.wsdl) {
    const folder = path.basename(wsdl).replace(/\.[^.]*$/, "");
    const previous = folders.get(folder.toLowerCase());
    if (previous) throw new GeneratorError({ severity: "error", code: "usage", message: `${wsdl} and ${previous} would both be written to ${folder}/`, location: { file: wsdl } });
    folders.set(folder.toLowerCase(), wsdl);
  }
  const templates = await loadTemplates(options.templates);
  const files: OutputFile[] = [];
  const models: Model[] = [];
  for (const wsdl of options.wsdl) {
    let model = await loadModel(wsdl, sink, options.load);
    if (options.operations?.length) model = selectOperations(model, options.operations);
    models.push(model);
    const folder = path.basename(wsdl).replace(/\.[^.]*$/, "");
    for (const file of await emitModel(model, { fileName: path.basename(wsdl), scalars, templates, runtimeImport: options.runtimeImport ?? DEFAULT_RUNTIME_IMPORT, sink })) {
      files.push({ path: `${folder}/${file.path}`, contents: file.contents });
    }
  }
  if (options.emitModel) {
    await writeFile(options.emitModel, JSON.stringify(models.length === 1 ? models[0] : models, null, 2) + "\n", "utf8");
  }
  files.push({ path: MANIFEST_FILE, contents: renderManifest(files.map((f) => f.path)) });
  const result: GenerateResult = { files, models, warnings: sink.warnings };
  if (!options.outDir) return result;
  if (options.check) {
    result.check = await checkOutput(options.outDir, files);
    return result;
  }
  result.report = await writeOutput(options.outDir, files);
  const inputs = await inputHashes(models);
  await writeRunCache(options.outDir, {
    fingerprint: await fingerprint(fingerprintOptions, inputs, await templateFileHashes(options.templates)),
    inputs,
    files: Object.fromEntries(files.map((f) => [f.path, sha256(f.contents)])),
  });
  return result;
}

/** The options that shape the output, in a form that does not depend on where the command runs. */
function fingerprintInputs(options: GenerateOptions, scalars: ScalarMapping, outDir: string): unknown {
  const rel = (p: string) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(p) ? p : path.relative(outDir, p).split(path.sep).join("/"));
  return {
    wsdl: options.wsdl.map(rel),
    templates: options.templates ? rel(options.templates) : null,
    runtimeImport: options.runtimeImport ?? DEFAULT_RUNTIME_IMPORT,
    scalars,
    operations: options.operations ?? null,
    load: options.load ?? null,
  };
}

/** The documents the models were read from, with the sha256 of their current content. */
async function inputHashes(models: Model[]): Promise<{ path: string; sha256: string }[]> {
  const seen = new Set<string>();
  const out: { path: string; sha256: string }[] = [];
  for (const doc of models.flatMap((m) => m.documents)) {
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(doc);
    const key = isUrl ? doc : path.resolve(doc);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: key, sha256: isUrl ? "" : sha256(await readFile(key)) });
  }
  return out;
}

interface EmitContext {
  fileName: string;
  scalars: ScalarMapping;
  templates: Templates;
  runtimeImport: string;
  sink: DiagnosticSink;
}

/** The files for one model: `types.ts`, `metadata.ts`, one `<Agent>.ts` per portType, `index.ts`. */
export async function emitModel(model: Model, ec: EmitContext): Promise<OutputFile[]> {
  const banner = `// Generated by wsdlgen from ${ec.fileName}. Do not edit: change the WSDL or the options and regenerate.`;
  const ctx = new TypeContext(model, ec.scalars);
  const ports = portEntries(model);
  const files: OutputFile[] = [];
  files.push({ path: "types.ts", contents: await emitTypesFile(ctx, banner, ec.sink) });
  const serviceName = model.services[0]?.name ?? ec.fileName;
  files.push({ path: "metadata.ts", contents: renderMetadataFile(buildMetadata(ctx, ports, serviceName), banner, ec.runtimeImport) });
  const taken = new Set([...ctx.names.values(), "metadata"]);
  const agents: string[] = [];
  for (const group of groupAgents(ports)) {
    const view = buildAgentView(ctx, group, banner, ec.runtimeImport, taken, ec.sink);
    files.push({ path: `${view.fileBase}.ts`, contents: ec.templates.render("agent", view) });
    agents.push(view.fileBase);
  }
  files.push({ path: "index.ts", contents: ec.templates.render("index", { banner, agents }) });
  return files;
}
