/**
 * `wsdlgen` command line: parses flags, calls the programmatic API, prints diagnostics and a summary, sets the
 * exit code (0 success, 1 input or generation error or --check drift, 2 usage error). Colour only on a TTY
 * (and never with NO_COLOR).
 */
import yargs from "yargs";
import { reportInputError, runGenerate } from "./cli-generate.js";
import { GeneratorError } from "./index.js";
import type { LoadOptions } from "./load/documents.js";

const EXIT_INPUT = 1;
const EXIT_USAGE = 2;

/** `--offline`, `--map KEY=FILE`, `--timeout` as loader options. */
function loadOptions(args: {
  offline?: boolean | undefined;
  map?: string[] | undefined;
  timeout?: number | undefined;
}): LoadOptions {
  const options: LoadOptions = {};
  if (args.offline) options.offline = true;
  if (args.timeout !== undefined) options.timeoutMs = args.timeout;
  if (args.map?.length)
    options.map = Object.fromEntries(args.map.map((m) => [m.slice(0, m.indexOf("=")), m.slice(m.indexOf("=") + 1)]));
  return options;
}

/** Runs the CLI on arguments (without `node` and the script) and resolves to the exit code. */
export async function main(
  argv: string[],
  options: { onMockStarted?: (mock: import("./mock.js").MockServer) => void } = {},
): Promise<number> {
  let exitCode = 0;
  // With exitProcess(false) yargs still runs a command's handler after a validation failure; this stops it.
  let usageFailed = false;
  const handleInputErrors = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (e) {
      exitCode = reportInputError(e);
    }
  };
  const parser = yargs(argv)
    .scriptName("wsdlgen")
    .usage("$0 <command> [options]")
    .command(
      "generate [wsdl..]",
      "Generate TypeScript types and agents from WSDL files, or from the services of wsdlgen.config.json",
      (y) =>
        y
          .positional("wsdl", {
            type: "string",
            array: true,
            describe: "WSDL file(s); each is written to <out>/<file name>/. Without any, the config file is used",
          })
          .option("out", { alias: "o", type: "string", describe: "Output folder (required with WSDL arguments)" })
          .option("config", {
            alias: "c",
            type: "string",
            describe: "Config file (default: wsdlgen.config.{json,mjs,js} looked up from here)",
          })
          .option("templates", { type: "string", describe: "Folder of .hbs templates overriding the defaults by name" })
          .option("emit-model", { type: "string", describe: "Also write the intermediate model as JSON to this file" })
          .option("operations", {
            type: "string",
            describe: "Comma-separated operations to generate (with only the types they reach)",
          })
          .option("runtime-import", {
            type: "string",
            describe: "Module generated code imports the runtime from",
            default: "wsdlgen/runtime",
          })
          .option("integer", {
            choices: ["string", "bigint", "number"] as const,
            describe: "TS type for xs:long, xs:unsignedLong, xs:integer…",
            default: "string" as const,
          })
          .option("decimal", {
            choices: ["string", "number"] as const,
            describe: "TS type for xs:decimal",
            default: "string" as const,
          })
          .option("date-time", {
            choices: ["string", "Date"] as const,
            describe: "TS type for xs:dateTime",
            default: "string" as const,
          })
          .option("date", {
            choices: ["string", "Date"] as const,
            describe: "TS type for xs:date",
            default: "string" as const,
          })
          .option("binary", {
            choices: ["string", "Uint8Array"] as const,
            describe: "TS type for xs:base64Binary / xs:hexBinary",
            default: "string" as const,
          })
          .option("offline", { type: "boolean", describe: "Never touch the network; remote imports must be mapped" })
          .option("map", {
            type: "string",
            array: true,
            describe: "URL, URL prefix/ or namespace = local file or folder (repeatable)",
          })
          .option("timeout", {
            type: "number",
            describe: "Time limit for fetching one remote document, in ms (default 30000)",
          })
          .option("shared-types", {
            type: "boolean",
            default: true,
            describe: "With several WSDLs, emit identical types once in shared/types.ts",
          })
          .option("check", {
            type: "boolean",
            describe: "Write nothing; exit 1 listing stale, missing and extra files",
          })
          .option("force", { type: "boolean", describe: "Regenerate even when nothing changed since the last run" })
          .option("watch", {
            alias: "w",
            type: "boolean",
            describe: "Regenerate whenever an input, template or the config changes",
          })
          .option("verbose", {
            alias: "v",
            type: "boolean",
            describe: "Also print every file written or removed, and timings",
          })
          .option("quiet", { alias: "q", type: "boolean", describe: "Print errors only" })
          .check((a) => {
            if (a.wsdl?.length && !a.out)
              throw new Error("Missing required argument: out (needed when WSDL files are given)");
            if (!a.wsdl?.length && a.out)
              throw new Error("--out needs WSDL files; a config file names its own output folders");
            for (const m of a.map ?? []) if (!/^[^=]+=.+$/.test(m)) throw new Error(`--map ${m}: expected KEY=FILE`);
            return true;
          }),
      async (args) => {
        if (usageFailed) return;
        const code = await runGenerate({
          ...(args.wsdl?.length ? { wsdl: args.wsdl } : {}),
          ...(args.out !== undefined ? { out: args.out } : {}),
          ...(args.config !== undefined ? { config: args.config } : {}),
          ...(args.templates !== undefined ? { templates: args.templates } : {}),
          ...(args.emitModel !== undefined ? { emitModel: args.emitModel } : {}),
          runtimeImport: args.runtimeImport,
          ...(args.operations
            ? {
                operations: args.operations
                  .split(",")
                  .map((s) => s.trim())
                  .filter(Boolean),
              }
            : {}),
          scalars: {
            integer: args.integer,
            decimal: args.decimal,
            dateTime: args.dateTime,
            date: args.date,
            binary: args.binary,
          },
          sharedTypes: args.sharedTypes,
          ...(args.offline || args.map?.length || args.timeout !== undefined ? { load: loadOptions(args) } : {}),
          check: !!args.check,
          force: !!args.force,
          watch: !!args.watch,
          verbose: !!args.verbose,
          quiet: !!args.quiet,
        });
        if (code !== 0) exitCode = code;
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
        await handleInputErrors(async () => {
          const { startMockServer } = await import("./mock.js");
          try {
            const mock = await startMockServer(args.wsdl, { port: args.port, host: args.host });
            for (const [port, url] of Object.entries(mock.endpoints))
              process.stdout.write(`wsdlgen mock: ${port} at ${url}\n`);
            options.onMockStarted?.(mock);
          } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code !== "EADDRINUSE" && code !== "EACCES") throw e;
            process.stderr.write(`wsdlgen mock: cannot listen on ${args.host}:${args.port}: ${(e as Error).message}\n`);
            exitCode = EXIT_INPUT;
          }
        });
      },
    )
    .command(
      "diff <old> <new>",
      "Report the API changes between two versions of a WSDL, marking those that break a client",
      (y) =>
        y
          .positional("old", { type: "string", demandOption: true, describe: "The previous WSDL" })
          .positional("new", { type: "string", demandOption: true, describe: "The new WSDL" })
          .option("json", { type: "boolean", describe: "Print the report as JSON" })
          .option("fail-on-breaking", { type: "boolean", describe: "Exit 1 when a change breaks clients" }),
      async (args) => {
        if (usageFailed) return;
        await handleInputErrors(async () => {
          const { diff, formatDiff } = await import("./diff/api-diff.js");
          const report = await diff(args.old, args.new);
          process.stdout.write(args.json ? JSON.stringify(report, null, 2) + "\n" : formatDiff(report));
          if (args.failOnBreaking && report.breaking > 0) exitCode = EXIT_INPUT;
        });
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
