/**
 * The CLI's fast path. `wsdlgen generate …` is read here with Node's `util.parseArgs`, from the same option table
 * the yargs CLI is built from (cli-options.ts). Before even the generator is loaded, the run cache of each output
 * folder is asked whether the run would change anything; when nothing changed the process prints so and ends.
 * Otherwise the executable runs the command directly (cli-generate.ts, the same code the yargs CLI calls).
 *
 * Whatever the fast path is not sure to read exactly as yargs does — help, a usage error, an unknown or camelCase
 * flag, `--`, short flags run together (`-qv`) or with their value attached (`-oDIR`), a flag given twice that is
 * not repeatable, a boolean followed by `true`/`false`, a number not written as digits — goes to the full CLI.
 */
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import {
  camelCase,
  commandValues,
  GENERATE_COMMAND,
  generateOptionsOf,
  generateUsageProblem,
  type GenerateCommand,
  type GenerateValues,
  type OptionSpec,
} from "./cli-options.js";
import { configRunOptions, isRunUpToDate, type GenerateOptions } from "./pipeline/run-options.js";

const options: readonly OptionSpec[] = GENERATE_COMMAND.options;
const optionsByName = new Map(options.map((o) => [o.name, o]));

/** parseArgs' view of the table: every option may appear several times (checked below), booleans also as `no-`. */
const parseArgsOptions: NonNullable<ParseArgsConfig["options"]> = {};
for (const o of options) {
  parseArgsOptions[o.name] = {
    type: o.type === "boolean" ? "boolean" : "string",
    multiple: true,
    ...(o.alias ? { short: o.alias } : {}),
  };
  if (o.type === "boolean") parseArgsOptions[`no-${o.name}`] = { type: "boolean", multiple: true };
}

/** `generate`'s values, as yargs would give them; undefined for anything to leave to the full CLI. */
export function parseGenerateArgs(argv: string[]): GenerateValues | undefined {
  if (argv[0] !== GENERATE_COMMAND.name) return undefined;
  const args = argv.slice(1);
  let tokens;
  try {
    ({ tokens } = parseArgs({ args, options: parseArgsOptions, strict: true, allowPositionals: true, tokens: true }));
  } catch {
    return undefined;
  }
  const wsdl: string[] = [];
  const parsed: Record<string, unknown> = { wsdl };
  const seen = new Set<string>();
  for (const [i, token] of tokens.entries()) {
    if (token.kind === "option-terminator") return undefined;
    if (token.kind === "positional") {
      wsdl.push(token.value);
      continue;
    }
    const written = args[token.index];
    if (written !== token.rawName && !(token.rawName.startsWith("--") && token.inlineValue)) return undefined;
    const negated = !optionsByName.has(token.name);
    const option = optionsByName.get(negated ? token.name.slice("no-".length) : token.name)!;
    if (seen.has(option.name) && !option.repeatable) return undefined;
    seen.add(option.name);
    const key = camelCase(option.name);
    if (option.type === "boolean") {
      const next = tokens[i + 1];
      if (next?.kind === "positional" && (next.value === "true" || next.value === "false")) return undefined;
      parsed[key] = !negated;
      continue;
    }
    const value = token.value ?? "";
    if (option.choices && !option.choices.includes(value)) return undefined;
    if (option.type === "number") {
      if (!/^\d+$/.test(value)) return undefined;
      parsed[key] = Number(value);
    } else parsed[key] = option.repeatable ? [...((parsed[key] as string[] | undefined) ?? []), value] : value;
  }
  const values = commandValues(GENERATE_COMMAND, parsed);
  return generateUsageProblem(values) === undefined ? values : undefined;
}

/**
 * True when every output folder of the command was up to date (and a message was printed): the command is done.
 * False to run it (it checks, forces, watches or has something to write), or to let the full CLI report a problem.
 */
export async function answerIfUnchanged(cmd: GenerateCommand): Promise<boolean> {
  try {
    // not performance.now(): the first use of the global `performance` loads Node's perf_hooks (~1.5 ms of a no-op)
    const started = process.hrtime.bigint();
    if (cmd.check || cmd.force || cmd.watch) return false;
    const runs: (GenerateOptions & { outDir: string })[] = cmd.wsdl?.length
      ? [generateOptionsOf({ ...cmd, wsdl: cmd.wsdl, out: cmd.out! })]
      : (await configRunOptions(cmd.config)).runs;
    for (const run of runs) if (!(await isRunUpToDate(run))) return false;
    if (!cmd.quiet) {
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
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
