// Build step (after tsc): precompiles the default templates (templates/*.hbs) into dist/templates.precompiled.cjs,
// so that a run with the default templates loads only the Handlebars runtime and compiles nothing. The module's
// content and place come from the built templates.js itself.
import { writeFileSync } from "node:fs";
import { precompiledTemplatesFile, precompiledTemplatesModule } from "../dist/generator/emit/templates.js";

writeFileSync(precompiledTemplatesFile(), await precompiledTemplatesModule(), "utf8");
