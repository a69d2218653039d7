/**
 * `wsdlgen` command line: parses flags, calls the programmatic API, prints diagnostics, sets the exit code
 * (0 success, 1 input or generation error, 2 usage error).
 */
import yargs from "yargs";
import { formatDiagnostic, generate, GeneratorError } from "./index.js";

const EXIT_INPUT = 1;
const EXIT_USAGE = 2;

/** Runs the CLI on arguments (without `node` and the script) and resolves to the exit code. */
export async function main(argv: string[], options: { onMockStarted?: (mock: import("./mock.js").MockServer) => void } = {}): Promise<number> {
  let exitCode = 0;
  // With exitProcess(false) yargs still runs a command's handler after a validation failure; this stops it.
  let usageFailed = false;
  const parser = yargs(argv)
    .scriptName("wsdlgen")
    .usage("$0 <command> [options]")
    .command(
      "generate <wsdl..>",
      "Generate TypeScript types and agents from WSDL files",
      (y) =>
        y
          .positional("wsdl", { type: "string", array: true, describe: "WSDL file(s); each is written to <out>/<file name>/" })
          .option("out", { alias: "o", type: "string", demandOption: true, describe: "Output folder" })
          .option("templates", { type: "string", describe: "Folder of .hbs templates overriding the defaults by name" })
          .option("emit-model", { type: "string", describe: "Also write the intermediate model as JSON to this file" })
          .option("operations", { type: "string", describe: "Comma-separated operations to generate (with only the types they reach)" })
          .option("runtime-import", { type: "string", describe: "Module generated code imports the runtime from", default: "wsdlgen/runtime" })
          .option("integer", { choices: ["string", "bigint", "number"] as const, describe: "TS type for xs:long, xs:unsignedLong, xs:integer…", default: "string" as const })
          .option("decimal", { choices: ["string", "number"] as const, describe: "TS type for xs:decimal", default: "string" as const })
          .option("date-time", { choices: ["string", "Date"] as const, describe: "TS type for xs:dateTime", default: "string" as const })
          .option("date", { choices: ["string", "Date"] as const, describe: "TS type for xs:date", default: "string" as const })
          .option("binary", { choices: ["string", "Uint8Array"] as const, describe: "TS type for xs:base64Binary / xs:hexBinary", default: "string" as const })
          .option("check", { type: "boolean", describe: "Write nothing; exit 1 listing stale, missing and extra files" })
          .option("force", { type: "boolean", describe: "Regenerate even when nothing changed since the last run" })
          .option("verbose", { alias: "v", type: "boolean", describe: "Also print every file written or removed" })
          .option("quiet", { alias: "q", type: "boolean", describe: "Print errors only" }),
      async (args) => {
        if (usageFailed) return;
        try {
          const started = performance.now();
          const result = await generate({
            wsdl: args.wsdl ?? [],
            outDir: args.out,
            templates: args.templates,
            emitModel: args.emitModel,
            runtimeImport: args.runtimeImport,
            operations: args.operations?.split(",").map((s) => s.trim()).filter(Boolean),
            scalars: { integer: args.integer, decimal: args.decimal, dateTime: args.dateTime, date: args.date, binary: args.binary },
            check: args.check,
            force: args.force,
          });
          const ms = Math.round(performance.now() - started);
          if (!args.quiet) for (const w of result.warnings) process.stderr.write(formatDiagnostic(w) + "\n");
          if (result.check) {
            const { stale, missing, extra } = result.check;
            const problems = [...stale.map((f) => `stale:   ${f}`), ...missing.map((f) => `missing: ${f}`), ...extra.map((f) => `extra:   ${f}`)];
            if (problems.length) {
              process.stderr.write(`wsdlgen: ${args.out} is not what generate would write (run it without --check):\n${problems.map((p) => `  ${p}\n`).join("")}`);
              exitCode = EXIT_INPUT;
            } else if (!args.quiet) {
              process.stdout.write(`wsdlgen: ${args.out} is up to date (${result.files.length} files checked, ${ms} ms)\n`);
            }
          } else if (result.upToDate) {
            if (!args.quiet) process.stdout.write(`wsdlgen: ${args.out} is up to date, nothing changed (${ms} ms)\n`);
          } else if (!args.quiet) {
            const r = result.report!;
            const operations = result.models.reduce((n, m) => n + (m.services[0]?.ports[0]?.operations.length ?? 0), 0);
            const types = result.models.reduce((n, m) => n + m.types.length, 0);
            if (args.verbose) {
              for (const f of r.written) process.stdout.write(`  wrote   ${f}\n`);
              for (const f of r.removed) process.stdout.write(`  removed ${f}\n`);
            }
            process.stdout.write(
              `wsdlgen: ${result.files.length} files for ${(args.wsdl ?? []).length} WSDL(s) in ${args.out} (${r.written.length} written, ${r.unchanged.length} unchanged` +
                `${r.removed.length ? `, ${r.removed.length} removed` : ""}); ${operations} operations, ${types} types, ${ms} ms\n`,
            );
          }
        } catch (e) {
          if (e instanceof GeneratorError) {
            for (const d of e.diagnostics) process.stderr.write(formatDiagnostic(d) + "\n");
            exitCode = EXIT_INPUT;
          } else {
            throw e;
          }
        }
      },
    )
    .command(
      "mock <wsdl>",
      "Serve a WSDL's operations with canned responses (for quick tries against a client)",
      (y) =>
        y
          .positional("wsdl", { type: "string", demandOption: true, describe: "WSDL file" })
          .option("port", { alias: "p", type: "number", default: 8080, describe: "TCP port (0 picks a free one)" })
          .option("host", { type: "string", default: "127.0.0.1", describe: "Address to listen on" }),
      async (args) => {
        if (usageFailed) return;
        try {
          const { startMockServer } = await import("./mock.js");
          const mock = await startMockServer(args.wsdl, { port: args.port, host: args.host });
          for (const [port, url] of Object.entries(mock.endpoints)) process.stdout.write(`wsdlgen mock: ${port} at ${url}\n`);
          options.onMockStarted?.(mock);
        } catch (e) {
          if (e instanceof GeneratorError) {
            for (const d of e.diagnostics) process.stderr.write(formatDiagnostic(d) + "\n");
            exitCode = EXIT_INPUT;
          } else if ((e as NodeJS.ErrnoException).code === "EADDRINUSE" || (e as NodeJS.ErrnoException).code === "EACCES") {
            process.stderr.write(`wsdlgen mock: cannot listen on ${args.host}:${args.port}: ${(e as Error).message}\n`);
            exitCode = EXIT_INPUT;
          } else {
            throw e;
          }
        }
      },
    )
    .demandCommand(1, "Name a command, e.g. `wsdlgen generate my.wsdl --out generated`")
    .strict()
    .help()
    .alias("h", "help")
    .version(false)
    .exitProcess(false)
    .fail((message, error) => {
      if (error && !(error instanceof GeneratorError) && !message) throw error;
      if (usageFailed) return;
      process.stderr.write(`wsdlgen: ${message ?? error?.message}\nRun wsdlgen --help for usage.\n`);
      usageFailed = true;
      exitCode = EXIT_USAGE;
    });
  await parser.parseAsync();
  return exitCode;
}
