/**
 * The run cache, under `node_modules/.cache/wsdlgen/` (or the OS temp folder): a fingerprint of everything an
 * output folder's content depends on — the content of every input document, the options, the templates and the
 * generator's own code — and the hashes of the files written. A later run whose fingerprint and files are
 * unchanged has nothing to do and stops before parsing anything or loading the TypeScript emitter.
 *
 * This module is deliberately light (node:crypto, node:fs): it is all a no-op run loads. What a no-op run reads (the
 * cache, the inputs, the files written) it reads synchronously: a handful of files, read while nothing else runs;
 * each asynchronous read is several round trips through the thread pool, which on a busy machine wait for a core.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isUrl } from "../load/url.js";
import { STAGING_FOLDER } from "./staging.js";

/** What a run's output depends on, besides its input documents and the generator's own code. */
export interface RunDependencies {
  /** The options that shape the output, as JSON that does not depend on where the command runs. */
  options: unknown;
  /** The folder of template overrides, if any: its `.hbs` files are part of the fingerprint. */
  templates?: string | undefined;
}

/** An input document (absolute path or URL) and the sha256 of its bytes. */
export interface DocumentHash {
  path: string;
  sha256: string;
}

interface RunCache {
  /** sha256 over generator, options, templates and inputs (see {@link fingerprint}). */
  fingerprint: string;
  /** Input documents with their sha256. */
  inputs: DocumentHash[];
  /** Files written, relative to the output folder, with their sha256. */
  files: Record<string, string>;
}

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

let generatorHash: Promise<string> | undefined;

/**
 * The fingerprint of the generator's code as the build computed it when it bundled the executable (the bundler puts
 * it in place of this expression: scripts/bundle-bin.mjs); undefined when the unbundled modules run.
 */
const BUILT_CODE_FINGERPRINT = (globalThis as { WSDLGEN_CODE_FINGERPRINT?: string }).WSDLGEN_CODE_FINGERPRINT;

/**
 * A hash of the generator's own code and templates (the folder above this module's, i.e. the built
 * `dist/generator` or the `generator` sources — or the build's fingerprint of them in the bundled executable —
 * plus the package's `templates/`): a changed generator regenerates even when its version number did not change.
 */
function generatorFingerprint(): Promise<string> {
  return (generatorHash ??= (async () => {
    const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
    const hash = createHash("sha256");
    // Synchronous on purpose: ~80 small files, read while nothing else runs; each asynchronous read would be four
    // round trips through the thread pool, which on a busy machine cost more than the reading.
    const walk = (dir: string, rel: string): void => {
      if (!existsSync(dir)) return;
      const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full, `${rel}/${e.name}`);
        else if (/\.(js|ts|hbs)$/.test(e.name) && !e.name.endsWith(".d.ts"))
          hash.update(`${rel}/${e.name}\0`).update(readFileSync(full)).update("\0");
      }
    };
    if (BUILT_CODE_FINGERPRINT) hash.update(`generator\0${BUILT_CODE_FINGERPRINT}\0`);
    else walk(here, "generator");
    let root = here;
    while (!existsSync(path.join(root, "templates", "agent.hbs")) && path.dirname(root) !== root)
      root = path.dirname(root);
    walk(path.join(root, "templates"), "templates");
    return hash.digest("hex");
  })());
}

/** Hashes of the `.hbs` files of a template override folder, relative to it, sorted. */
function templateFileHashes(dir: string | undefined): DocumentHash[] {
  if (!dir) return [];
  const out: DocumentHash[] = [];
  const walk = (sub: string): void => {
    let entries;
    try {
      entries = readdirSync(path.join(dir, sub), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith(".hbs")) out.push({ path: rel, sha256: sha256(readFileSync(path.join(dir, rel))) });
    }
  };
  walk("");
  return out;
}

/** The fingerprint of a run: generator, options (as canonical JSON), template override files, input documents. */
async function fingerprint(dependencies: RunDependencies, inputs: DocumentHash[]): Promise<string> {
  const hash = createHash("sha256");
  hash.update(await generatorFingerprint()).update("\0");
  hash.update(JSON.stringify(dependencies.options)).update("\0");
  for (const t of templateFileHashes(dependencies.templates)) hash.update(`${t.path}\0${t.sha256}\0`);
  for (const i of inputs) hash.update(`${i.path}\0${i.sha256}\0`);
  return hash.digest("hex");
}

/** Where the run cache of an output folder lives. */
async function runCachePath(outDir: string): Promise<string> {
  const modules = path.resolve("node_modules");
  // node:os only when it is needed: a no-op run in a project with node_modules does without loading it
  const base = existsSync(modules)
    ? path.join(modules, ".cache", "wsdlgen")
    : path.join((await import("node:os")).tmpdir(), "wsdlgen-cache");
  return path.join(base, `${sha256(path.resolve(outDir)).slice(0, 16)}.json`);
}

async function readRunCache(outDir: string): Promise<RunCache | undefined> {
  try {
    return JSON.parse(readFileSync(await runCachePath(outDir), "utf8")) as RunCache;
  } catch {
    return undefined;
  }
}

/** The input documents the last run into an output folder read (absolute paths or URLs); none when unknown. */
export async function lastRunInputs(outDir: string): Promise<string[]> {
  return ((await readRunCache(outDir))?.inputs ?? []).map((i) => i.path);
}

/** Records a run; a cache that cannot be written only costs the next run its shortcut. */
export async function recordRun(
  outDir: string,
  dependencies: RunDependencies,
  inputs: DocumentHash[],
  files: { path: string; contents: string }[],
): Promise<void> {
  const cache: RunCache = {
    fingerprint: await fingerprint(dependencies, inputs),
    inputs,
    files: Object.fromEntries(files.map((f) => [f.path, sha256(f.contents)])),
  };
  const file = await runCachePath(outDir);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(cache), "utf8");
  } catch {
    // ignored on purpose
  }
}

/**
 * True when the output folder already holds what a run with these dependencies would write: the cached
 * fingerprint, recomputed from the current content of the inputs the last run read, matches, and every file it
 * wrote is on disk unchanged, and no interrupted run left its staging folder behind.
 */
export async function isUpToDate(outDir: string, dependencies: RunDependencies): Promise<boolean> {
  if (existsSync(path.join(outDir, STAGING_FOLDER))) return false; // an interrupted run's leftovers: a real run cleans them
  const cache = await readRunCache(outDir);
  if (!cache) return false;
  const inputs: DocumentHash[] = [];
  for (const input of cache.inputs) {
    if (isUrl(input.path)) return false; // remote inputs are always fetched again
    try {
      inputs.push({ path: input.path, sha256: sha256(readFileSync(input.path)) });
    } catch {
      return false;
    }
  }
  if ((await fingerprint(dependencies, inputs)) !== cache.fingerprint) return false;
  for (const [file, hash] of Object.entries(cache.files)) {
    try {
      if (sha256(readFileSync(path.join(outDir, ...file.split("/")))) !== hash) return false;
    } catch {
      return false;
    }
  }
  return true;
}
