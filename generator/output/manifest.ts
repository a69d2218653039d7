/**
 * Two records of a run:
 * - the manifest, `.wsdlgen-manifest.json` in the output folder: the files the run wrote. The next run removes
 *   files it lists that are no longer produced, and `--check` reports them. It holds no paths outside the folder,
 *   times or versions, so it is as deterministic as the generated files and is committed with them.
 * - the run cache, under `node_modules/.cache/wsdlgen/` (or the OS temp folder): a fingerprint of everything the
 *   output depends on — the content of every input document, the options, the templates and the generator's own
 *   code — and the hashes of the files written. A later run whose fingerprint and files are unchanged has nothing
 *   to do and stops before parsing anything or loading the TypeScript emitter.
 *
 * This module is deliberately light (node:crypto, node:fs): it is all a no-op run loads.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isUrl } from "../load/url.js";

export const MANIFEST_FILE = ".wsdlgen-manifest.json";
export const DEFAULT_RUNTIME_IMPORT = "wsdlgen/runtime";
const MANIFEST_FORMAT = 1;

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  /** Files written, relative to the output folder, sorted. */
  files: string[];
}

export interface RunCache {
  /** sha256 over generator, options, templates and inputs (see {@link fingerprint}). */
  fingerprint: string;
  /** Input documents (absolute paths or URLs) with their sha256. */
  inputs: { path: string; sha256: string }[];
  /** Files written, relative to the output folder, with their sha256. */
  files: Record<string, string>;
}

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

let generatorHash: Promise<string> | undefined;

/**
 * A hash of the generator's own code and templates (the folder this module was loaded from, i.e. the built
 * `dist/generator` or the `generator` sources, plus the package's `templates/`): a changed generator
 * regenerates even when its version number did not change.
 */
export function generatorFingerprint(): Promise<string> {
  return (generatorHash ??= (async () => {
    const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
    const hash = createHash("sha256");
    const walk = async (dir: string, rel: string): Promise<void> => {
      if (!existsSync(dir)) return;
      const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) await walk(full, `${rel}/${e.name}`);
        else if (/\.(js|ts|hbs)$/.test(e.name) && !e.name.endsWith(".d.ts"))
          hash
            .update(`${rel}/${e.name}\0`)
            .update(await readFile(full))
            .update("\0");
      }
    };
    await walk(here, "generator");
    let root = here;
    while (!existsSync(path.join(root, "templates", "agent.hbs")) && path.dirname(root) !== root)
      root = path.dirname(root);
    await walk(path.join(root, "templates"), "templates");
    return hash.digest("hex");
  })());
}

/**
 * The options that shape a run's output, in a form that does not depend on where the command runs (paths
 * relative to the output folder). `generate` and the CLI's no-op fast path both build it here.
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

/** The fingerprint of a run: generator, options (as canonical JSON), template override files, input documents. */
export async function fingerprint(
  options: unknown,
  inputs: { path: string; sha256: string }[],
  templateFiles: { path: string; sha256: string }[],
): Promise<string> {
  const hash = createHash("sha256");
  hash.update(await generatorFingerprint()).update("\0");
  hash.update(JSON.stringify(options)).update("\0");
  for (const t of templateFiles) hash.update(`${t.path}\0${t.sha256}\0`);
  for (const i of inputs) hash.update(`${i.path}\0${i.sha256}\0`);
  return hash.digest("hex");
}

export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(path.join(outDir, MANIFEST_FILE), "utf8")) as Manifest;
    return manifest.format === MANIFEST_FORMAT && Array.isArray(manifest.files) ? manifest : undefined;
  } catch {
    return undefined;
  }
}

export function renderManifest(files: string[]): string {
  const manifest: Manifest = { format: MANIFEST_FORMAT, files: [...files].sort() };
  return JSON.stringify(manifest, null, 2) + "\n";
}

/** Where the run cache of an output folder lives. */
export function runCachePath(outDir: string): string {
  const modules = path.resolve("node_modules");
  const base = existsSync(modules) ? path.join(modules, ".cache", "wsdlgen") : path.join(os.tmpdir(), "wsdlgen-cache");
  return path.join(base, `${sha256(path.resolve(outDir)).slice(0, 16)}.json`);
}

export async function readRunCache(outDir: string): Promise<RunCache | undefined> {
  try {
    return JSON.parse(await readFile(runCachePath(outDir), "utf8")) as RunCache;
  } catch {
    return undefined;
  }
}

/** Records a run; a cache that cannot be written only costs the next run its shortcut. */
export async function writeRunCache(outDir: string, cache: RunCache): Promise<void> {
  const file = runCachePath(outDir);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(cache), "utf8");
  } catch {
    // ignored on purpose
  }
}

export async function clearRunCache(outDir: string): Promise<void> {
  await rm(runCachePath(outDir), { force: true });
}

/** Hashes of the `.hbs` files of a template override folder, relative to it, sorted. */
export async function templateFileHashes(dir: string | undefined): Promise<{ path: string; sha256: string }[]> {
  if (!dir) return [];
  const out: { path: string; sha256: string }[] = [];
  const walk = async (sub: string): Promise<void> => {
    const entries = await readdir(path.join(dir, sub), { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(rel);
      else if (e.name.endsWith(".hbs")) out.push({ path: rel, sha256: sha256(await readFile(path.join(dir, rel))) });
    }
  };
  await walk("");
  return out;
}

/**
 * True when the output folder already holds what a run with these options would write: the cached fingerprint,
 * recomputed from the current content of the inputs the last run read, matches, and every file it wrote is on
 * disk unchanged.
 */
export async function isUpToDate(outDir: string, options: unknown, templatesDir: string | undefined): Promise<boolean> {
  const cache = await readRunCache(outDir);
  if (!cache) return false;
  const inputs: { path: string; sha256: string }[] = [];
  for (const input of cache.inputs) {
    if (isUrl(input.path)) return false; // remote inputs are always fetched again
    try {
      inputs.push({ path: input.path, sha256: sha256(await readFile(input.path)) });
    } catch {
      return false;
    }
  }
  if ((await fingerprint(options, inputs, await templateFileHashes(templatesDir))) !== cache.fingerprint) return false;
  for (const [file, hash] of Object.entries(cache.files)) {
    try {
      if (sha256(await readFile(path.join(outDir, ...file.split("/")))) !== hash) return false;
    } catch {
      return false;
    }
  }
  return true;
}
