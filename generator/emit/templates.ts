/**
 * Handlebars templates for agents and index files. The defaults live in the package's `templates/` folder
 * (`*.hbs`, partials under `partials/`); a user's `--templates DIR` replaces any of them file by file.
 * Output is code, not HTML: nothing is escaped, so view models carry text that is already safe TypeScript.
 *
 * The build precompiles the default templates into a CommonJS module, `dist/templates.precompiled.cjs` of the
 * package (written by `scripts/precompile-templates.mjs` from {@link precompiledTemplatesModule}), so a run that uses only
 * the defaults loads the Handlebars runtime alone and compiles nothing. The module keeps each template's source: a
 * template whose file no longer matches it (edited after the build, or replaced with `--templates`) is compiled at
 * run time with the full Handlebars, as is everything when the module is absent (running from the TypeScript
 * sources). Handlebars is CommonJS and is loaded with `require` (no cjs-module-lexer scan of its sources).
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GeneratorError } from "../diagnostics.js";
import { templateHelpers } from "./template-helpers.js";

type HandlebarsEnv = typeof import("handlebars");
type TemplateSpec = Parameters<HandlebarsEnv["template"]>[0];
type TemplateDelegate = import("handlebars").TemplateDelegate;

/** Where the build writes the precompiled default templates: `dist/` of the package (next to `templates/`). */
export function precompiledTemplatesFile(): string {
  return path.join(path.dirname(defaultTemplatesDir()), "dist", "templates.precompiled.cjs");
}

/** What the precompiled module exports: per template name (`agent`, `partials/jsdoc`…), its source and spec. */
interface PrecompiledTemplates {
  templates: Record<string, { source: string; spec: TemplateSpec }>;
}

const require = createRequire(import.meta.url);
/** The Handlebars runtime, in one file. */
export const HANDLEBARS_RUNTIME = "handlebars/dist/handlebars.runtime.js";

/** Compile options of every template: code is not escaped; only the registered helpers exist. */
function compileOptions(knownHelpersOnly: boolean): CompileOptions {
  return {
    noEscape: true,
    knownHelpers: Object.fromEntries(Object.keys(templateHelpers).map((h) => [h, true])),
    ...(knownHelpersOnly ? { knownHelpersOnly: true } : {}),
  };
}
type CompileOptions = NonNullable<Parameters<HandlebarsEnv["compile"]>[1]>;

/** The package's own templates folder: the nearest ancestor of this module that has `templates/agent.hbs`. */
export function defaultTemplatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "templates", "agent.hbs"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("internal: the package's templates folder is missing");
    dir = parent;
  }
  return path.join(dir, "templates");
}

export interface Templates {
  render(name: "agent" | "index", view: object): string;
}

async function listTemplates(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (sub: string) => {
    let entries;
    try {
      entries = await readdir(path.join(dir, sub), { withFileTypes: true });
    } catch (e) {
      if (sub === "") {
        throw new GeneratorError({
          severity: "error",
          code: "templates-unreadable",
          message: `cannot read templates folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
          location: { file: dir },
        });
      }
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(rel);
      else if (entry.name.endsWith(".hbs")) files.set(rel.slice(0, -4), path.join(dir, rel));
    }
  };
  await walk("");
  return files;
}

/** The precompiled default templates in `file`, or undefined when they were not built. */
function readPrecompiled(file: string): PrecompiledTemplates["templates"] | undefined {
  if (!existsSync(file)) return undefined;
  return (require(file) as PrecompiledTemplates).templates;
}

/**
 * Loads the templates: the defaults, with the `.hbs` files of `overrideDir` replacing those of the same name.
 * `options.precompiledFile` names another precompiled module, or with `false` none (for tests).
 */
export async function loadTemplates(
  overrideDir?: string,
  options: { precompiledFile?: string | false } = {},
): Promise<Templates> {
  const files = await listTemplates(defaultTemplatesDir());
  if (overrideDir) for (const [name, file] of await listTemplates(path.resolve(overrideDir))) files.set(name, file);
  const sources = new Map<string, string>();
  for (const [name, file] of files) sources.set(name, await readFile(file, "utf8"));
  const { precompiledFile = precompiledTemplatesFile() } = options;
  const precompiled = precompiledFile === false ? undefined : readPrecompiled(precompiledFile);
  /** The precompiled spec of a template, when it was built from exactly this source. */
  const specOf = (name: string) => {
    const entry = precompiled && Object.hasOwn(precompiled, name) ? precompiled[name] : undefined;
    return entry?.source === sources.get(name) ? entry?.spec : undefined;
  };
  const allPrecompiled = [...sources.keys()].every((name) => specOf(name) !== undefined);
  // The runtime alone can only run precompiled templates; anything else needs the compiler. The runtime is loaded
  // from its one-file build (the same code as `handlebars/runtime`, which is ~20 modules: a third of the time).
  const Handlebars = require(allPrecompiled ? HANDLEBARS_RUNTIME : "handlebars") as HandlebarsEnv;
  const hb = Handlebars.create();
  for (const [name, helper] of Object.entries(templateHelpers)) hb.registerHelper(name, helper);
  const compiled = new Map<string, TemplateDelegate>();
  for (const [name, source] of sources) {
    const spec = specOf(name);
    try {
      // A partial is compiled here, not registered as source: source partials would be compiled with the options
      // of the template calling them, and a precompiled template carries none (its output would be HTML-escaped).
      const template = spec ? hb.template(spec) : hb.compile(source, compileOptions(false));
      if (name.startsWith("partials/")) hb.registerPartial(name.slice("partials/".length), template);
      else compiled.set(name, template);
    } catch (e) {
      throw new GeneratorError({
        severity: "error",
        code: "template-invalid",
        message: `template does not compile: ${(e as Error).message}`,
        location: { file: files.get(name)! },
      });
    }
  }
  return {
    render(name, view) {
      const template = compiled.get(name);
      if (!template)
        throw new GeneratorError({
          severity: "error",
          code: "template-missing",
          message: `no template named ${name}.hbs`,
          location: { file: overrideDir ?? defaultTemplatesDir() },
        });
      try {
        return template(view);
      } catch (e) {
        throw new GeneratorError({
          severity: "error",
          code: "template-failed",
          message: `template ${name}.hbs failed: ${(e as Error).message}`,
          location: { file: files.get(name)! },
        });
      }
    },
  };
}

/**
 * The source of the precompiled module ({@link precompiledTemplatesFile}): the package's default templates precompiled (with `knownHelpersOnly`:
 * a helper that is not registered is a build error), each with the source it was compiled from.
 */
export async function precompiledTemplatesModule(dir = defaultTemplatesDir()): Promise<string> {
  const Handlebars = require("handlebars") as HandlebarsEnv;
  const entries: string[] = [];
  for (const [name, file] of await listTemplates(dir)) {
    const source = await readFile(file, "utf8");
    const spec = Handlebars.precompile(source, compileOptions(true)) as string;
    entries.push(`  ${JSON.stringify(name)}: {\n    source: ${JSON.stringify(source)},\n    spec: ${spec},\n  },`);
  }
  return (
    "// Written by `npm run build` (scripts/precompile-templates.mjs): templates/*.hbs precompiled by Handlebars.\n" +
    `"use strict";\nexports.templates = {\n${entries.join("\n")}\n};\n`
  );
}
