/**
 * TypeScript as a stand-in for ts-morph's printer (generator/emit/typescript-stand-in.ts): a snapshot of what
 * ts-morph reads from TypeScript is written by the run that loads it and used by the next, for the same file only;
 * the stand-in answers those values without loading TypeScript and loads it for anything else; ts-morph prints the
 * same text with it, without TypeScript ever loading, and still works in full when something needs TypeScript.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { requireTsMorph } from "../../generator/emit/ts-printer.js";
import { typescriptStandIn } from "../../generator/emit/typescript-stand-in.js";
import { tempDir } from "../helpers.js";

const require = createRequire(import.meta.url);

function stats() {
  return { used: [] as string[], written: [] as string[] };
}

/** A module in place of TypeScript, and a loader that counts its loads. */
function fakeTypescript() {
  const module = {
    version: "9.8.7",
    SyntaxKind: { Unknown: 0, 0: "Unknown", Identifier: 80, 80: "Identifier" },
    ScriptTarget: { Latest: 99, 99: "Latest" },
    createScanner: (target: number, skipTrivia: boolean) => ({ scan: () => target, skipTrivia }),
    other: "other",
  };
  const loader = { loads: 0, load: () => (loader.loads++, module) };
  return { module, loader };
}

describe("typescriptStandIn", () => {
  afterEach(() => {
    delete process.env.WSDLGEN_NO_COMPILE_CACHE;
  });

  async function setUp() {
    const root = await tempDir("typescript-stand-in");
    const file = path.join(root, "typescript.js");
    writeFileSync(file, "// the file the snapshot is of\n");
    return { file, dir: path.join(root, "cache") };
  }

  it("loads the module and keeps a snapshot on the first run; the next answers from it without loading", async () => {
    const { file, dir } = await setUp();
    const first = fakeTypescript();
    const s1 = stats();
    expect(typescriptStandIn(first.loader.load, file, { dir, stats: s1 })).toBe(first.module);
    expect([first.loader.loads, s1]).toEqual([1, { used: [], written: [file] }]);

    const next = fakeTypescript();
    const s2 = stats();
    const ts = typescriptStandIn(next.loader.load, file, { dir, stats: s2 }) as typeof next.module;
    expect(s2).toEqual({ used: [file], written: [] });
    expect([ts.version, ts.SyntaxKind, ts.ScriptTarget]).toEqual([
      "9.8.7",
      next.module.SyntaxKind,
      { Latest: 99, 99: "Latest" },
    ]);
    expect("default" in ts).toBe(true); // (so that a bundle's interop helper takes it as it is)
    const scanner = ts.createScanner(99, true);
    expect(next.loader.loads).toBe(0);
    expect([scanner.scan(), scanner.skipTrivia]).toEqual([99, true]); // the real scanner, made on first use
    expect(next.loader.loads).toBe(1);
    expect(ts.other).toBe("other");
    expect(next.loader.loads).toBe(1);
  });

  it("does not use the snapshot of a file that changed, nor one that is not a snapshot, and replaces it", async () => {
    const { file, dir } = await setUp();
    typescriptStandIn(fakeTypescript().loader.load, file, { dir });
    writeFileSync(file, "// another version of the file\n");
    const changed = fakeTypescript();
    const s = stats();
    expect(typescriptStandIn(changed.loader.load, file, { dir, stats: s })).toBe(changed.module);
    expect(s.written).toEqual([file]);
    const [entry] = readdirSync(dir).map((f) => path.join(dir, f));
    const header = readFileSync(entry!, "latin1").split("\n")[0];
    writeFileSync(entry!, `${header}\n{ "version": "9.8.7" `);
    const broken = fakeTypescript();
    expect(typescriptStandIn(broken.loader.load, file, { dir })).toBe(broken.module);
    expect(readdirSync(dir)).toHaveLength(1);
    expect(typescriptStandIn(fakeTypescript().loader.load, file, { dir, stats: s })).not.toBe(broken.module);
    expect(s.used).toEqual([file]);
  });

  it("is off with WSDLGEN_NO_COMPILE_CACHE, as the code cache is", async () => {
    const { file, dir } = await setUp();
    process.env.WSDLGEN_NO_COMPILE_CACHE = "1";
    const { module, loader } = fakeTypescript();
    expect(typescriptStandIn(loader.load, file, { dir })).toBe(module);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});

describe("ts-morph with the TypeScript stand-in", () => {
  const tsMorphFiles = () =>
    Object.keys(require.cache).filter((f) => /[\\/]node_modules[\\/](ts-morph|@ts-morph[\\/]common)[\\/]/.test(f));
  const typescriptLoaded = () => tsMorphFiles().some((f) => f.endsWith(`${path.sep}typescript.js`));
  const structures = (m: typeof import("ts-morph")) => ({
    kind: m.StructureKind.SourceFile,
    statements: [
      {
        kind: m.StructureKind.Interface,
        name: "Ticket",
        isExported: true,
        docs: [{ description: "A ticket.\n\nWith `code` and */ in it." }],
        properties: [
          { name: "Id", type: "number", docs: [{ description: "The id." }] },
          { name: '"odd-name"', type: "string[] | null", hasQuestionToken: true },
          { name: "Nested", type: "{ a: string; b?: Array<{ c: number }> }" },
        ],
      },
      { kind: m.StructureKind.TypeAlias, name: "Status", type: '"Open" | "Closed" | `x-${string}`', isExported: true },
      "export const raw = 1;",
    ],
  });
  const print = (m: typeof import("ts-morph")) =>
    m.printStructure(structures(m) as import("ts-morph").SourceFileStructure, {
      indentNumberOfSpaces: 2,
      newLine: "\n",
      useSingleQuote: false,
    });

  it("prints the same text without loading TypeScript, and loads it when something needs it", async () => {
    const dir = path.join(await tempDir("ts-morph-stand-in"), "cache");
    const forget = () => tsMorphFiles().forEach((f) => delete require.cache[f]);
    forget();
    const s = stats();
    const withTypescript = requireTsMorph({ snapshot: { dir, stats: s } });
    expect(typescriptLoaded()).toBe(true);
    const expected = print(withTypescript);
    forget();
    const withStandIn = requireTsMorph({ snapshot: { dir, stats: s } });
    expect(s).toEqual({
      used: [expect.stringMatching(/typescript\.js$/)],
      written: [expect.stringMatching(/typescript\.js$/)],
    });
    expect(print(withStandIn)).toBe(expected);
    expect(typescriptLoaded()).toBe(false);
    const project = new withStandIn.Project({ useInMemoryFileSystem: true });
    const file = project.createSourceFile("/a.ts", "export const a: number = 1;");
    expect(file.getVariableDeclarationOrThrow("a").getType().getText()).toBe("number");
    expect(typescriptLoaded()).toBe(true);
  });
});
