/**
 * cli-options.ts: the command line is declared once. Every option of the table is accepted by both parsers — the
 * yargs CLI and the fast path's util.parseArgs — and gives the same `generate` command; what the fast path is not
 * sure to read as yargs does, it leaves to yargs; and the README's option tables list the same flags.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { runGenerate } from "../generator/cli-generate.js";
import { COMMANDS, GENERATE_COMMAND, generateCommandOf, type OptionSpec } from "../generator/cli-options.js";
import { main } from "../generator/cli.js";
import { parseGenerateArgs } from "../generator/fast-path.js";
import { repoRoot } from "./helpers.js";

// The yargs CLI hands its command to runGenerate: record it instead of generating.
vi.mock(import("../generator/cli-generate.js"), async (importOriginal) => ({
  ...(await importOriginal()),
  runGenerate: vi.fn(async () => 0),
}));

beforeEach(() => vi.mocked(runGenerate).mockClear());

/** The command the yargs CLI runs for these arguments (failing the test on a usage error). */
async function commandFromYargs(argv: string[]) {
  let stderr = "";
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    expect(await main(argv), `${argv.join(" ")}: ${stderr}`).toBe(0);
  } finally {
    err.mockRestore();
  }
  expect(runGenerate).toHaveBeenCalledTimes(1);
  return vi.mocked(runGenerate).mock.calls[0]![0];
}

const options: readonly OptionSpec[] = GENERATE_COMMAND.options;

/** A valid value for an option. */
function sample(option: OptionSpec, n = 1): string {
  if (option.choices) return option.choices[option.choices.length - n]!;
  if (option.type === "number") return String(1000 * n);
  if (option.name === "map") return `urn:ns${n}=schemas/ns${n}.xsd`;
  return `${option.name}-${n}`;
}

/** Argument lists that use an option in each of its forms: long, short, `--name=value`, negated, repeated. */
function usesOf(option: OptionSpec): string[][] {
  // --config is for runs without WSDL arguments.
  const before =
    option.name === "config"
      ? ["generate"]
      : ["generate", "A.wsdl", ...(option.name === "out" ? [] : ["--out", "out"])];
  const flags = [`--${option.name}`, ...(option.alias ? [`-${option.alias}`] : [])];
  if (option.type === "boolean") return [...flags.map((f) => [...before, f]), [...before, `--no-${option.name}`]];
  const uses = flags.map((f) => [...before, f, sample(option)]);
  uses.push([...before, `--${option.name}=${sample(option)}`]);
  if (option.repeatable)
    uses.push([...before, `--${option.name}`, sample(option), "B.wsdl", `--${option.name}`, sample(option, 2)]);
  return uses;
}

describe("the option table", () => {
  const cases = [
    ...options.flatMap(usesOf),
    ["generate"],
    ["generate", "-c", "config/wsdlgen.config.json", "--force", "-q"],
    ["generate", "--verbose", "One.wsdl", "Two.wsdl", "--out", "out", "--operations", "A, B,,C", "--check"],
  ];

  it.each(cases.map((argv) => [argv.slice(1).join(" "), argv]))(
    "gives the same command through both parsers: %s",
    async (_, argv) => {
      const values = parseGenerateArgs(argv);
      expect(values, "the fast path reads it").toBeDefined();
      expect(generateCommandOf(values!)).toEqual(await commandFromYargs(argv));
    },
  );

  it("carries every option into the command (each changes it from the defaults)", () => {
    for (const option of options) {
      const base = option.name === "config" ? ["generate"] : ["generate", "A.wsdl", "--out", "out"];
      const defaults = generateCommandOf(parseGenerateArgs(base)!);
      const flag = option.type === "boolean" && option.default === true ? `--no-${option.name}` : `--${option.name}`;
      const argv =
        option.name === "out"
          ? ["generate", "A.wsdl", "--out", "elsewhere"]
          : [...base, flag, ...(option.type === "boolean" ? [] : [sample(option)])];
      expect(generateCommandOf(parseGenerateArgs(argv)!), option.name).not.toEqual(defaults);
    }
  });

  it.each([
    ["help", ["generate", "--help"]],
    ["a usage error", ["generate", "A.wsdl"]],
    ["a bad choice", ["generate", "A.wsdl", "-o", "out", "--integer", "huge"]],
    ["a bad --map", ["generate", "A.wsdl", "-o", "out", "--map", "no-equals-sign"]],
    ["a camelCase flag", ["generate", "A.wsdl", "-o", "out", "--emitModel", "m.json"]],
    ["an unknown flag", ["generate", "A.wsdl", "-o", "out", "--frobnicate"]],
    ["--", ["generate", "-o", "out", "--", "A.wsdl"]],
    ["short flags run together", ["generate", "A.wsdl", "-o", "out", "-qv"]],
    ["a short flag with its value attached", ["generate", "A.wsdl", "-oout"]],
    ["a flag given twice", ["generate", "A.wsdl", "-o", "out", "--out", "other"]],
    ["a boolean and its negation", ["generate", "A.wsdl", "-o", "out", "--check", "--no-check"]],
    ["a boolean followed by false", ["generate", "A.wsdl", "-o", "out", "--check", "false"]],
    ["a number not in digits", ["generate", "A.wsdl", "-o", "out", "--timeout", "1e3"]],
    ["another command", ["diff", "A.wsdl", "B.wsdl"]],
  ])("leaves %s to yargs", (_, argv) => {
    expect(parseGenerateArgs(argv)).toBeUndefined();
  });
});

describe("the README", () => {
  it("lists the same flags as the table: generate's options, and those of each command", async () => {
    const readme = await readFile(path.join(repoRoot, "README.md"), "utf8");
    const flags = (text: string) => [...text.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]);
    const section = readme.slice(readme.indexOf("Options of `generate`:"));
    const rows = section.slice(0, section.indexOf("\n\n", section.indexOf("| ---"))).split("\n");
    const documented = rows.filter((r) => r.startsWith("| `")).flatMap((r) => flags(r.split("|")[1]!));
    // A boolean that is on by default is documented by the flag that turns it off.
    const declared = options.map((o) =>
      o.type === "boolean" && o.default === true ? `--no-${o.name}` : `--${o.name}`,
    );
    expect(documented.sort()).toEqual(declared.sort());

    for (const command of COMMANDS) {
      const row = readme.split("\n").find((l) => l.startsWith(`| \`wsdlgen ${command.name} `));
      expect(row, command.name).toBeDefined();
      const known = command.options.map((o) => `--${o.name}`);
      for (const flag of flags(row!.split("|")[1]!)) expect(known, `${command.name} ${flag}`).toContain(flag);
    }
  });
});
