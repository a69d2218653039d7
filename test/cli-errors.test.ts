/**
 * Bad input and bad options, table-driven: each gives a clean diagnostic and exit code 1 (input) or 2 (usage),
 * never a stack trace; an unexpected error says it is a bug and how to report it, with the trace only under
 * --verbose. The CLI runs in-process on the current sources (main()), as users would call it.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../generator/cli.js";
import * as pipeline from "../generator/pipeline/generate.js";
import { referenceWsdl, repoRoot, tempDir } from "./helpers.js";

vi.mock(import("../generator/pipeline/generate.js"), async (importOriginal) => {
  const original = await importOriginal();
  return { ...original, generate: vi.fn(original.generate) };
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    let mock: { close(): Promise<void> } | undefined;
    const code = await main(args, { onMockStarted: (m) => (mock = m) });
    await mock?.close();
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

let dir: string;
const at = (name: string) => path.join(dir, name);
const W = referenceWsdl;

beforeAll(async () => {
  dir = await tempDir("cli-errors");
  await writeFile(at("a-file"), "not a folder");
  await mkdir(at("a-folder"));
  await writeFile(at("empty.wsdl"), "");
  await writeFile(at("garbage.wsdl"), Buffer.from([0, 159, 146, 150, 255, 0, 1, 2]));
  await writeFile(at("bad.json"), "{ bad");
  await writeFile(at("throws.mjs"), 'throw new Error("boom");\n');
  await writeFile(at("getter.mjs"), 'export default { get services() { throw new TypeError("no"); } };\n');
  const service = { wsdl: W };
  await writeFile(at("out-is-file.json"), JSON.stringify({ outDir: "a-file", services: [service] }));
  await writeFile(
    at("load-timeout.json"),
    JSON.stringify({ outDir: "o", services: [service], load: { timeoutMs: "abc" } }),
  );
  await writeFile(at("load-typo.json"), JSON.stringify({ outDir: "o", services: [service], load: { ofline: true } }));
  await writeFile(
    at("no-operations.json"),
    JSON.stringify({ outDir: "o", services: [{ ...service, operations: [] }] }),
  );
  await mkdir(at("broken-templates"));
  await writeFile(at("broken-templates/index.hbs"), "{{#each}}");
  await writeFile(at("unreadable.wsdl"), "<x/>");
  await chmod(at("unreadable.wsdl"), 0o000);
});

const INPUT = 1;
const USAGE = 2;

// [what, arguments (paths relative to the test folder are made absolute), exit code, stderr contains]
const cases: [string, string[], number, string][] = [
  ["--out is a file", ["generate", W, "--out", "@a-file"], INPUT, "error output-not-folder: the output folder"],
  ["--out below a file", ["generate", W, "--out", "@a-file/sub"], INPUT, "error output-not-folder"],
  ["a folder as the WSDL", ["generate", "@a-folder", "--out", "@o"], INPUT, "error load-unreadable"],
  ["a WSDL that does not exist", ["generate", "@nope.wsdl", "--out", "@o"], INPUT, "ENOENT"],
  ["an empty WSDL", ["generate", "@empty.wsdl", "--out", "@o"], INPUT, "error xml-malformed"],
  ["a binary WSDL", ["generate", "@garbage.wsdl", "--out", "@o"], INPUT, "error xml-malformed"],
  ["a URL with a bad port", ["generate", "http://127.0.0.1:1/x.wsdl", "--out", "@o"], INPUT, "error load-fetch-failed"],
  ["an empty WSDL argument", ["generate", "", "--out", "@o"], USAGE, "an empty wsdl argument"],
  ["--config that does not exist", ["generate", "--config", "@nope.json"], INPUT, "error config-invalid"],
  ["--config with bad JSON", ["generate", "--config", "@bad.json"], INPUT, "not valid JSON"],
  ["--config naming a folder", ["generate", "--config", "@a-folder"], INPUT, "error config-invalid"],
  ["--config module that throws", ["generate", "--config", "@throws.mjs"], INPUT, "cannot load the config: boom"],
  ["--config export with a throwing getter", ["generate", "--config", "@getter.mjs"], INPUT, "not plain data"],
  ["a config whose outDir is a file", ["generate", "--config", "@out-is-file.json"], INPUT, "output-not-folder"],
  ["config load.timeoutMs not a number", ["generate", "-c", "@load-timeout.json"], INPUT, "load.timeoutMs must be"],
  ["config load option misspelt", ["generate", "-c", "@load-typo.json"], INPUT, 'unknown option "ofline" in load'],
  ["config operations empty", ["generate", "-c", "@no-operations.json"], INPUT, "non-empty array of operation"],
  [
    "--config with WSDL arguments",
    ["generate", W, "--out", "@o", "--config", "@bad.json"],
    USAGE,
    "--config is not read",
  ],
  ["--templates missing", ["generate", W, "--out", "@o", "--templates", "@nope"], INPUT, "error templates-unreadable"],
  ["--templates a file", ["generate", W, "--out", "@o", "--templates", "@a-file"], INPUT, "templates-unreadable"],
  ["--templates broken", ["generate", W, "--out", "@o", "--templates", "@broken-templates"], INPUT, "template-failed"],
  [
    "--emit-model in a missing folder",
    ["generate", W, "--out", "@o", "--emit-model", "@no/m.json"],
    INPUT,
    "output-no-folder",
  ],
  ["--emit-model a folder", ["generate", W, "--out", "@o", "--emit-model", "@a-folder"], INPUT, "it is a folder"],
  ["--map without =", ["generate", W, "--out", "@o", "--map", "nonsense"], USAGE, "--map nonsense: expected KEY=FILE"],
  ["--map key twice", ["generate", W, "--out", "@o", "--map", "a=b", "--map", "a=c"], USAGE, "--map a is given twice"],
  ["--timeout abc", ["generate", W, "--out", "@o", "--timeout", "abc"], USAGE, "--timeout must be a whole number"],
  ["--timeout -5", ["generate", W, "--out", "@o", "--timeout", "-5"], USAGE, "--timeout must be a whole number"],
  ["--timeout 0", ["generate", W, "--out", "@o", "--timeout", "0"], USAGE, "--timeout must be above 0"],
  ["--timeout 1.5", ["generate", W, "--out", "@o", "--timeout", "1.5"], USAGE, "--timeout must be a whole number"],
  ["--out twice", ["generate", W, "--out", "@o", "--out", "@p"], USAGE, "--out is given more than once"],
  [
    "--templates twice",
    ["generate", W, "--out", "@o", "--templates", "a", "--templates", "b"],
    USAGE,
    "more than once",
  ],
  [
    "--integer twice",
    ["generate", W, "--out", "@o", "--integer", "string", "--integer", "bigint"],
    USAGE,
    "more than once",
  ],
  [
    "--runtime-import empty",
    ["generate", W, "--out", "@o", "--runtime-import", ""],
    USAGE,
    "--runtime-import needs a value",
  ],
  ["--operations empty", ["generate", W, "--out", "@o", "--operations", ","], USAGE, "needs at least one operation"],
  ["--operations unknown", ["generate", W, "--out", "@o", "--operations", "NoSuch"], INPUT, "error operation-unknown"],
  ["--integer not a choice", ["generate", W, "--out", "@o", "--integer", "huge"], USAGE, "Invalid values"],
  ["an unknown flag", ["generate", W, "--out", "@o", "--bogus"], USAGE, "Unknown argument: bogus"],
  ["diff of a missing file", ["diff", "@nope.wsdl", W], INPUT, "error load-unreadable"],
  ["mock --port abc", ["mock", W, "--port", "abc"], USAGE, "--port must be a whole number"],
  ["mock --port 99999", ["mock", W, "--port", "99999"], USAGE, "--port must be from 0 to 65535"],
  ["mock --port twice", ["mock", W, "--port", "1", "--port", "2"], USAGE, "--port is given more than once"],
  ["mock on a host that does not exist", ["mock", W, "--port", "0", "--host", "no such host"], INPUT, "cannot listen"],
];

describe("bad input and options", () => {
  it.each(cases)("%s: a clean diagnostic, no stack trace", async (_, args, code, message) => {
    const r = await run(args.map((a) => (a.startsWith("@") ? at(a.slice(1)) : a)));
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain("internal error");
    expect(r.code).toBe(code);
  });

  it.runIf(process.getuid?.() !== 0)("an unreadable WSDL", async () => {
    const r = await run(["generate", at("unreadable.wsdl"), "--out", at("o")]);
    expect(r.stderr).toContain("EACCES");
    expect(r.code).toBe(INPUT);
  });

  it("a failed run leaves --out as it was, even when the failure is in the last step", async () => {
    const out = await tempDir("cli-errors-untouched");
    const r = await run(["generate", W, "--out", out, "--emit-model", at("no/such/folder/m.json")]);
    expect(r.code).toBe(INPUT);
    expect(await readdir(out)).toEqual([]);
  });
});

describe("an unexpected error", () => {
  it("says it is a bug and how to report it, without the stack trace unless --verbose", async () => {
    vi.mocked(pipeline.generate).mockRejectedValue(new TypeError("boom"));
    const plain = await run(["generate", W, "--out", at("o"), "--force"]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain("wsdlgen: internal error: TypeError: boom");
    expect(plain.stderr).toContain("This is a bug in wsdlgen");
    expect(plain.stderr).toContain("--verbose");
    expect(plain.stderr).not.toMatch(/^\s+at /m);

    const verbose = await run(["generate", W, "--out", at("o"), "--force", "--verbose"]);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toContain("internal error: TypeError: boom");
    expect(verbose.stderr).toMatch(/^\s+at /m);
  });
});

const bin = path.join(repoRoot, "dist/generator/bin.js");

/** Runs the built bin; with `closeStdout`, the reading end of its stdout is closed at once (`… | head -0`). */
function runBin(args: string[], closeStdout = false) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  if (closeStdout) child.stdout.destroy();
  else child.stdout.resume();
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stderr })),
  );
}

describe.runIf(existsSync(bin))("the built bin", () => {
  it("--out naming a file: a diagnostic, exit 1", async () => {
    const r = await runBin(["generate", W, "--out", at("a-file")]);
    expect(r.stderr).toContain("error output-not-folder");
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.code).toBe(INPUT);
  });

  it("printing into a closed pipe: the run still finishes, without a stack trace", async () => {
    const out = await tempDir("cli-errors-pipe");
    const r = await runBin(["generate", W, "--out", out, "--verbose"], true);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual([".wsdlgen-manifest.json", "Services88-Ticket"]);
  });
});
