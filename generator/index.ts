/**
 * The programmatic API. The CLI is a thin layer over it.
 *
 * ```ts
 * import { generate } from "wsdlgen";
 * await generate({ wsdl: ["wsdl/Services88-Ticket.wsdl"], outDir: "generated" });
 * ```
 */
import { generate } from "./pipeline/generate.js";
import type { GenerateOptions } from "./pipeline/run-options.js";
import type { CheckReport } from "./output/output-folder.js";

export { defineConfig, findConfig, loadConfig, type ServiceConfig, type WsdlgenConfig } from "./config.js";
export { GeneratorError, formatDiagnostic, type Diagnostic } from "./diagnostics.js";
export { diff, diffModels, formatDiff, type ApiChange, type ApiDiff } from "./diff/api-diff.js";
export { DEFAULT_SCALARS, type ScalarMapping } from "./model/builtins.js";
export type { Model } from "./model/model.js";
export type { CheckReport, OutputFile, WriteReport } from "./output/output-folder.js";
export { generate, generateFromConfig, type GenerateResult } from "./pipeline/generate.js";
export { loadMetadata, loadModel } from "./pipeline/load-model.js";
export { DEFAULT_RUNTIME_IMPORT, type GenerateOptions, type WsdlInput } from "./pipeline/run-options.js";

/** Like `generate` with `check: true`: writes nothing and reports how the output folder differs. */
export async function check(options: Omit<GenerateOptions, "check">): Promise<CheckReport> {
  return (await generate({ ...options, check: true })).check ?? { stale: [], missing: [], extra: [] };
}
