// Build step (after tsc): precompiles the default templates (templates/*.hbs) into
// dist/generator/emit/templates.precompiled.cjs, so that a run with the default templates loads only the
// Handlebars runtime and compiles nothing. The module's content comes from the built templates.js itself.
import { writeFileSync } from "node:fs";
import { PRECOMPILED_FILE, precompiledTemplatesModule } from "../dist/generator/emit/templates.js";

const target = new URL(`../dist/generator/emit/${PRECOMPILED_FILE}`, import.meta.url);
writeFileSync(target, await precompiledTemplatesModule(), "utf8");
