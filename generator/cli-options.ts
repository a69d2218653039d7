/**
 * The command line, declared once: each command's positionals and options (name, type, description, alias,
 * choices, default, whether repeatable). The yargs CLI (cli.ts) builds its commands from this table, and the fast
 * path (fast-path.ts) reads `generate` with Node's `util.parseArgs` from it, so the two cannot disagree on a flag.
 * Also here, shared by both: the checks yargs cannot express, and `generate`'s values turned into a command and
 * into API options. Light on purpose (no yargs, no generator): the fast path loads it.
 */
import { SCALAR_CHOICES } from "./config.js";
import type { LoadOptions } from "./load/documents.js";
import type { ArrayWrappers } from "./model/array-wrappers.js";
import type { ScalarMapping } from "./model/builtins.js";
import type { GenerateOptions } from "./pipeline/run-options.js";

export interface OptionSpec {
  /** The flag without dashes, kebab-case (`emit-model`); parsers give its value under the camelCase name. */
  readonly name: string;
  /** `number` values are written as digits. A boolean can also be turned off with `--no-<name>`. */
  readonly type: "string" | "boolean" | "number";
  readonly description: string;
  /** A one-letter short form. */
  readonly alias?: string;
  readonly choices?: readonly string[];
  readonly default?: string | boolean | number;
  /** Given once per value (`--map A=a --map B=b`); the value is an array. */
  readonly repeatable?: true;
}

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  /** Must be given. */
  readonly required?: true;
  /** Takes all remaining arguments; the value is an array. */
  readonly variadic?: true;
}

export interface CommandSpec {
  /** The command name, first on the command line. */
  readonly name: string;
  readonly description: string;
  readonly positionals: readonly PositionalSpec[];
  readonly options: readonly OptionSpec[];
}

export const GENERATE_COMMAND = {
  name: "generate",
  description: "Generate TypeScript types and agents from WSDL files, or from the services of wsdlgen.config.json",
  positionals: [
    {
      name: "wsdl",
      description: "WSDL file(s); each is written to <out>/<file name>/. Without any, the config file is used",
      variadic: true,
    },
  ],
  options: [
    { name: "out", alias: "o", type: "string", description: "Output folder (required with WSDL arguments)" },
    {
      name: "config",
      alias: "c",
      type: "string",
      description: "Config file, when no WSDL is given (default: wsdlgen.config.{json,mjs,js} looked up from here)",
    },
    { name: "templates", type: "string", description: "Folder of .hbs templates overriding the defaults by name" },
    { name: "emit-model", type: "string", description: "Also write the intermediate model as JSON to this file" },
    {
      name: "operations",
      type: "string",
      description: "Comma-separated operations to generate (with only the types they reach)",
    },
    {
      name: "runtime-import",
      type: "string",
      description: "Module generated code imports the runtime from",
      default: "@wsdlgen/runtime",
    },
    {
      name: "integer",
      type: "string",
      choices: SCALAR_CHOICES.integer,
      description: "TS type for xs:long, xs:unsignedLong, xs:integer…",
      default: "string",
    },
    {
      name: "decimal",
      type: "string",
      choices: SCALAR_CHOICES.decimal,
      description: "TS type for xs:decimal",
      default: "string",
    },
    {
      name: "date-time",
      type: "string",
      choices: SCALAR_CHOICES.dateTime,
      description: "TS type for xs:dateTime",
      default: "string",
    },
    {
      name: "date",
      type: "string",
      choices: SCALAR_CHOICES.date,
      description: "TS type for xs:date",
      default: "string",
    },
    {
      name: "binary",
      type: "string",
      choices: SCALAR_CHOICES.binary,
      description: "TS type for xs:base64Binary / xs:hexBinary",
      default: "string",
    },
    { name: "offline", type: "boolean", description: "Never touch the network; remote imports must be mapped" },
    {
      name: "map",
      type: "string",
      repeatable: true,
      description: "URL, URL prefix/ or namespace = local file or folder (repeatable)",
    },
    {
      name: "timeout",
      type: "number",
      description: "Time limit for fetching one remote document, in ms (default 30000)",
    },
    {
      name: "keep-array-wrappers",
      type: "boolean",
      description: "Keep types whose content is one repeated element as objects (WCF's ArrayOf… stay arrays)",
    },
    {
      name: "shared-types",
      type: "boolean",
      default: true,
      description: "With several WSDLs, emit identical types once in shared/types.ts",
    },
    { name: "check", type: "boolean", description: "Write nothing; exit 1 listing stale, missing and extra files" },
    { name: "force", type: "boolean", description: "Regenerate even when nothing changed since the last run" },
    {
      name: "watch",
      alias: "w",
      type: "boolean",
      description: "Regenerate whenever an input, template or the config changes",
    },
    {
      name: "verbose",
      alias: "v",
      type: "boolean",
      description: "Also print every file written or removed, and timings",
    },
    { name: "quiet", alias: "q", type: "boolean", description: "Print errors only" },
  ],
} as const satisfies CommandSpec;

export const MOCK_COMMAND = {
  name: "mock",
  description: "Serve a WSDL's operations with canned responses (for quick tries against a client)",
  positionals: [{ name: "wsdl", description: "WSDL file", required: true }],
  options: [
    { name: "port", alias: "p", type: "number", default: 8080, description: "TCP port (0 picks a free one)" },
    { name: "host", type: "string", default: "127.0.0.1", description: "Address to listen on" },
    { name: "cors", type: "boolean", description: "Let web pages of any origin call it (CORS preflight and headers)" },
    {
      name: "username",
      type: "string",
      description: "Require a WS-Security UsernameToken of this user in every request (with --password)",
    },
    { name: "password", type: "string", description: "The password of --username (PasswordText or PasswordDigest)" },
  ],
} as const satisfies CommandSpec;

export const DIFF_COMMAND = {
  name: "diff",
  description: "Report the API changes between two versions of a WSDL, marking those that break a client",
  positionals: [
    { name: "old", description: "The previous WSDL", required: true },
    { name: "new", description: "The new WSDL", required: true },
  ],
  options: [
    { name: "json", type: "boolean", description: "Print the report as JSON" },
    { name: "fail-on-breaking", type: "boolean", description: "Exit 1 when a change breaks clients" },
  ],
} as const satisfies CommandSpec;

export const COMMANDS: readonly CommandSpec[] = [GENERATE_COMMAND, MOCK_COMMAND, DIFF_COMMAND];

/** `emit-model` → `emitModel`: the key a flag's value is found under. */
export function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

type ValueOf<O extends OptionSpec> = O extends { choices: readonly (infer C)[] }
  ? C
  : O["type"] extends "boolean"
    ? boolean
    : O["type"] extends "number"
      ? number
      : string;
type OptionValue<O extends OptionSpec> = O extends { repeatable: true } ? ValueOf<O>[] : ValueOf<O>;
type PositionalValue<P extends PositionalSpec> = P extends { variadic: true }
  ? string[]
  : P extends { required: true }
    ? string
    : string | undefined;

/** The values of a command's arguments as both parsers give them: options absent without default are undefined. */
export type CommandValues<C extends CommandSpec> = {
  [P in C["positionals"][number] as P["name"]]: PositionalValue<P>;
} & {
  [O in C["options"][number] as CamelCase<O["name"]>]: O extends { default: unknown }
    ? OptionValue<O>
    : OptionValue<O> | undefined;
};

export type GenerateValues = CommandValues<typeof GENERATE_COMMAND>;

/**
 * A command's values picked from a parser's result (keyed by positional name and camelCase option name), with
 * the table's defaults for what is missing.
 */
export function commandValues<C extends CommandSpec>(command: C, parsed: Record<string, unknown>): CommandValues<C> {
  const values: Record<string, unknown> = {};
  for (const p of command.positionals) values[p.name] = parsed[p.name] ?? (p.variadic ? [] : undefined);
  for (const o of command.options) values[camelCase(o.name)] = parsed[camelCase(o.name)] ?? o.default;
  return values as CommandValues<C>;
}

/**
 * What is wrong with a command's values by the table itself, if anything: an option that takes one value given
 * twice, an empty value, a number that is not a whole number of 0 or more, an empty positional argument.
 */
export function usageProblem(command: CommandSpec, values: Record<string, unknown>): string | undefined {
  for (const p of command.positionals) {
    const given = values[p.name];
    if ((Array.isArray(given) ? given : [given]).includes("")) return `an empty ${p.name} argument`;
  }
  for (const o of command.options) {
    const value = values[camelCase(o.name)];
    if (value === undefined) continue;
    if (Array.isArray(value) && !o.repeatable) return `--${o.name} is given more than once`;
    if (o.type === "string" && (Array.isArray(value) ? value : [value]).includes(""))
      return `--${o.name} needs a value`;
    if (o.type === "number" && !(Number.isSafeInteger(value) && (value as number) >= 0))
      return `--${o.name} must be a whole number, 0 or more`;
  }
  return undefined;
}

/** What is wrong with `generate`'s arguments beyond what the table says (yargs reports it as usage), if anything. */
export function generateUsageProblem(values: GenerateValues): string | undefined {
  const problem = usageProblem(GENERATE_COMMAND, values);
  if (problem) return problem;
  if (values.wsdl.length && !values.out) return "Missing required argument: out (needed when WSDL files are given)";
  if (!values.wsdl.length && values.out) return "--out needs WSDL files; a config file names its own output folders";
  if (values.wsdl.length && values.config !== undefined)
    return "--config is not read when WSDL files are given: use either WSDL files with options, or a config file";
  const keys = new Set<string>();
  for (const m of values.map ?? []) {
    if (!/^[^=]+=.+$/.test(m)) return `--map ${m}: expected KEY=FILE`;
    const key = m.slice(0, m.indexOf("="));
    if (keys.has(key)) return `--map ${key} is given twice`;
    keys.add(key);
  }
  if (values.timeout === 0) return "--timeout must be above 0 (milliseconds)";
  if (values.operations !== undefined && !operationNames(values.operations).length)
    return "--operations needs at least one operation name (leave it out for all operations)";
  return undefined;
}

export type MockValues = CommandValues<typeof MOCK_COMMAND>;

/** What is wrong with `mock`'s arguments beyond what the table says, if anything. */
export function mockUsageProblem(values: MockValues): string | undefined {
  const problem = usageProblem(MOCK_COMMAND, values);
  if (problem) return problem;
  if (values.port > 65535) return "--port must be from 0 to 65535";
  if ((values.username === undefined) !== (values.password === undefined))
    return "--username and --password go together: the UsernameToken the mock requires needs both";
  return undefined;
}

/** The options of `startMockServer` that `wsdlgen mock`'s flags ask for. */
export function mockOptionsOf(values: MockValues): {
  port: number;
  host: string;
  cors: boolean;
  usernameToken?: { username: string; password: string };
} {
  const { port, host, cors, username, password } = values;
  return username !== undefined && password !== undefined
    ? { port, host, cors: cors === true, usernameToken: { username, password } }
    : { port, host, cors: cors === true };
}

/** `--operations A, B` as names. */
function operationNames(operations: string): string[] {
  return operations
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** What `wsdlgen generate` is asked to do. */
export interface GenerateCommand {
  wsdl?: string[];
  out?: string;
  config?: string;
  templates?: string;
  emitModel?: string;
  runtimeImport?: string;
  operations?: string[];
  scalars?: Partial<ScalarMapping>;
  sharedTypes?: boolean;
  arrayWrappers?: ArrayWrappers;
  load?: LoadOptions;
  check?: boolean;
  force?: boolean;
  watch?: boolean;
  /** Ends watching (for tests and embedders); without it, watching lasts until the process ends. */
  signal?: AbortSignal;
  verbose?: boolean;
  quiet?: boolean;
}

/** `--offline`, `--map KEY=FILE`, `--timeout` as loader options, or none when none was given. */
function loadOptionsOf(values: GenerateValues): LoadOptions | undefined {
  if (!values.offline && !values.map?.length && values.timeout === undefined) return undefined;
  const options: LoadOptions = {};
  if (values.offline) options.offline = true;
  if (values.timeout !== undefined) options.timeoutMs = values.timeout;
  if (values.map?.length)
    options.map = Object.fromEntries(values.map.map((m) => [m.slice(0, m.indexOf("=")), m.slice(m.indexOf("=") + 1)]));
  return options;
}

/** `generate`'s parsed values as a command. */
export function generateCommandOf(values: GenerateValues): GenerateCommand {
  const operations = values.operations !== undefined ? operationNames(values.operations) : undefined;
  const load = loadOptionsOf(values);
  return {
    ...(values.wsdl.length ? { wsdl: values.wsdl } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(values.templates !== undefined ? { templates: values.templates } : {}),
    ...(values.emitModel !== undefined ? { emitModel: values.emitModel } : {}),
    runtimeImport: values.runtimeImport,
    ...(operations ? { operations } : {}),
    scalars: {
      integer: values.integer,
      decimal: values.decimal,
      dateTime: values.dateTime,
      date: values.date,
      binary: values.binary,
    },
    sharedTypes: values.sharedTypes,
    ...(values.keepArrayWrappers ? { arrayWrappers: "keep" as const } : {}),
    ...(load ? { load } : {}),
    check: !!values.check,
    force: !!values.force,
    watch: !!values.watch,
    verbose: !!values.verbose,
    quiet: !!values.quiet,
  };
}

/** The API options of a `generate` command with WSDL arguments (without progress reporting). */
export function generateOptionsOf(
  cmd: GenerateCommand & { wsdl: string[]; out: string },
): GenerateOptions & { outDir: string } {
  return {
    wsdl: cmd.wsdl,
    outDir: cmd.out,
    ...(cmd.templates !== undefined ? { templates: cmd.templates } : {}),
    ...(cmd.emitModel !== undefined ? { emitModel: cmd.emitModel } : {}),
    ...(cmd.runtimeImport !== undefined ? { runtimeImport: cmd.runtimeImport } : {}),
    ...(cmd.operations ? { operations: cmd.operations } : {}),
    ...(cmd.scalars ? { scalars: cmd.scalars } : {}),
    ...(cmd.sharedTypes !== undefined ? { sharedTypes: cmd.sharedTypes } : {}),
    ...(cmd.arrayWrappers ? { arrayWrappers: cmd.arrayWrappers } : {}),
    ...(cmd.load ? { load: cmd.load } : {}),
    check: !!cmd.check,
    force: !!cmd.force,
  };
}
