/**
 * The options of a run, settled: defaults applied, and the form in which they enter the run's fingerprint; a
 * config file's services as such runs; and whether a run would find its output up to date. Light (no parser, no
 * emitter): the CLI's no-op fast path asks the same questions `generate` does.
 */
import path from "node:path";
import { CONFIG_FILES, configRuns, findConfig, loadConfig, type ConfigRun } from "../config.js";
import { GeneratorError } from "../diagnostics.js";
import type { LoadOptions } from "../load/documents.js";
import { isUrl } from "../load/url.js";
import type { ArrayWrappers } from "../model/array-wrappers.js";
import { DEFAULT_SCALARS, type ScalarMapping } from "../model/builtins.js";
import { isUpToDate, type RunDependencies } from "../output/output-folder.js";

export const DEFAULT_RUNTIME_IMPORT = "@wsdlgen/runtime";

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
  /** Module specifier generated code imports the runtime from (default `@wsdlgen/runtime`). */
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
  /**
   * Types whose whole content is one repeated element (Spyne's `stringArray`, …), other than WCF's `ArrayOf…`:
   * `"unwrap"` (default) makes them arrays, `"keep"` keeps the wrapper objects.
   */
  arrayWrappers?: ArrayWrappers;
  /** Called after each WSDL is read (for progress output). */
  onProgress?: (p: { wsdl: string; documents: number; operations: number; types: number; ms: number }) => void;
}

/** A run's options with the defaults applied. */
export interface SettledRun {
  /** The WSDLs, each with the operations to generate when only some are. */
  inputs: WsdlInput[];
  scalars: ScalarMapping;
  runtimeImport: string;
  sharedTypes: boolean;
  arrayWrappers: ArrayWrappers;
}

/** Applies the defaults. */
export function settleRun(options: GenerateOptions): SettledRun {
  return {
    inputs: options.wsdl.map((w) =>
      typeof w === "string"
        ? { path: w, ...(options.operations?.length ? { operations: options.operations } : {}) }
        : w,
    ),
    scalars: { ...DEFAULT_SCALARS, ...options.scalars },
    runtimeImport: options.runtimeImport ?? DEFAULT_RUNTIME_IMPORT,
    sharedTypes: options.sharedTypes !== false,
    arrayWrappers: options.arrayWrappers ?? "unwrap",
  };
}

/**
 * What the output in `outDir` depends on besides the input documents: the options that shape it, in a form that
 * does not depend on where the command runs (paths relative to the output folder), and the template overrides.
 */
export function runDependencies(options: GenerateOptions, run: SettledRun, outDir: string): RunDependencies {
  const rel = (p: string) => (isUrl(p) ? p : path.relative(outDir, p).split(path.sep).join("/"));
  return {
    options: {
      wsdl: run.inputs.map((i) => ({ path: rel(i.path), operations: i.operations ?? null })),
      templates: options.templates ? rel(options.templates) : null,
      runtimeImport: run.runtimeImport,
      scalars: run.scalars,
      load: options.load ?? null,
      sharedTypes: run.sharedTypes,
      arrayWrappers: run.arrayWrappers,
    },
    templates: options.templates,
  };
}

/**
 * True when a run with these options would find its output folder up to date and do nothing (never for runs that
 * check, are forced, dump the model or have no output folder).
 */
export async function isRunUpToDate(options: GenerateOptions, run = settleRun(options)): Promise<boolean> {
  if (!options.outDir || options.check || options.force || options.emitModel) return false;
  return isUpToDate(options.outDir, runDependencies(options, run, options.outDir));
}

/** The config file named, or found from the working directory; an error when there is none. */
function configFileOf(configFile: string | undefined): string {
  const found = configFile ?? findConfig();
  if (found) return found;
  throw new GeneratorError({
    severity: "error",
    code: "config-missing",
    message: `no WSDL given and no ${CONFIG_FILES.join(" / ")} found from ${process.cwd()} up to the project root`,
  });
}

/** A config file's services as runs: one per output folder (see `configRuns`). */
export async function configRunOptions(
  configFile?: string,
): Promise<{ configFile: string; runs: (GenerateOptions & { outDir: string })[] }> {
  const file = configFileOf(configFile);
  const runs = configRuns(await loadConfig(file), file).map((run: ConfigRun) => ({
    wsdl: run.services.map((s) => ({ path: s.wsdl, ...(s.operations ? { operations: s.operations } : {}) })),
    outDir: run.outDir,
    ...(run.templates ? { templates: run.templates } : {}),
    ...(run.runtimeImport ? { runtimeImport: run.runtimeImport } : {}),
    ...(run.scalars ? { scalars: run.scalars } : {}),
    ...(run.load ? { load: run.load } : {}),
    ...(run.arrayWrappers ? { arrayWrappers: run.arrayWrappers } : {}),
    sharedTypes: run.sharedTypes,
  }));
  return { configFile: file, runs };
}
