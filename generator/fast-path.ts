/**
 * The CLI's no-op fast path: before yargs and the generator are even loaded, a plain `wsdlgen generate` (from
 * the config) or `wsdlgen generate <wsdl...> --out DIR` checks the run cache of each output folder; when nothing
 * changed it prints so and the process ends. Anything else (other flags, a changed input) falls through to the
 * full CLI, which decides the same way, so the shortcut can only ever skip work the full run would skip too.
 */
import path from "node:path";
import { configRuns, findConfig, loadConfig } from "./config.js";
import { DEFAULT_SCALARS } from "./model/builtins.js";
import { DEFAULT_RUNTIME_IMPORT, fingerprintOptionsOf, isUpToDate } from "./output/manifest.js";

interface Parsed {
  wsdl: string[];
  out?: string;
  config?: string;
  quiet: boolean;
}

/** Parses the few flags the fast path handles; undefined for anything else. */
function parse(argv: string[]): Parsed | undefined {
  if (argv[0] !== "generate") return undefined;
  const parsed: Parsed = { wsdl: [], quiet: false };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--out" || a === "-o") parsed.out = argv[++i];
    else if (a.startsWith("--out=")) parsed.out = a.slice(6);
    else if (a === "--config" || a === "-c") parsed.config = argv[++i];
    else if (a === "--quiet" || a === "-q") parsed.quiet = true;
    else if (a.startsWith("-")) return undefined;
    else parsed.wsdl.push(a);
  }
  if (parsed.wsdl.length ? !parsed.out || parsed.config : parsed.out) return undefined;
  return parsed;
}

/** True when every output folder was up to date (and a message was printed); false to run the full CLI. */
export async function tryNoOp(argv: string[]): Promise<boolean> {
  try {
    const started = performance.now();
    const p = parse(argv);
    if (!p) return false;
    const checks: { outDir: string; options: unknown; templates?: string }[] = [];
    if (p.wsdl.length) {
      const outDir = p.out!;
      checks.push({ outDir, options: fingerprintOptionsOf({ inputs: p.wsdl.map((w) => ({ path: w })), runtimeImport: DEFAULT_RUNTIME_IMPORT, scalars: { ...DEFAULT_SCALARS }, sharedTypes: true, outDir }) });
    } else {
      const configFile = p.config ?? findConfig();
      if (!configFile) return false;
      for (const run of configRuns(await loadConfig(configFile), configFile)) {
        const options = fingerprintOptionsOf({
          inputs: run.services.map((s) => ({ path: s.wsdl, ...(s.operations ? { operations: s.operations } : {}) })),
          templates: run.templates,
          runtimeImport: run.runtimeImport ?? DEFAULT_RUNTIME_IMPORT,
          scalars: { ...DEFAULT_SCALARS, ...run.scalars },
          load: run.load,
          sharedTypes: run.sharedTypes,
          outDir: run.outDir,
        });
        checks.push({ outDir: run.outDir, options, ...(run.templates ? { templates: run.templates } : {}) });
      }
    }
    for (const c of checks) if (!(await isUpToDate(c.outDir, c.options, c.templates))) return false;
    if (!p.quiet) {
      const ms = Math.round(performance.now() - started);
      for (const c of checks) {
        const rel = path.relative(process.cwd(), c.outDir);
        process.stdout.write(`wsdlgen: ${rel && !rel.startsWith("..") ? rel : c.outDir} is up to date, nothing changed (${ms} ms)\n`);
      }
    }
    return true;
  } catch {
    return false; // the full CLI reports whatever went wrong
  }
}
