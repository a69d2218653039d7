/**
 * The direction of dependencies (README "How it is built"), read from the import statements of generator/**\/*.ts:
 *
 *   load → read (xsd/, wsdl/) → model ← emit;  runtime stands alone.
 *
 * - `runtime/` imports nothing of the generator. Code outside it may use only the runtime's leaf modules (the
 *   metadata format, the built-in types, XML names); `load/` also wraps the runtime's XML tree, and the top level
 *   (API, CLI, mock server) may use any of it.
 * - `diagnostics.ts` is a leaf every folder may import; `model/` is plain data and pure functions over it.
 * - Readers import load/ and model/ (xsd/ below wsdl/); naming/ and emit/ never import a reader or load/.
 * - No import cycles, type-only imports included.
 *
 * Each table row lists what a part may import besides itself; a part is a folder of generator/, `diagnostics`,
 * or `top` (the other files at the root: index.ts, cli*.ts, config.ts, bin.ts, fast-path.ts, watch.ts, mock.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

const ALLOWED: Record<string, readonly string[]> = {
  runtime: [],
  diagnostics: [],
  load: ["diagnostics", "runtime"],
  model: ["diagnostics", "runtime"],
  naming: ["model", "diagnostics"],
  xsd: ["load", "model", "diagnostics", "runtime"],
  wsdl: ["xsd", "load", "model", "diagnostics"],
  emit: ["model", "naming", "diagnostics", "runtime"],
  output: ["load", "diagnostics"],
  diff: ["wsdl", "emit", "model", "naming", "diagnostics"],
  pipeline: ["*"],
  top: ["*"],
};

/** The runtime modules generator code below the top level may import: leaves without behaviour of the codec. */
const RUNTIME_LEAVES = [
  "runtime/metadata.ts",
  "runtime/builtins.ts",
  "runtime/xml-names.ts",
  "runtime/namespaces.ts",
  "runtime/textual.ts",
];
/** More runtime modules a part may import. */
const RUNTIME_EXTRA: Record<string, readonly string[]> = { load: ["runtime/xml.ts"], pipeline: ["*"], top: ["*"] };

interface Import {
  from: string;
  to: string;
  line: number;
}

/** The part a module (path relative to generator/) belongs to. */
function partOf(module: string): string {
  const slash = module.indexOf("/");
  if (slash >= 0) return module.slice(0, slash);
  return module === "diagnostics.ts" ? "diagnostics" : "top";
}

/** The relative imports of a module's source (static, `export … from`, and `import("…")`), resolved to modules. */
function importsOf(module: string, source: string): Import[] {
  const found: Import[] = [];
  const patterns = [
    /^[ \t]*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm,
    /^[ \t]*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const m of source.matchAll(pattern)) {
      const specifier = m[1]!;
      const line = source.slice(0, m.index).split("\n").length;
      // The runtime package by name: `@wsdlgen/runtime` is its index, `@wsdlgen/runtime/x` its module x.
      const runtimeModule = /^@wsdlgen\/runtime(?:\/([\w-]+))?$/.exec(specifier);
      if (runtimeModule) {
        found.push({ from: module, to: `runtime/${runtimeModule[1] ?? "index"}.ts`, line });
        continue;
      }
      if (!specifier.startsWith(".")) continue;
      const to = path.posix.normalize(path.posix.join(path.posix.dirname(module), specifier)).replace(/\.js$/, ".ts");
      found.push({ from: module, to, line });
    }
  }
  return found;
}

/** Imports against the table: part → part edges not allowed, and runtime modules a part may not use. */
function violations(imports: Import[]): string[] {
  const out: string[] = [];
  for (const { from, to, line } of imports) {
    const a = partOf(from);
    const b = partOf(to);
    const where = `generator/${from}:${line} imports ${to}`;
    if (to.startsWith("../")) {
      out.push(`${where}: outside generator/`);
      continue;
    }
    if (a === b) continue;
    const allowed = ALLOWED[a];
    if (!allowed) {
      out.push(`${where}: ${a}/ is not in the table of allowed imports`);
      continue;
    }
    if (!allowed.includes("*") && !allowed.includes(b)) {
      out.push(`${where}: ${a} may not import ${b}`);
      continue;
    }
    const extra = RUNTIME_EXTRA[a] ?? [];
    if (b === "runtime" && !extra.includes("*") && !RUNTIME_LEAVES.includes(to) && !extra.includes(to))
      out.push(`${where}: ${a} may use only the runtime's leaf modules (${[...RUNTIME_LEAVES, ...extra].join(", ")})`);
  }
  return out;
}

/** Every import cycle among the modules (each strongly connected component of more than one module, or a self-import). */
function cycles(imports: Import[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of imports) {
    if (!edges.has(from)) edges.set(from, new Set());
    if (!edges.has(to)) edges.set(to, new Set());
    edges.get(from)!.add(to);
  }
  // Tarjan's algorithm, iterative.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  for (const start of [...edges.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; next: string[] }[] = [];
    const enter = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: [...edges.get(node)!].sort() });
    };
    enter(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const next = top.next.shift();
      if (next !== undefined) {
        if (!index.has(next)) enter(next);
        else if (onStack.has(next)) low.set(top.node, Math.min(low.get(top.node)!, index.get(next)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        if (component.length > 1 || edges.get(top.node)!.has(top.node)) found.push(component.sort());
      }
    }
  }
  return found;
}

/** The TypeScript modules under a folder, relative to it, sorted. */
function modulesIn(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .sort();
}

/** The imports of generator/ and of the runtime package (runtime/src, named `runtime/…` like a part). */
function generatorImports(): Import[] {
  const generator = path.join(repoRoot, "generator");
  const runtime = path.join(repoRoot, "runtime/src");
  return [
    ...modulesIn(generator).flatMap((m) => importsOf(m, readFileSync(path.join(generator, m), "utf8"))),
    ...modulesIn(runtime).flatMap((m) => importsOf(`runtime/${m}`, readFileSync(path.join(runtime, m), "utf8"))),
  ];
}

/** The package imports (not relative, not our runtime) of each runtime module. */
function runtimePackageImports(): { module: string; specifier: string }[] {
  const runtime = path.join(repoRoot, "runtime/src");
  const found: { module: string; specifier: string }[] = [];
  for (const m of modulesIn(runtime)) {
    const source = readFileSync(path.join(runtime, m), "utf8");
    for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"'.][^"']*)["']/g))
      found.push({ module: m, specifier: match[1]! });
  }
  return found;
}

describe("architecture", () => {
  const imports = generatorImports();

  it("reads the imports of the generator's modules", () => {
    // A scanner that finds nothing would let every rule pass.
    expect(imports.length).toBeGreaterThan(100);
    expect(imports).toContainEqual(expect.objectContaining({ from: "emit/type-expressions.ts", to: "model/model.ts" }));
    expect(imports).toContainEqual(expect.objectContaining({ from: "bin.ts", to: "cli.ts" }));
  });

  it("imports only in the allowed direction", () => {
    expect(violations(imports)).toEqual([]);
  });

  it("keeps the runtime package free of the generator, and of Node outside its server entry", () => {
    const runtimePackage = JSON.parse(readFileSync(path.join(repoRoot, "runtime/package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    const declared = Object.keys(runtimePackage.dependencies ?? {});
    const imports = runtimePackageImports();
    expect(imports.length).toBeGreaterThan(0);
    const wrong = imports.filter(({ module, specifier }) =>
      specifier.startsWith("node:") ? module !== "server.ts" : !declared.includes(specifier),
    );
    expect(wrong).toEqual([]);
  });

  it("has no import cycles", () => {
    expect(cycles(imports)).toEqual([]);
  });

  it("flags an import against the direction, a runtime module that is no leaf, and a cycle", () => {
    const fake = (from: string, to: string): Import => ({ from, to, line: 1 });
    expect(violations([fake("model/model.ts", "load/xml.ts")])).toEqual([
      "generator/model/model.ts:1 imports load/xml.ts: model may not import load",
    ]);
    expect(violations([fake("emit/agent-view.ts", "xsd/element.ts")])).toHaveLength(1);
    expect(violations([fake("runtime/codec.ts", "model/model.ts")])).toHaveLength(1);
    expect(violations([fake("xsd/type-ref.ts", "runtime/values.ts")])).toHaveLength(1);
    expect(violations([fake("xsd/type-ref.ts", "runtime/xml-names.ts")])).toEqual([]);
    expect(cycles([fake("a/x.ts", "b/y.ts"), fake("b/y.ts", "c/z.ts"), fake("c/z.ts", "a/x.ts")])).toEqual([
      ["a/x.ts", "b/y.ts", "c/z.ts"],
    ]);
    expect(cycles([fake("a/x.ts", "b/y.ts"), fake("a/x.ts", "c/z.ts"), fake("b/y.ts", "c/z.ts")])).toEqual([]);
  });

  it("finds static, re-exporting, type-only and dynamic imports, resolved from the importing module", () => {
    const source = [
      `import { a } from "./a.js";`,
      `import type {\n  B,\n  C,\n} from "../model/b.js";`,
      `export { d } from "./d.js";`,
      `const e = await import("../e.js");`,
      `import yargs from "yargs";`,
      'const text = `import { x } from "./not-an-import.js"`;',
    ].join("\n");
    expect(importsOf("emit/m.ts", source).map((i) => `${i.to}@${i.line}`)).toEqual([
      "emit/a.ts@1",
      "model/b.ts@2",
      "emit/d.ts@6",
      "e.ts@7",
    ]);
  });
});
