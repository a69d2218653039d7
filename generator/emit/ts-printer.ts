/**
 * Printing TypeScript with ts-morph. The emitters build plain-data structures (a ts-morph structure whose `kind`
 * is named rather than the enum number), so ts-morph — whose bundled TypeScript compiler is most of a cold run's
 * start-up — is loaded only here, only when a file is printed, and each file is printed in one call to ts-morph's
 * structure printer (`printStructure`): no Project, no source file, nothing parsed back or type-checked.
 *
 * ts-morph is CommonJS and is loaded with `require` (createRequire), not `import()`: through the ESM loader, Node
 * would first scan its ~12 MB of JavaScript with cjs-module-lexer for named exports (about 80 ms of a cold run).
 * It is compiled from V8's code cached by an earlier run (compile-cache.ts).
 *
 * While it loads, the packages ts-morph's common library requires only to match and expand glob patterns
 * (minimatch, tinyglobby: with their own dependencies ~15–30 ms of CPU, and printing never globs) or only in a
 * browser (path-browserify) are given to it as stand-ins that load the real package on first use
 * ({@link requireDeferring}); and its TypeScript, once a run has kept what ts-morph reads from it, is a stand-in
 * too (typescript-stand-in.ts): printing structures does not load TypeScript at all.
 *
 * (Printing in a worker thread that loads ts-morph while the WSDL is parsed was measured: no faster on two cores,
 * ~30 MB more memory, so it is not done.)
 */
import Module, { createRequire } from "node:module";
import path from "node:path";
import { withCompileCache } from "./compile-cache.js";
import { lazyExports, typescriptStandIn, type SnapshotOptions } from "./typescript-stand-in.js";

/** A declaration as plain data: a ts-morph structure whose `kind` is named, not the enum number. */
export type PlainStructure = { kind: "typeAlias" | "interface" } & Record<string, unknown>;
/** Statements: structures, raw text, or {@link BLANK_LINE}. */
export type PlainStatement = PlainStructure | string;
/** Marks a blank line between declarations (ts-morph only separates block-like statements by itself). */
export const BLANK_LINE = "\u0000blank-line";

type TsMorph = typeof import("ts-morph");

let tsMorph: TsMorph | undefined;
/** ts-morph, loaded on first use. */
export function loadTsMorph(): TsMorph {
  return (tsMorph ??= withCompileCache(() => requireTsMorph({ compile: withCompileCache })));
}

/**
 * Requires ts-morph (anew only when it is not in the require cache) with {@link TS_MORPH_DEFERRED} deferred and
 * TypeScript given as typescript-stand-in.ts's stand-in when a snapshot is kept (`snapshot`: where, for tests).
 * `compile` wraps loading TypeScript when the stand-in does it later (the code cache, outside of tests).
 */
export function requireTsMorph(
  options: { snapshot?: SnapshotOptions; compile?: <T>(load: () => T) => T } = {},
): TsMorph {
  const compile = options.compile ?? ((load) => load());
  const typescript: StandIn = (load, file) => typescriptStandIn(() => compile(load), file, options.snapshot);
  const load = () => createRequire(import.meta.url)("ts-morph") as TsMorph;
  return requireDeferring(() => withFieldsAssigned(load, CODE_BLOCK_WRITER), {
    ...TS_MORPH_DEFERRED,
    standIns: new Map([["./typescript", typescript]]),
  });
}

/** The module of code-block-writer's CodeBlockWriter, of which ts-morph's printer makes one per printed member. */
const CODE_BLOCK_WRITER = path.join("code-block-writer", "script", "mod.js");

/**
 * A class field as TypeScript compiles it with `useDefineForClassFields`: a data property defined on the new instance.
 * code-block-writer's constructor defines its 15 fields this way, and `Object.defineProperty` is slow in V8 (the
 * constructor was ~750 ms of a 10,000-type run, more than any other function but the garbage collector).
 */
const DEFINED_FIELD =
  /Object\.defineProperty\(this, ("[\w$]+"), \{\s*enumerable: true,\s*configurable: true,\s*writable: true,\s*value: ([^\n]*?)\s*\}\);/g;

/**
 * Calls `load` (which requires CommonJS modules) so that the module whose file name ends with `fileEnd` is compiled
 * with its {@link DEFINED_FIELD} definitions written as assignments (`this["_length"] = 0;`). For a new instance of
 * a class whose prototype chain has no accessor or read-only property of those names (code-block-writer's has none)
 * the two make the same own, writable, enumerable, configurable property with the same value, in the same order.
 */
export function withFieldsAssigned<T>(load: () => T, fileEnd: string): T {
  const proto = Module.prototype as unknown as {
    _compile: (content: string, filename: string, ...rest: unknown[]) => unknown;
  };
  const original = proto._compile;
  proto._compile = function (content, filename, ...rest) {
    const source = filename.endsWith(fileEnd) ? content.replace(DEFINED_FIELD, "this[$1] = $2;") : content;
    return original.call(this, source, filename, ...rest);
  };
  try {
    return load();
  } finally {
    proto._compile = original;
  }
}

/**
 * What ts-morph's common library requires when it loads but uses only for glob patterns: minimatch in
 * `getPathMatchesPattern`, tinyglobby in `glob`/`globSync` (of its file systems), never when printing; and
 * path-browserify, only in a browser.
 */
const TS_MORPH_DEFERRED: DeferredRequires = {
  parent: path.join("@ts-morph", "common", "dist", "ts-morph-common.js"),
  packages: new Set(["minimatch", "tinyglobby", "path-browserify"]),
};

/** Packages (`packages`, as required) whose loading is deferred when the module requiring them is `parent`. */
export interface DeferredRequires {
  /** The end of the requiring module's file name. */
  parent: string;
  packages: ReadonlySet<string>;
  /** Modules (as required) `parent` gets what these give for instead: from the loader and the resolved file. */
  standIns?: ReadonlyMap<string, StandIn>;
}

/** What a module is given instead of the module `file`, which `load` loads. */
export type StandIn = (load: () => object, file: string) => object;

type Load = (request: string, parent: NodeJS.Module | undefined, isMain: boolean) => unknown;
type Resolve = (request: string, parent: NodeJS.Module | undefined, isMain: boolean) => string;

/**
 * Calls `load` (which requires CommonJS modules) so that when `deferred.parent` requires one of
 * `deferred.packages` it gets a stand-in, and the package is loaded when the stand-in is first used: reading any
 * property, listing its keys, `in` (except for `"default"`, see lazyExports in typescript-stand-in.ts); and what
 * `deferred.standIns` give for the modules they name. Everything else loads as usual.
 */
export function requireDeferring<T>(load: () => T, deferred: DeferredRequires): T {
  const loader = Module as unknown as { _load: Load; _resolveFilename: Resolve };
  const original = loader._load;
  loader._load = function (request, parent, isMain) {
    const standIn = deferred.standIns?.get(request);
    if (!(standIn || deferred.packages.has(request)) || !parent?.filename?.endsWith(deferred.parent))
      return original.call(this, request, parent, isMain);
    const load = () => original.call(loader, request, parent, false) as object;
    return standIn ? standIn(load, loader._resolveFilename(request, parent, false)) : lazyExports(load);
  };
  try {
    return load();
  } finally {
    loader._load = original;
  }
}

/** Prints plain statements to a source file's text (the name is not used; the signature predates the printer). */
export async function printSourceFile(_fileName: string, statements: PlainStatement[]): Promise<string> {
  const { printStructure, StructureKind } = loadTsMorph();
  const kinds = { typeAlias: StructureKind.TypeAlias, interface: StructureKind.Interface } as const;
  const structures = statements.map((s) =>
    s === BLANK_LINE
      ? (writer: import("ts-morph").CodeBlockWriter) => void writer.blankLineIfLastNot()
      : typeof s === "string"
        ? s
        : ({ ...s, kind: kinds[s.kind] } as unknown as import("ts-morph").StatementStructures),
  );
  return printStructure(
    { kind: StructureKind.SourceFile, statements: structures },
    { indentNumberOfSpaces: 2, newLine: "\n", useSingleQuote: false },
  );
}
