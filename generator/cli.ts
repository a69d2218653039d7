/**
 * `wsdlgen` command line: parses flags, calls the programmatic API, prints diagnostics and a summary, sets the
 * exit code (0 success, 1 input or generation error or --check drift, 2 usage error). Colour only on a TTY
 * (and never with NO_COLOR).
 */
import yargs, { type Argv } from "yargs";
import {
  commandValues,
  DIFF_COMMAND,
  GENERATE_COMMAND,
  generateCommandOf,
  generateUsageProblem,
  MOCK_COMMAND,
  mockOptionsOf,
  mockUsageProblem,
  usageProblem,
  type CommandSpec,
  type CommandValues,
} from "./cli-options.js";
import { reportInputError, runGenerate } from "./cli-generate.js";
import { GeneratorError, internalErrorText } from "./diagnostics.js";

const EXIT_INPUT = 1;
const EXIT_USAGE = 2;

/** A command's usage line from the table: `generate [wsdl..]`, `diff <old> <new>`. */
function usageLine(command: CommandSpec): string {
  const positionals = command.positionals.map((p) => {
    const name = p.variadic ? `${p.name}..` : p.name;
    return p.required ? `<${name}>` : `[${name}]`;
  });
  return [command.name, ...positionals].join(" ");
}

/**
 * Declares a command's positionals and options on yargs, as the table has them, with the checks the table implies
 * (an option given twice, an empty value, a number that is not one) and the command's own.
 */
function declareCommand<C extends CommandSpec>(
  y: Argv,
  command: C,
  problem: (values: CommandValues<C>) => string | undefined = (values) => usageProblem(command, values),
): Argv {
  for (const p of command.positionals) {
    y = y.positional(p.name, {
      type: "string",
      describe: p.description,
      ...(p.variadic ? { array: true } : {}),
      ...(p.required ? { demandOption: true } : {}),
    });
  }
  for (const o of command.options) {
    y = y.option(o.name, {
      type: o.type,
      describe: o.description,
      ...(o.alias ? { alias: o.alias } : {}),
      ...(o.choices ? { choices: o.choices } : {}),
      ...(o.default !== undefined ? { default: o.default } : {}),
      // One value per flag (yargs would otherwise take the WSDL arguments that follow as more values).
      ...(o.repeatable ? { array: true, nargs: 1 } : {}),
    });
  }
  return y.check((args) => {
    const found = problem(commandValues(command, args));
    if (found) throw new Error(found);
    return true;
  });
}

/** Runs the CLI on arguments (without `node` and the script) and resolves to the exit code. */
export async function main(
  argv: string[],
  options: { onMockStarted?: (mock: import("./mock.js").MockServer) => void } = {},
): Promise<number> {
  let exitCode = 0;
  const verbose = argv.includes("--verbose") || argv.includes("-v");
  // With exitProcess(false) yargs still runs a command's handler after a validation failure; this stops it.
  let usageFailed = false;
  const handleInputErrors = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (e) {
      exitCode = reportInputError(e, verbose);
    }
  };
  const parser = yargs(argv)
    .scriptName("wsdlgen")
    .usage("$0 <command> [options]")
    .command(
      usageLine(GENERATE_COMMAND),
      GENERATE_COMMAND.description,
      (y) => declareCommand(y, GENERATE_COMMAND, generateUsageProblem),
      async (args) => {
        if (usageFailed) return;
        const code = await runGenerate(generateCommandOf(commandValues(GENERATE_COMMAND, args)));
        if (code !== 0) exitCode = code;
      },
    )
    .command(
      usageLine(MOCK_COMMAND),
      MOCK_COMMAND.description,
      (y) => declareCommand(y, MOCK_COMMAND, mockUsageProblem),
      async (args) => {
        if (usageFailed) return;
        const values = commandValues(MOCK_COMMAND, args);
        const { wsdl, port, host } = values;
        await handleInputErrors(async () => {
          const { startMockServer } = await import("./mock.js");
          try {
            const mock = await startMockServer(wsdl, mockOptionsOf(values));
            for (const [name, url] of Object.entries(mock.endpoints))
              process.stdout.write(`wsdlgen mock: ${name} at ${url}\n`);
            options.onMockStarted?.(mock);
          } catch (e) {
            // Errors of listen() and of looking up the host carry their system call; anything else is a bug.
            if ((e as NodeJS.ErrnoException).syscall === undefined) throw e;
            process.stderr.write(`wsdlgen mock: cannot listen on ${host}:${port}: ${(e as Error).message}\n`);
            exitCode = EXIT_INPUT;
          }
        });
      },
    )
    .command(
      usageLine(DIFF_COMMAND),
      DIFF_COMMAND.description,
      (y) => declareCommand(y, DIFF_COMMAND),
      async (args) => {
        if (usageFailed) return;
        const values = commandValues(DIFF_COMMAND, args);
        await handleInputErrors(async () => {
          const { diff, formatDiff } = await import("./diff/api-diff.js");
          const report = await diff(values.old, values.new);
          process.stdout.write(values.json ? JSON.stringify(report, null, 2) + "\n" : formatDiff(report));
          if (values.failOnBreaking && report.breaking > 0) exitCode = EXIT_INPUT;
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
  try {
    await parser.parseAsync();
  } catch (e) {
    process.stderr.write(internalErrorText(e, verbose));
    return EXIT_INPUT;
  }
  return exitCode;
}
