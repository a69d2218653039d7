/**
 * TypeScript for ts-morph's printer without loading it. ts-morph's common library requires its bundled TypeScript
 * (9 MB of JavaScript) when it loads, and all ts-morph reads from it then, and all printing structures needs, is
 * four things: `version`, the enums `SyntaxKind` and `ScriptTarget`, and one scanner from `createScanner` (kept
 * for placing commas in some printed text). Loading TypeScript was about a fifth of a cold Ticket run's CPU
 * (reading and deserializing its code, running its top level) and ~30 MB of its peak memory.
 *
 * So the first run that loads it keeps `version` and the two enums (plain data, as JSON) next to the code cache
 * (compile-cache.ts: the same folder, the same rules — used only for the same typescript.js by size, times and
 * inode; `WSDLGEN_NO_COMPILE_CACHE=1` turns both off), and later runs give ts-morph a stand-in instead: those
 * values from the snapshot, a scanner that loads TypeScript when it is first used, and for anything else the real
 * TypeScript, loaded then. What ts-morph sees is the same either way; only when TypeScript loads differs.
 */
import { createHash } from "node:crypto";
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { compileCacheDir, trustedCacheDir } from "./compile-cache.js";

/** What ts-morph reads from TypeScript when it loads, answered from the snapshot (createScanner aside). */
const SNAPSHOT_KEYS = ["version", "SyntaxKind", "ScriptTarget"] as const;

export interface SnapshotOptions {
  /** The folder of the snapshots (default: the code cache's). */
  dir?: string;
  /** What happened, for tests. */
  stats?: { used: string[]; written: string[] };
}

type Exports = Record<PropertyKey, unknown>;

/**
 * What ts-morph gets for TypeScript (`file`, its typescript.js): the stand-in when a snapshot of that file is kept,
 * else the real module (`load()`), whose snapshot is then written for the next run.
 */
export function typescriptStandIn(load: () => object, file: string, options: SnapshotOptions = {}): object {
  if (process.env.WSDLGEN_NO_COMPILE_CACHE) return load();
  const dir = options.dir ?? compileCacheDir();
  if (!trustedCacheDir(dir)) return load();
  let header: string;
  try {
    const stat = statSync(file);
    header = `wsdlgen typescript snapshot ${stat.size} ${stat.mtimeMs} ${stat.ctimeMs} ${stat.ino}\n`;
  } catch {
    return load();
  }
  const entry = path.join(dir, `typescript-${createHash("sha256").update(file).digest("hex").slice(0, 32)}.json`);
  const snapshot = readSnapshot(entry, header);
  if (!snapshot) {
    const typescript = load() as Exports;
    writeSnapshot(entry, header, typescript);
    options.stats?.written.push(file);
    return typescript;
  }
  options.stats?.used.push(file);
  let real: Exports | undefined;
  const typescript = () => (real ??= load() as Exports);
  const known = new Map<PropertyKey, unknown>(SNAPSHOT_KEYS.map((key) => [key, snapshot[key]]));
  known.set("createScanner", (...args: unknown[]) =>
    lazyExports(() => (typescript().createScanner as (...a: unknown[]) => object)(...args)),
  );
  return lazyExports(typescript, known);
}

/** The snapshot kept in `entry`, if it was made from the file `header` describes. */
function readSnapshot(entry: string, header: string): Exports | undefined {
  let text: string;
  try {
    text = readFileSync(entry, "utf8");
  } catch {
    return undefined; // none yet
  }
  try {
    if (text.startsWith(header)) {
      const snapshot = JSON.parse(text.slice(header.length)) as Exports;
      const complete =
        typeof snapshot.version === "string" &&
        SNAPSHOT_KEYS.every((key) => typeof snapshot[key] === (key === "version" ? "string" : "object"));
      if (complete) return snapshot;
    }
  } catch {
    // not JSON: replaced below
  }
  return undefined;
}

/** Writes the snapshot of `typescript` atomically (a snapshot that cannot be written only costs the speed). */
function writeSnapshot(entry: string, header: string, typescript: Exports): void {
  const data = Object.fromEntries(SNAPSHOT_KEYS.map((key) => [key, typescript[key]]));
  const temp = `${entry}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, header + JSON.stringify(data), { mode: 0o600 });
    renameSync(temp, entry);
  } catch {
    rmSync(temp, { force: true });
  }
}

/**
 * A module's exports, loaded on first use: reading a property, listing its keys, `in`. `known` properties are
 * answered without loading it. `"default" in` it is true without loading anything, and its `default` is the
 * module's, or the module itself when it has none: the interop helpers of a bundled CommonJS file
 * (`_interopNamespaceCompat`, `_interopDefaultCompat`) then take the stand-in as the namespace as it is, instead of
 * listing its keys when the file loads, and what they give for `default` is what they would give for the module.
 */
export function lazyExports(load: () => object, known: ReadonlyMap<PropertyKey, unknown> = new Map()): object {
  let exports: Exports | undefined;
  const real = () => (exports ??= load() as Exports);
  return new Proxy(Object.create(null) as object, {
    has: (_target, key) => key === "default" || known.has(key) || key in real(),
    get: (_target, key) =>
      known.has(key) ? known.get(key) : key === "default" ? (real().default ?? real()) : real()[key],
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      // a proxy may not report a property its (empty) target lacks as non-configurable
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}
