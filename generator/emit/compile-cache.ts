/**
 * A V8 code cache for the large CommonJS files the emitter loads: ts-morph (with its bundled TypeScript, ~9 MB)
 * is most of a cold run, and compiling it is the biggest part of loading it. While {@link withCompileCache} runs,
 * every CommonJS file of at least {@link MIN_SIZE} characters is compiled with `vm.compileFunction` from the code
 * V8 cached for it on an earlier run (and the cache written at exit when there was none): loading ts-morph takes
 * about half the CPU time, and less memory, since V8 deserializes the code instead of parsing 12 MB of source.
 * Such a file is also read as Latin-1 when it is all ASCII (the same string, without the cost of decoding UTF-8).
 *
 * Nothing else changes: smaller files, ES modules and everything outside the callback compile as usual. A cache
 * entry is used only for the same file (path, size, modification and change times, inode) under the same Node.js
 * with the same flags, one entry per file (a changed file's is replaced; V8 also refuses code cached by another
 * version or with other flags itself, and such an entry is removed). The entries live in
 * `node_modules/.cache/wsdlgen/compile/` under the working directory, or the OS temp folder when there is no
 * node_modules, in a folder only the current user can write to (see {@link trustedCacheDir}); they are written
 * atomically at exit, and a cache that cannot be read or written only costs the speed. `WSDLGEN_NO_COMPILE_CACHE=1`
 * turns it off.
 *
 * (It replaces v8-compile-cache, which read one blob of cached code for every module of the program, hashed each
 * module's source, and compiled through a wrapper string copy: faster than none, but ~30 MB more memory.)
 */
import { createHash } from "node:crypto";
import { isAscii } from "node:buffer";
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";

/** Files smaller than this (characters of source) compile as usual: caching them would not pay. */
export const MIN_SIZE = 100_000;

/** Module.prototype._compile, as Node's CommonJS loader calls it. */
type Compile = (this: NodeJS.Module, content: string, filename: string, format?: string) => unknown;

/** The cache folder: the run cache's, under the working directory's node_modules, else the OS temp folder. */
export function compileCacheDir(cwd = process.cwd()): string {
  const modules = path.join(cwd, "node_modules");
  return existsSync(modules)
    ? path.join(modules, ".cache", "wsdlgen", "compile")
    : path.join(os.tmpdir(), `wsdlgen-cache-${process.getuid?.() ?? "user"}`, "compile");
}

/**
 * Whether `dir` may hold code this process will run (created, owner-only, when absent): a real folder owned by the
 * current user that no one else can write to. Code cached there by someone else would run as this user, so the cache
 * is not used in a folder a shared temp directory lets another user create or change.
 */
export function trustedCacheDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return false;
    const uid = process.getuid?.();
    return uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0);
  } catch {
    return false;
  }
}

/**
 * Node's flags of this process, less the profiler's (which do not change the code V8 compiles), values included:
 * `--cpu-prof-name x.cpuprofile` written as two arguments leaves neither in the key, so a profiled run uses the
 * entry of an ordinary run instead of compiling anew under a key of its own.
 */
export function engineFlags(execArgv: readonly string[] = process.execArgv): string {
  const profilerValue = /^--(cpu|heap)-prof-(dir|name|interval)$/;
  return execArgv
    .filter((a, i) => !/^--(cpu|heap)-prof/.test(a) && !profilerValue.test(execArgv[i - 1] ?? ""))
    .join(" ");
}

/** Entries written at exit (one exit handler for all calls). */
const pending = new Map<string, Buffer>();
let exitHandler = false;

function writeEntries(): void {
  for (const [file, data] of pending) {
    const temp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, data, { mode: 0o600 });
      renameSync(temp, file);
    } catch {
      rmSync(temp, { force: true });
    }
  }
  pending.clear();
}

/** The `type` of the package a file belongs to (its nearest package.json's), cached per folder. */
const packageTypes = new Map<string, string | undefined>();
function packageType(dir: string): string | undefined {
  if (packageTypes.has(dir)) return packageTypes.get(dir);
  let type: string | undefined;
  const manifest = path.join(dir, "package.json");
  if (existsSync(manifest)) {
    try {
      const value = (JSON.parse(readFileSync(manifest, "utf8")) as { type?: unknown }).type;
      type = typeof value === "string" ? value : "";
    } catch {
      type = "unknown";
    }
  } else type = path.dirname(dir) === dir ? "" : packageType(path.dirname(dir));
  packageTypes.set(dir, type);
  return type;
}

type Stats = { used: string[]; written: string[]; rejected: string[] };
type LoadJs = (module: NodeJS.Module, filename: string) => void;

/**
 * Calls `load` (which requires CommonJS modules) with the code cache in place, and returns what it returns.
 * Statistics of what happened go to `stats` when given (for tests).
 */
export function withCompileCache<T>(load: () => T, options: { dir?: string; stats?: Stats } = {}): T {
  if (process.env.WSDLGEN_NO_COMPILE_CACHE) return load();
  const dir = options.dir ?? compileCacheDir();
  if (!trustedCacheDir(dir)) return load();
  const proto = Module.prototype as unknown as { _compile: Compile };
  const extensions = (Module as unknown as { _extensions: Record<string, LoadJs> })._extensions;
  const originalCompile = proto._compile;
  const originalLoadJs = extensions[".js"]!;
  // A large file of a CommonJS package is read as Latin-1 when it is all ASCII (the same string, and several
  // times cheaper than decoding UTF-8: TypeScript's 9 MB take ~20 ms CPU that way), then compiled below.
  extensions[".js"] = function (module, filename) {
    const type = packageType(path.dirname(filename));
    if ((type !== "" && type !== "commonjs") || statSync(filename).size < MIN_SIZE)
      return originalLoadJs.call(this, module, filename);
    const bytes = readFileSync(filename);
    if (!isAscii(bytes)) return originalLoadJs.call(this, module, filename);
    proto._compile.call(module, bytes.toString("latin1"), filename, undefined);
  };
  proto._compile = function (content, filename, format) {
    if (content.length < MIN_SIZE || format === "module" || content.startsWith("#!"))
      return originalCompile.call(this, content, filename, format);
    const fn = compileCached(content, filename, dir, options.stats);
    // not a script (an ES module in a .js file Node has to detect, say): Node compiles it, and reports its errors
    if (!fn) return originalCompile.call(this, content, filename, format);
    // what Node passes a module: its require (loading as this module), with resolve, cache, main and extensions
    const mod = this;
    const { resolve, cache, main, extensions } = createRequire(filename);
    const require = Object.assign((id: string) => mod.require(id), { resolve, cache, main, extensions });
    return fn.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
  };
  try {
    return load();
  } finally {
    proto._compile = originalCompile;
    extensions[".js"] = originalLoadJs;
  }
}

/** Compiles a CommonJS module's source with the cached code of the file, caching it when there is none. */
function compileCached(
  content: string,
  filename: string,
  dir: string,
  stats: Stats | undefined,
): ((...args: unknown[]) => unknown) | undefined {
  // One entry per file and engine (its flags included: V8 refuses code cached with other flags, so a run with
  // other NODE_OPTIONS keeps its own entry rather than replace this one). The entry's first line names the source
  // it was made from (size, times, inode): a changed file's entry is replaced.
  const engine = [process.version, process.arch, engineFlags(), process.env.NODE_OPTIONS ?? ""];
  const name = createHash("sha256")
    .update([filename, ...engine].join("\0"))
    .digest("hex")
    .slice(0, 32);
  const entry = path.join(dir, `${name}.v8`);
  const stat = statSync(filename);
  const header = Buffer.from(`wsdlgen v8 cache ${stat.size} ${stat.mtimeMs} ${stat.ctimeMs} ${stat.ino}\n`);
  let cachedData: Buffer | undefined;
  try {
    const data = readFileSync(entry);
    if (data.subarray(0, header.length).equals(header)) cachedData = data.subarray(header.length);
  } catch {
    // no entry yet
  }
  let fn: ((...args: unknown[]) => unknown) & { cachedData?: Buffer; cachedDataRejected?: boolean };
  try {
    fn = vm.compileFunction(content, ["exports", "require", "module", "__filename", "__dirname"], {
      filename,
      ...(cachedData ? { cachedData } : { produceCachedData: true }),
      ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER
        ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER }
        : {}),
    }) as unknown as typeof fn;
  } catch {
    return undefined;
  }
  if (cachedData && fn.cachedDataRejected) {
    rmSync(entry, { force: true }); // the next run writes a new one
    stats?.rejected.push(filename);
  } else if (cachedData) stats?.used.push(filename);
  else if (fn.cachedData) {
    pending.set(entry, Buffer.concat([header, fn.cachedData]));
    stats?.written.push(filename);
    if (!exitHandler) {
      exitHandler = true;
      process.once("exit", writeEntries);
    }
  }
  return fn;
}

/** Writes the entries now rather than at exit (for tests). */
export function flushCompileCache(): void {
  writeEntries();
}
