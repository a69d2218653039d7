/**
 * The options of a run, settled: defaults applied, and the form in which they enter the run's fingerprint.
 * Light (no parser, no emitter): the CLI's no-op fast path uses it too, so both compute the same fingerprint.
 */
import path from "node:path";
import { isUrl } from "../load/url.js";

export const DEFAULT_RUNTIME_IMPORT = "wsdlgen/runtime";

/**
 * The options that shape a run's output, in a form that does not depend on where the command runs (paths
 * relative to the output folder).
 */
export function fingerprintOptionsOf(o: {
  inputs: { path: string; operations?: string[] }[];
  templates?: string | undefined;
  runtimeImport: string;
  scalars: object;
  load?: object | undefined;
  sharedTypes: boolean;
  outDir: string;
}): unknown {
  const rel = (p: string) => (isUrl(p) ? p : path.relative(o.outDir, p).split(path.sep).join("/"));
  return {
    wsdl: o.inputs.map((i) => ({ path: rel(i.path), operations: i.operations ?? null })),
    templates: o.templates ? rel(o.templates) : null,
    runtimeImport: o.runtimeImport,
    scalars: o.scalars,
    load: o.load ?? null,
    sharedTypes: o.sharedTypes,
  };
}
