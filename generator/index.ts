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
import { DiagnosticSink, GeneratorError, type Diagnostic } from "./diagnostics.js";
import { buildAgentView, groupAgents } from "./emit/agent-view.js";
import { buildMetadata, renderMetadataFile } from "./emit/metadata-file.js";
import { loadTemplates, type Templates } from "./emit/templates.js";
import { TypeContext } from "./emit/type-expressions.js";
import { emitTypesFile } from "./emit/types-file.js";
import { writeOutput, type OutputFile, type WriteReport } from "./emit/write.js";
import { loadDocuments } from "./load/documents.js";
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
export type { OutputFile, WriteReport } from "./emit/write.js";

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
}

export interface GenerateResult {
  files: OutputFile[];
  models: Model[];
  warnings: Diagnostic[];
  /** Present when `outDir` was given. */
  report?: WriteReport;
}

export const DEFAULT_RUNTIME_IMPORT = "wsdlgen/runtime";

/** Loads a WSDL and everything it imports, and builds the intermediate model. */
export async function loadModel(wsdl: string, sink = new DiagnosticSink()): Promise<Model> {
  return buildModel(await loadDocuments(wsdl), sink);
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
  const sink = new DiagnosticSink();
  const scalars: ScalarMapping = { ...DEFAULT_SCALARS, ...options.scalars };
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
    let model = await loadModel(wsdl, sink);
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
  const result: GenerateResult = { files, models, warnings: sink.warnings };
  if (options.outDir) result.report = await writeOutput(options.outDir, files);
  return result;
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
