/**
 * The code cache for large CommonJS files (generator/emit/compile-cache.ts): a module compiled from cached code
 * behaves as when Node compiles it; an entry is written on the first load, used on the next, replaced when the file
 * changes, refused (and removed) when V8 does not accept it; small files and WSDLGEN_NO_COMPILE_CACHE leave no trace.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { engineFlags, flushCompileCache, MIN_SIZE, withCompileCache } from "../../generator/emit/compile-cache.js";
import { tempDir } from "../helpers.js";

const require = createRequire(import.meta.url);

/** A CommonJS module of at least MIN_SIZE characters that uses what Node passes a module. */
function bigModule(marker: string): string {
  const filler = Array.from({ length: Math.ceil(MIN_SIZE / 30) }, (_, i) => `function f${i}(x) { return x + ${i}; }`);
  return [
    '"use strict";',
    'const helper = require("./helper.js");',
    `module.exports = { marker: ${JSON.stringify(marker)}, helper, file: __filename, dir: __dirname,`,
    '  resolved: require.resolve("./helper.js"), sum: f1(1) + f2(2), self: module.exports === exports };',
    ...filler,
  ].join("\n");
}

function freshRequire(file: string): Record<string, unknown> {
  delete require.cache[file];
  return require(file) as Record<string, unknown>;
}

function stats() {
  return { used: [] as string[], written: [] as string[], rejected: [] as string[] };
}

describe("withCompileCache", () => {
  afterEach(() => {
    delete process.env.WSDLGEN_NO_COMPILE_CACHE;
  });

  async function setUp() {
    const root = await tempDir("compile-cache");
    const lib = path.join(root, "lib");
    await mkdir(lib);
    writeFileSync(path.join(lib, "package.json"), '{ "type": "commonjs" }\n'); // test/.tmp is in an ESM package
    writeFileSync(path.join(lib, "helper.js"), 'module.exports = "helped";\n');
    const big = path.join(lib, "big.js");
    expect(bigModule("one").length).toBeGreaterThanOrEqual(MIN_SIZE);
    writeFileSync(big, bigModule("one"));
    return { root, lib, big, cache: path.join(root, "cache") };
  }

  it("writes an entry on the first load and compiles from it on the next, with the same module", async () => {
    const { lib, big, cache } = await setUp();
    const first = stats();
    const a = withCompileCache(() => freshRequire(big), { dir: cache, stats: first });
    expect(first).toEqual({ used: [], written: [big], rejected: [] });
    flushCompileCache();
    expect(readdirSync(cache)).toHaveLength(1);
    const second = stats();
    const b = withCompileCache(() => freshRequire(big), { dir: cache, stats: second });
    expect(second).toEqual({ used: [big], written: [], rejected: [] });
    const expected = {
      marker: "one",
      helper: "helped",
      file: big,
      dir: lib,
      resolved: path.join(lib, "helper.js"),
      sum: 6,
      self: true,
    };
    expect(a).toEqual(expected);
    expect(b).toEqual(expected);
    expect(freshRequire(big)).toEqual(expected); // and as Node compiles it
  });

  it("reads a file that is not all ASCII as UTF-8", async () => {
    const { big, cache } = await setUp();
    writeFileSync(big, bigModule("ç'est «ça» ✓"));
    expect(withCompileCache(() => freshRequire(big), { dir: cache }).marker).toBe("ç'est «ça» ✓");
    flushCompileCache();
    expect(withCompileCache(() => freshRequire(big), { dir: cache }).marker).toBe("ç'est «ça» ✓");
  });

  it("leaves a file that does not compile to Node, which reports it", async () => {
    const { big, cache } = await setUp();
    writeFileSync(big, bigModule("one") + "\nfunction (");
    const s = stats();
    expect(() => withCompileCache(() => freshRequire(big), { dir: cache, stats: s })).toThrow(SyntaxError);
    expect(s).toEqual({ used: [], written: [], rejected: [] });
  });

  it("replaces the entry of a file that changed", async () => {
    const { big, cache } = await setUp();
    withCompileCache(() => freshRequire(big), { dir: cache });
    flushCompileCache();
    writeFileSync(big, bigModule("two"));
    const after = stats();
    expect(withCompileCache(() => freshRequire(big), { dir: cache, stats: after }).marker).toBe("two");
    expect(after.written).toEqual([big]);
    flushCompileCache();
    expect(readdirSync(cache)).toHaveLength(1);
  });

  it("removes an entry V8 refuses, and still loads the module", async () => {
    const { big, cache } = await setUp();
    withCompileCache(() => freshRequire(big), { dir: cache });
    flushCompileCache();
    const [entry] = readdirSync(cache).map((f) => path.join(cache, f));
    const data = readFileSync(entry!);
    const headerEnd = data.indexOf(10) + 1;
    data.fill(7, headerEnd); // same header, garbage code
    writeFileSync(entry!, data);
    const s = stats();
    expect(withCompileCache(() => freshRequire(big), { dir: cache, stats: s }).marker).toBe("one");
    expect(s.rejected).toEqual([big]);
    expect(existsSync(entry!)).toBe(false);
  });

  it("does not use a folder others can write to (code cached there would run as this user)", async () => {
    const { big, cache } = await setUp();
    mkdirSync(cache, { recursive: true });
    chmodSync(cache, 0o777);
    const s = stats();
    withCompileCache(() => freshRequire(big), { dir: cache, stats: s });
    flushCompileCache();
    expect(s).toEqual({ used: [], written: [], rejected: [] });
    expect(readdirSync(cache)).toEqual([]);
    chmodSync(cache, 0o700);
    withCompileCache(() => freshRequire(big), { dir: cache, stats: s });
    expect(s.written).toEqual([big]);
  });

  it("leaves small files and runs with WSDLGEN_NO_COMPILE_CACHE alone", async () => {
    const { lib, big, cache } = await setUp();
    const s = stats();
    withCompileCache(() => freshRequire(path.join(lib, "helper.js")), { dir: cache, stats: s });
    process.env.WSDLGEN_NO_COMPILE_CACHE = "1";
    withCompileCache(() => freshRequire(big), { dir: cache, stats: s });
    flushCompileCache();
    expect(s).toEqual({ used: [], written: [], rejected: [] });
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
  });

  it("keys entries by the engine's flags less the profiler's, whose values are left out with them", () => {
    const profiled = [
      "--cpu-prof",
      "--cpu-prof-dir",
      "/tmp/p",
      "--cpu-prof-name",
      "a.cpuprofile",
      "--heap-prof-interval",
      "9",
    ];
    expect(engineFlags([...profiled, "--stack-size=900"])).toBe("--stack-size=900");
    expect(engineFlags(["--cpu-prof-dir=/tmp/p", "--max-old-space-size", "100"])).toBe("--max-old-space-size 100");
  });
});
