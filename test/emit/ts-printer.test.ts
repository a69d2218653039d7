/**
 * Loading ts-morph for printing (generator/emit/ts-printer.ts): the packages its common library needs only for glob
 * patterns are not loaded when the emitter prints, and load, and work, when something does use them.
 */
import { writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadTsMorph, printSourceFile, requireDeferring, withFieldsAssigned } from "../../generator/emit/ts-printer.js";
import { tempDir } from "../helpers.js";

const require = createRequire(import.meta.url);
const loaded = (pkg: string) =>
  Object.keys(require.cache).some((f) => f.includes(`${path.sep}node_modules${path.sep}${pkg}${path.sep}`));

describe("requireDeferring", () => {
  it("gives the parent stand-ins that load the package on first use and behave as it does, interop included", async () => {
    const root = await tempDir("require-deferring");
    for (const [dir, body] of [
      ["plain", 'globalThis.plainLoaded = true; exports.hello = () => "hi"; exports.answer = 42;'],
      ["withdefault", 'globalThis.withDefaultLoaded = true; exports.default = { name: "the default" };'],
      ["whole", 'globalThis.wholeLoaded = true; module.exports = { join: (...xs) => xs.join("/") };'],
    ]) {
      await mkdir(path.join(root, "node_modules", dir!), { recursive: true });
      writeFileSync(path.join(root, "node_modules", dir!, "index.js"), body!);
    }
    writeFileSync(path.join(root, "package.json"), '{ "type": "commonjs" }\n');
    // as a bundler writes a CommonJS file that imports a namespace and defaults (ts-morph's common library does)
    writeFileSync(
      path.join(root, "parent.js"),
      [
        'var plain = require("plain"), withDefault = require("withdefault"), whole = require("whole");',
        "function ns(e) { if (e && typeof e === 'object' && 'default' in e) return e; var n = Object.create(null);",
        "  Object.keys(e).forEach(function (k) { if (k !== 'default') { var d = Object.getOwnPropertyDescriptor(e, k);",
        "  Object.defineProperty(n, k, d.get ? d : { enumerable: true, get: function () { return e[k]; } }); } });",
        "  n.default = e; return Object.freeze(n); }",
        "function def(e) { return e && typeof e === 'object' && 'default' in e ? e : { default: e }; }",
        "var plainNs = ns(plain), withDefaultNs = def(withDefault), wholeDefault = def(whole);",
        "module.exports = { hello: () => plainNs.hello(), answer: () => plainNs.answer, plainDefault: () => plainNs.default.answer,",
        "  named: () => withDefaultNs.default.name, joined: () => wholeDefault.default.join('a', 'b') };",
      ].join("\n"),
    );
    const parent = path.join(root, "parent.js");
    const flags = globalThis as Record<string, unknown>;
    const deferred = { parent: "parent.js", packages: new Set(["plain", "withdefault", "whole"]) };
    const lazy = requireDeferring(() => require(parent) as Record<string, () => unknown>, deferred);
    expect([flags.plainLoaded, flags.withDefaultLoaded, flags.wholeLoaded]).toEqual([undefined, undefined, undefined]);
    const results = Object.fromEntries(Object.entries(lazy).map(([k, f]) => [k, f()]));
    expect([flags.plainLoaded, flags.withDefaultLoaded, flags.wholeLoaded]).toEqual([true, true, true]);
    delete require.cache[parent];
    const eager = require(parent) as Record<string, () => unknown>;
    expect(results).toEqual(Object.fromEntries(Object.entries(eager).map(([k, f]) => [k, f()])));
    expect(results).toEqual({ hello: "hi", answer: 42, plainDefault: 42, named: "the default", joined: "a/b" });
  });
});

describe("loadTsMorph", () => {
  it("prints without loading minimatch, tinyglobby or path-browserify; the first two load and work when ts-morph globs", async () => {
    const deferred = () => [loaded("minimatch"), loaded("tinyglobby"), loaded("path-browserify")];
    expect(deferred()).toEqual([false, false, false]); // (nothing loaded them before)
    const text = await printSourceFile("t.ts", [{ kind: "typeAlias", name: "A", type: "string", isExported: true }]);
    expect(text).toBe("export type A = string;\n");
    expect(deferred()).toEqual([false, false, false]);

    const { Project } = loadTsMorph();
    const memory = new Project({ useInMemoryFileSystem: true });
    memory.getFileSystem().writeFileSync("/src/a.ts", "export const a = 1;");
    memory.getFileSystem().writeFileSync("/src/b.js", "");
    expect(memory.addSourceFilesAtPaths("/src/*.ts").map((f) => f.getFilePath())).toEqual(["/src/a.ts"]);
    const root = await tempDir("ts-morph-glob");
    writeFileSync(path.join(root, "c.ts"), "export const c = 1;");
    const disk = new Project({ skipAddingFilesFromTsConfig: true });
    expect(disk.addSourceFilesAtPaths(path.join(root, "*.ts")).map((f) => f.getBaseName())).toEqual(["c.ts"]);
    expect(deferred()).toEqual([true, true, false]);
  });
});

describe("withFieldsAssigned", () => {
  it("gives code-block-writer's writers the fields its constructor defines, by assignment", async () => {
    const { CodeBlockWriter } = loadTsMorph();
    expect(String(CodeBlockWriter)).not.toContain("Object.defineProperty(this");
    // the module as published, compiled apart from the require cache, as a reference
    const file = createRequire(require.resolve("ts-morph")).resolve("code-block-writer");
    const reference = { exports: {} as { default: typeof CodeBlockWriter } };
    const source = (await import("node:fs")).readFileSync(file, "utf8");
    expect(source.match(/Object\.defineProperty\(this, /g)?.length).toBeGreaterThanOrEqual(10);
    new Function("exports", "require", "module", source)(reference.exports, createRequire(file), reference);
    const Original = reference.exports.default;
    for (const options of [
      {},
      { indentNumberOfSpaces: 2, newLine: "\n" as const, useSingleQuote: true, useTabs: true },
    ]) {
      const [ours, theirs] = [new CodeBlockWriter(options), new Original(options)];
      expect(Object.getOwnPropertyNames(ours)).toEqual(Object.getOwnPropertyNames(theirs));
      for (const key of Object.getOwnPropertyNames(theirs))
        expect(Object.getOwnPropertyDescriptor(ours, key), key).toEqual(Object.getOwnPropertyDescriptor(theirs, key));
      ours.write("a {").newLine().indent().write("b").newLine().write("}");
      theirs.write("a {").newLine().indent().write("b").newLine().write("}");
      expect(ours.toString()).toBe(theirs.toString());
    }
  });

  it("rewrites only the module named", async () => {
    const root = await tempDir("fields-assigned");
    const body =
      'class A { constructor() { Object.defineProperty(this, "x", {\n enumerable: true,\n configurable: true,\n' +
      " writable: true,\n value: 1\n }); } }\nmodule.exports = String(A);\n";
    writeFileSync(path.join(root, "one.cjs"), body);
    writeFileSync(path.join(root, "two.cjs"), body);
    const load = createRequire(path.join(root, "x.js"));
    const [one, two] = withFieldsAssigned(() => [load("./one.cjs"), load("./two.cjs")] as string[], "one.cjs");
    expect(one).toContain('this["x"] = 1;');
    expect(two).toContain("Object.defineProperty(this");
  });
});
