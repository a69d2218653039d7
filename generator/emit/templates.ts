/**
 * Handlebars templates for agents and index files. The defaults live in the package's `templates/` folder
 * (`*.hbs`, partials under `partials/`); a user's `--templates DIR` replaces any of them file by file.
 * Output is code, not HTML: nothing is escaped, so view models carry text that is already safe TypeScript.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GeneratorError } from "../diagnostics.js";
import { templateHelpers } from "./template-helpers.js";

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

export async function loadTemplates(overrideDir?: string): Promise<Templates> {
  const files = await listTemplates(defaultTemplatesDir());
  if (overrideDir) for (const [name, file] of await listTemplates(path.resolve(overrideDir))) files.set(name, file);
  const Handlebars = (await import("handlebars")).default;
  const hb = Handlebars.create();
  for (const [name, helper] of Object.entries(templateHelpers)) hb.registerHelper(name, helper);
  const compiled = new Map<string, import("handlebars").TemplateDelegate>();
  for (const [name, file] of files) {
    const source = await readFile(file, "utf8");
    try {
      if (name.startsWith("partials/")) hb.registerPartial(name.slice("partials/".length), source);
      else
        compiled.set(
          name,
          hb.compile(source, {
            noEscape: true,
            knownHelpers: Object.fromEntries(Object.keys(templateHelpers).map((h) => [h, true])),
          }),
        );
    } catch (e) {
      throw new GeneratorError({
        severity: "error",
        code: "template-invalid",
        message: `template does not compile: ${(e as Error).message}`,
        location: { file },
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
