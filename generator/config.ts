/**
 * The config file: `wsdlgen.config.json` (or `.mjs`/`.js` exporting the config as default), looked up from the
 * working directory upwards to the project root (the first folder with a package.json), or named with
 * `--config`. It lists services; services that share an output folder and options are generated in one run,
 * so the types they declare identically are emitted once (`shared/types.ts`). Paths are relative to the config
 * file. A `.ts` config needs a Node.js that runs TypeScript (22.6+ with type stripping); on Node 20 use `.mjs`
 * with `/** @type {import("wsdlgen").WsdlgenConfig} *\/`.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { GeneratorError } from "./diagnostics.js";
import type { LoadOptions } from "./load/documents.js";
import { isUrl } from "./load/url.js";
import { ARRAY_WRAPPER_CHOICES, type ArrayWrappers } from "./model/array-wrappers.js";
import type { ScalarMapping } from "./model/builtins.js";

export const CONFIG_FILES = ["wsdlgen.config.json", "wsdlgen.config.mjs", "wsdlgen.config.js", "wsdlgen.config.ts"];

/** Options every service may set, and the config may set for all. */
export interface SharedServiceOptions {
  /** Output folder; each WSDL is written to `<outDir>/<file name>/`. */
  outDir?: string;
  /** Folder of `.hbs` files replacing the default templates of the same name. */
  templates?: string;
  /** Module generated code imports the runtime from (default `@wsdlgen/runtime`). */
  runtimeImport?: string;
  /** TypeScript representations of lossy-prone built-ins. */
  scalars?: Partial<ScalarMapping>;
  /** Document loading (offline mode, map, limits). */
  load?: LoadOptions;
  /** Types whose whole content is one repeated element, other than WCF's `ArrayOf…`: arrays (default) or objects. */
  arrayWrappers?: ArrayWrappers;
}

export interface ServiceConfig extends SharedServiceOptions {
  /** The WSDL: a path relative to the config file, or a URL. */
  wsdl: string;
  /** Only these operations, with only the types they reach. */
  operations?: string[];
}

export interface WsdlgenConfig extends SharedServiceOptions {
  services: ServiceConfig[];
  /** Emit types that services in one output folder declare identically once (default true). */
  sharedTypes?: boolean;
}

/** Identity function that gives a `.mjs` config its type. */
export function defineConfig(config: WsdlgenConfig): WsdlgenConfig {
  return config;
}

/** The config file for `cwd`: the nearest one upwards, not beyond the first folder holding a package.json. */
export function findConfig(cwd = process.cwd()): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of CONFIG_FILES) if (existsSync(path.join(dir, name))) return path.join(dir, name);
    if (existsSync(path.join(dir, "package.json")) || path.dirname(dir) === dir) return undefined;
  }
}

function fail(file: string, message: string, construct?: string): never {
  throw new GeneratorError({
    severity: "error",
    code: "config-invalid",
    message,
    ...(construct ? { construct } : {}),
    location: { file },
  });
}

export async function loadConfig(file: string): Promise<WsdlgenConfig> {
  let raw: unknown;
  if (file.endsWith(".json")) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (e) {
      return fail(file, `cannot read the config: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return fail(file, `the config is not valid JSON: ${(e as Error).message}`);
    }
  } else {
    try {
      raw = ((await import(pathToFileURL(path.resolve(file)).href)) as { default?: unknown }).default;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ERR_UNKNOWN_FILE_EXTENSION")
        return fail(file, "this Node.js cannot load a .ts config; use wsdlgen.config.mjs or .json");
      return fail(file, `cannot load the config: ${(e as Error).message}`);
    }
    // A module's export can be anything (getters that throw, proxies, functions): read it once as plain data.
    try {
      raw = raw === undefined ? undefined : JSON.parse(JSON.stringify(raw));
    } catch (e) {
      return fail(file, `the config's default export is not plain data: ${(e as Error).message}`);
    }
  }
  return validateConfig(raw, file);
}

/** The representations each scalar option admits (here and on the command line). */
export const SCALAR_CHOICES = {
  integer: ["string", "bigint", "number"],
  decimal: ["string", "number"],
  dateTime: ["string", "Date"],
  date: ["string", "Date"],
  binary: ["string", "Uint8Array"],
} as const satisfies { [K in keyof ScalarMapping]: readonly ScalarMapping[K][] };

function validateShared(value: Record<string, unknown>, file: string, where: string): void {
  for (const key of ["outDir", "templates", "runtimeImport"]) {
    if (value[key] !== undefined && typeof value[key] !== "string")
      fail(file, `${where}${key} must be a string`, `${where}${key}`);
  }
  if (value.scalars !== undefined) {
    if (typeof value.scalars !== "object" || value.scalars === null)
      fail(file, `${where}scalars must be an object`, `${where}scalars`);
    for (const [k, v] of Object.entries(value.scalars)) {
      const choices: readonly string[] | undefined = Object.hasOwn(SCALAR_CHOICES, k)
        ? SCALAR_CHOICES[k as keyof ScalarMapping]
        : undefined;
      if (!choices)
        fail(
          file,
          `${where}scalars.${k} is not a scalar option (${Object.keys(SCALAR_CHOICES).join(", ")})`,
          `${where}scalars.${k}`,
        );
      if (!choices.includes(v as string))
        fail(file, `${where}scalars.${k} must be one of ${choices.join(", ")}`, `${where}scalars.${k}`);
    }
  }
  if (value.load !== undefined) validateLoad(value.load, file, `${where}load`);
  if (value.arrayWrappers !== undefined && !ARRAY_WRAPPER_CHOICES.includes(value.arrayWrappers as ArrayWrappers))
    fail(file, `${where}arrayWrappers must be one of ${ARRAY_WRAPPER_CHOICES.join(", ")}`, `${where}arrayWrappers`);
}

/** `load`: the loader's options, each of its type (a typo or a string where a number goes is an error, not ignored). */
function validateLoad(load: unknown, file: string, where: string): void {
  if (typeof load !== "object" || load === null || Array.isArray(load)) fail(file, `${where} must be an object`, where);
  for (const [key, value] of Object.entries(load)) {
    const at = `${where}.${key}`;
    if (key === "offline") {
      if (typeof value !== "boolean") fail(file, `${at} must be true or false`, at);
    } else if (key === "timeoutMs" || key === "maxDocuments" || key === "maxDocumentBytes") {
      if (!Number.isSafeInteger(value) || (value as number) <= 0)
        fail(file, `${at} must be a whole number above 0`, at);
    } else if (key === "map") {
      if (typeof value !== "object" || value === null || Array.isArray(value))
        fail(file, `${at} must be an object of URL or namespace → file`, at);
      for (const [k, v] of Object.entries(value))
        if (typeof v !== "string" || v === "") fail(file, `${at}["${k}"] must name a file or folder`, at);
    } else
      fail(file, `unknown option "${key}" in ${where} (offline, map, timeoutMs, maxDocuments, maxDocumentBytes)`, at);
  }
}

export function validateConfig(raw: unknown, file: string): WsdlgenConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return fail(file, "the config must be an object with a services array");
  const config = raw as Record<string, unknown>;
  const known = new Set([
    "$schema",
    "services",
    "sharedTypes",
    "outDir",
    "templates",
    "runtimeImport",
    "scalars",
    "load",
    "arrayWrappers",
  ]);
  for (const key of Object.keys(config)) if (!known.has(key)) fail(file, `unknown option "${key}"`, key);
  validateShared(config, file, "");
  if (config.sharedTypes !== undefined && typeof config.sharedTypes !== "boolean")
    fail(file, "sharedTypes must be true or false", "sharedTypes");
  if (!Array.isArray(config.services) || config.services.length === 0)
    fail(file, "services must be a non-empty array", "services");
  const serviceKeys = new Set([
    "wsdl",
    "operations",
    "outDir",
    "templates",
    "runtimeImport",
    "scalars",
    "load",
    "arrayWrappers",
  ]);
  config.services.forEach((service: unknown, i) => {
    const where = `services[${i}].`;
    if (typeof service !== "object" || service === null)
      fail(file, `services[${i}] must be an object`, `services[${i}]`);
    const s = service as Record<string, unknown>;
    for (const key of Object.keys(s))
      if (!serviceKeys.has(key)) fail(file, `unknown option "${key}" in services[${i}]`, `${where}${key}`);
    if (typeof s.wsdl !== "string" || s.wsdl === "")
      fail(file, `${where}wsdl must name a WSDL file or URL`, `${where}wsdl`);
    if (
      s.operations !== undefined &&
      (!Array.isArray(s.operations) || !s.operations.length || s.operations.some((o) => typeof o !== "string" || !o))
    ) {
      fail(
        file,
        `${where}operations must be a non-empty array of operation names (leave it out for all)`,
        `${where}operations`,
      );
    }
    validateShared(s, file, where);
    if ((s.outDir ?? config.outDir) === undefined)
      fail(file, `${where}outDir is not set, and the config has no outDir either`, `${where}outDir`);
  });
  return config as unknown as WsdlgenConfig;
}

/** One generator run: services that share an output folder and options. */
export interface ConfigRun {
  outDir: string;
  templates?: string;
  runtimeImport?: string;
  scalars?: Partial<ScalarMapping>;
  load?: LoadOptions;
  arrayWrappers?: ArrayWrappers;
  sharedTypes: boolean;
  services: { wsdl: string; operations?: string[] }[];
}

/** A config's `load.map` values are files relative to the config file. */
function resolveMap(load: LoadOptions, resolve: (p: string | undefined) => string | undefined): LoadOptions {
  if (!load.map) return load;
  return { ...load, map: Object.fromEntries(Object.entries(load.map).map(([k, v]) => [k, resolve(v)!])) };
}

/** Groups a config's services into runs, with paths resolved against the config file's folder. */
export function configRuns(config: WsdlgenConfig, configFile: string): ConfigRun[] {
  const base = path.dirname(path.resolve(configFile));
  const resolve = (p: string | undefined) => (p === undefined || isUrl(p) ? p : path.resolve(base, p));
  const runs = new Map<string, ConfigRun>();
  for (const s of config.services) {
    const options = {
      outDir: resolve(s.outDir ?? config.outDir)!,
      templates: resolve(s.templates ?? config.templates),
      runtimeImport: s.runtimeImport ?? config.runtimeImport,
      scalars: { ...config.scalars, ...s.scalars },
      load: config.load || s.load ? resolveMap({ ...config.load, ...s.load }, resolve) : undefined,
      arrayWrappers: s.arrayWrappers ?? config.arrayWrappers,
    };
    const key = JSON.stringify(options);
    let run = runs.get(key);
    if (!run) {
      run = { ...options, sharedTypes: config.sharedTypes !== false, services: [] } as ConfigRun;
      for (const k of Object.keys(run) as (keyof ConfigRun)[]) if (run[k] === undefined) delete run[k];
      runs.set(key, run);
    }
    run.services.push({ wsdl: resolve(s.wsdl)!, ...(s.operations ? { operations: s.operations } : {}) });
  }
  const byOut = new Map<string, number>();
  for (const run of runs.values()) byOut.set(run.outDir, (byOut.get(run.outDir) ?? 0) + 1);
  for (const [out, n] of byOut)
    if (n > 1)
      fail(
        configFile,
        `services writing to ${out} use different options; give them different output folders`,
        "outDir",
      );
  return [...runs.values()];
}
