/**
 * The templates (generator/emit/templates.ts): the default templates precompiled by the build render exactly what
 * compiling the `.hbs` files at run time renders; a precompiled template whose source no longer matches its file
 * is compiled again; a run with only precompiled templates loads the Handlebars runtime, not the compiler; and a
 * partial replaced with `--templates` is not HTML-escaped when a precompiled template calls it.
 */
import { readdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../generator/diagnostics.js";
import { emitServiceFiles } from "../../generator/emit/service-files.js";
import {
  HANDLEBARS_RUNTIME,
  loadTemplates,
  precompiledTemplatesModule,
  type Templates,
} from "../../generator/emit/templates.js";
import { TypeExpressions } from "../../generator/emit/type-expressions.js";
import { generate } from "../../generator/index.js";
import { DEFAULT_SCALARS } from "../../generator/model/builtins.js";
import { hasShared, realTicketWsdl, repoRoot, tempDir } from "../helpers.js";

/** Every view the default templates render for these WSDLs (rendered once, by templates compiled at run time). */
async function viewsOf(wsdls: string[]): Promise<[name: "agent" | "index", view: object][]> {
  const compiled = await loadTemplates(undefined, { precompiledFile: false });
  const views: [name: "agent" | "index", view: object][] = [];
  const recording: Templates = {
    render(name, view) {
      views.push([name, view]);
      return compiled.render(name, view);
    },
  };
  for (const wsdl of wsdls) {
    const { models } = await generate({ wsdl: [wsdl] });
    await emitServiceFiles({
      fileName: path.basename(wsdl),
      types: new TypeExpressions(models[0]!, DEFAULT_SCALARS),
      shared: new Set(),
      templates: recording,
      runtimeImport: "@wsdlgen/runtime",
      sink: new DiagnosticSink(),
    });
  }
  return views;
}

describe("precompiled templates", () => {
  let dir: string;
  let precompiledFile: string;
  beforeAll(async () => {
    dir = await tempDir("templates");
    precompiledFile = path.join(dir, "templates.precompiled.cjs");
    await writeFile(precompiledFile, await precompiledTemplatesModule(), "utf8");
  });

  it("render what the templates compiled at run time render, for every construct and the reference WSDLs", async () => {
    const constructs = path.join(repoRoot, "test/constructs");
    const wsdls = [
      path.join(repoRoot, "wsdl/Services88-Ticket.wsdl"),
      path.join(repoRoot, "wsdl/Services88-SoPrincipal.wsdl"),
      ...readdirSync(constructs, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => path.join(constructs, e.name, "input.wsdl")),
      ...(hasShared ? [realTicketWsdl] : []),
    ];
    const views = await viewsOf(wsdls);
    expect(views.filter(([name]) => name === "agent").length).toBeGreaterThanOrEqual(wsdls.length);
    const compiled = await loadTemplates(undefined, { precompiledFile: false });
    const precompiled = await loadTemplates(undefined, { precompiledFile });
    for (const [name, view] of views) expect(precompiled.render(name, view)).toBe(compiled.render(name, view));
  }, 120_000);

  it("are used only for templates whose source they were built from", async () => {
    const module = createRequire(import.meta.url)(precompiledFile) as {
      templates: Record<string, { source: string; spec: unknown }>;
    };
    const tampered = path.join(dir, "tampered.precompiled.cjs");
    // a module whose index spec renders "PRECOMPILED": used with index's true source, not with another
    const fake = (source: string) =>
      `"use strict";\nexports.templates = { index: { source: ${JSON.stringify(source)}, spec: ` +
      `{ compiler: [8, ">= 4.3.0"], main: function () { return "PRECOMPILED"; }, useData: true } } };\n`;
    const view = { banner: "// b", agents: ["TicketAgent"] };
    await writeFile(tampered, fake(module.templates.index!.source), "utf8");
    expect((await loadTemplates(undefined, { precompiledFile: tampered })).render("index", view)).toBe("PRECOMPILED");
    const stale = path.join(dir, "stale.precompiled.cjs");
    await writeFile(stale, fake(module.templates.index!.source + "{{!-- changed --}}"), "utf8");
    expect((await loadTemplates(undefined, { precompiledFile: stale })).render("index", view)).toContain(
      'export * from "./TicketAgent.js"',
    );
  });

  it("need only the Handlebars runtime, not its compiler", async () => {
    const require = createRequire(import.meta.url);
    const compiler = require.resolve("handlebars/dist/cjs/handlebars/compiler/compiler.js");
    const runtime = require.resolve(HANDLEBARS_RUNTIME);
    const handlebarsDir = path.dirname(require.resolve("handlebars/package.json"));
    for (const key of Object.keys(require.cache))
      if (key.startsWith(handlebarsDir + path.sep)) delete require.cache[key];
    await loadTemplates(undefined, { precompiledFile });
    expect(require.cache[runtime]).toBeDefined();
    expect(require.cache[compiler]).toBeUndefined();
    await loadTemplates(undefined, { precompiledFile: false });
    expect(require.cache[compiler]).toBeDefined();
  });

  it("call a replaced partial without HTML-escaping its output", async () => {
    const overrides = path.join(dir, "overrides");
    await mkdir(path.join(overrides, "partials"), { recursive: true });
    await writeFile(path.join(overrides, "partials/jsdoc.hbs"), "{{#each lines}}// {{this}}\n{{/each}}", "utf8");
    const [[, view]] = (await viewsOf([path.join(repoRoot, "wsdl/Services88-Ticket.wsdl")])).filter(
      ([name]) => name === "agent",
    ) as [["agent", { methods: { doc: { lines: string[] } }[] }]];
    view.methods[0]!.doc.lines = ['a < b && c > "d" = `e`'];
    const templates = await loadTemplates(overrides, { precompiledFile });
    expect(templates.render("agent", view)).toContain('// a < b && c > "d" = `e`');
  });
});
