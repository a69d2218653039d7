/**
 * The CLI's fast paths. The plain forms of `generate` — `wsdlgen generate` (from the config) or
 * `wsdlgen generate <wsdl...> --out DIR`, with `--config`, `--quiet`, `--verbose`, `--force`, `--check` — are
 * parsed here without yargs. Before even the generator is loaded, the run cache of each output folder is checked;
 * when nothing changed the process prints so and ends. Otherwise the executable runs the command directly
 * (cli-generate.ts, the same code the yargs CLI calls). Anything else goes to the full CLI.
 */
import path from "node:path";
import { configRunOptions, isRunUpToDate, type GenerateOptions } from "./pipeline/run-options.js";

export interface PlainGenerate {
  wsdl: string[];
  out?: string;
  config?: string;
  quiet: boolean;
  verbose: boolean;
  force: boolean;
  check: boolean;
}

/** Parses the plain forms of `generate`; undefined for anything else (the full CLI handles it). */
export function parsePlainGenerate(argv: string[]): PlainGenerate | undefined {
  if (argv[0] !== "generate") return undefined;
  const parsed: PlainGenerate = { wsdl: [], quiet: false, verbose: false, force: false, check: false };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      return v === undefined || v.startsWith("-") ? undefined : v;
    };
    if (a === "--out" || a === "-o") parsed.out = value() ?? "";
    else if (a === "--config" || a === "-c") parsed.config = value() ?? "";
    else if (a === "--quiet" || a === "-q") parsed.quiet = true;
    else if (a === "--verbose" || a === "-v") parsed.verbose = true;
    else if (a === "--force") parsed.force = true;
    else if (a === "--check") parsed.check = true;
    else if (a.startsWith("-")) return undefined;
    else parsed.wsdl.push(a);
  }
  if (parsed.out === "" || parsed.config === "") return undefined;
  if (parsed.wsdl.length ? !parsed.out || parsed.config : parsed.out) return undefined;
  return parsed;
}

/** True when every output folder was up to date (and a message was printed); false to run the command. */
export async function tryNoOp(argv: string[]): Promise<boolean> {
  try {
    const started = performance.now();
    const p = parsePlainGenerate(argv);
    if (!p || p.force || p.check) return false;
    const runs: (GenerateOptions & { outDir: string })[] = p.wsdl.length
      ? [{ wsdl: p.wsdl, outDir: p.out! }]
      : (await configRunOptions(p.config)).runs;
    for (const run of runs) if (!(await isRunUpToDate(run))) return false;
    if (!p.quiet) {
      const ms = Math.round(performance.now() - started);
      for (const { outDir } of runs) {
        const rel = path.relative(process.cwd(), outDir);
        process.stdout.write(
          `wsdlgen: ${rel && !rel.startsWith("..") ? rel : outDir} is up to date, nothing changed (${ms} ms)\n`,
        );
      }
    }
    return true;
  } catch {
    return false; // the full CLI reports whatever went wrong
  }
}
