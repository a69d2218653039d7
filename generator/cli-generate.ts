/**
 * What `wsdlgen generate` does once its arguments are known: generate from WSDL arguments or the config, print
 * warnings, progress and a summary (or the --check report), watch when asked. No yargs here: the executable calls
 * this directly when the fast path could read the arguments, and the yargs CLI calls it otherwise.
 */
import path from "node:path";
import { generateOptionsOf, type GenerateCommand } from "./cli-options.js";
import { formatDiagnostic, GeneratorError, internalErrorText, type Diagnostic } from "./diagnostics.js";
import { generate, generateFromConfig, type GenerateResult } from "./index.js";

const EXIT_INPUT = 1;

interface Output {
  quiet: boolean;
  verbose: boolean;
}

function paint(stream: NodeJS.WriteStream, code: number, text: string): string {
  return stream.isTTY && !process.env.NO_COLOR ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export function printDiagnostic(d: Diagnostic): void {
  const text = formatDiagnostic(d);
  process.stderr.write(paint(process.stderr, d.severity === "error" ? 31 : 33, text) + "\n");
}

/** Prints one run's outcome; returns true when --check found drift. */
function printRun(result: GenerateResult, outFolder: string, wsdlCount: number, ms: number, out: Output): boolean {
  const rel = path.relative(process.cwd(), outFolder);
  const outDir = path.isAbsolute(outFolder) && rel && !rel.startsWith("..") ? rel : outFolder;
  if (!out.quiet) for (const w of result.warnings) printDiagnostic(w);
  if (result.check) {
    const { stale, missing, extra } = result.check;
    const problems = [
      ...stale.map((f) => `stale:   ${f}`),
      ...missing.map((f) => `missing: ${f}`),
      ...extra.map((f) => `extra:   ${f}`),
    ];
    if (problems.length) {
      process.stderr.write(
        `wsdlgen: ${outDir} is not what generate would write (run it without --check):\n${problems.map((p) => `  ${p}\n`).join("")}`,
      );
      return true;
    }
    if (!out.quiet)
      process.stdout.write(`wsdlgen: ${outDir} is up to date (${result.files.length} files checked, ${ms} ms)\n`);
    return false;
  }
  if (out.quiet) return false;
  if (result.upToDate) {
    process.stdout.write(`wsdlgen: ${outDir} is up to date, nothing changed (${ms} ms)\n`);
    return false;
  }
  const r = result.report!;
  const operations = result.models.reduce(
    (n, m) => n + m.services.reduce((k, s) => k + (s.ports[0]?.operations.length ?? 0), 0),
    0,
  );
  const types = result.models.reduce((n, m) => n + m.types.length, 0);
  if (out.verbose) {
    for (const f of r.written) process.stdout.write(`  wrote   ${f}\n`);
    for (const f of r.removed) process.stdout.write(`  removed ${f}\n`);
    if (result.timings)
      process.stdout.write(
        `  phases: ${Object.entries(result.timings)
          .map(([k, v]) => `${k} ${v} ms`)
          .join(", ")}\n`,
      );
  }
  process.stdout.write(
    `wsdlgen: ${result.files.length} files for ${wsdlCount} WSDL(s) in ${outDir} (${r.written.length} written, ${r.unchanged.length} unchanged` +
      `${r.removed.length ? `, ${r.removed.length} removed` : ""}); ${operations} operations, ${types} types, ${ms} ms\n`,
  );
  return false;
}

/**
 * Prints a GeneratorError's diagnostics, or for anything else that it is a bug in wsdlgen and how to report it
 * (with the stack trace only when `verbose`); returns exit code 1.
 */
export function reportInputError(e: unknown, verbose = false): number {
  if (e instanceof GeneratorError) for (const d of e.diagnostics) printDiagnostic(d);
  else process.stderr.write(internalErrorText(e, verbose));
  return EXIT_INPUT;
}

/** Runs the generate command; resolves to the exit code (0, or 1 for input errors and --check drift). */
export async function runGenerate(cmd: GenerateCommand): Promise<number> {
  const out: Output = { quiet: !!cmd.quiet, verbose: !!cmd.verbose };
  // Progress, one line per WSDL as it is read, when several are generated (or with --verbose).
  const onProgress = (p: { wsdl: string; documents: number; operations: number; types: number; ms: number }) => {
    if (!out.quiet)
      process.stdout.write(
        `  read ${path.basename(p.wsdl)}: ${p.documents} document(s), ${p.operations} operations, ${p.types} types (${p.ms} ms)\n`,
      );
  };
  const progress = (count: number) => (out.verbose || count > 1 ? { onProgress } : {});
  let exitCode = 0;
  const outDirs = new Set<string>();
  const once = async () => {
    exitCode = 0;
    try {
      const started = performance.now();
      if (cmd.wsdl?.length) {
        const result = await generate({
          ...generateOptionsOf({ ...cmd, wsdl: cmd.wsdl, out: cmd.out! }),
          ...progress(cmd.wsdl.length),
        });
        outDirs.add(cmd.out!);
        if (printRun(result, cmd.out!, cmd.wsdl.length, Math.round(performance.now() - started), out))
          exitCode = EXIT_INPUT;
      } else {
        const { configFile, runs } = await generateFromConfig({
          ...(cmd.config !== undefined ? { config: cmd.config } : {}),
          check: !!cmd.check,
          force: !!cmd.force,
          ...progress(2),
        });
        let drift = false;
        for (const run of runs) outDirs.add(run.outDir);
        for (const run of runs)
          drift =
            printRun(
              run,
              run.outDir,
              run.models.length || run.files.length,
              Math.round(performance.now() - started),
              out,
            ) || drift;
        if (out.verbose) process.stdout.write(`wsdlgen: ${runs.length} output folder(s) from ${configFile}\n`);
        if (drift) exitCode = EXIT_INPUT;
      }
    } catch (e) {
      exitCode = reportInputError(e, out.verbose);
    }
  };
  await once();
  if (cmd.watch) {
    const { watch } = await import("./watch.js");
    // Imported and included documents are watched too: each output folder's run cache lists what was read.
    await watch(
      {
        ...(cmd.wsdl ? { wsdl: cmd.wsdl } : {}),
        ...(cmd.config ? { config: cmd.config } : {}),
        ...(cmd.templates ? { templates: cmd.templates } : {}),
        outDirs: [...outDirs],
        ...(cmd.signal ? { signal: cmd.signal } : {}),
      },
      once,
    );
  }
  return exitCode;
}
