/** The CLI: flags, exit codes (0 ok, 1 input error, 2 usage), diagnostics naming file:line:col, --emit-model, --templates. */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../generator/cli.js";
import { referenceWsdl, repoRoot, tempDir } from "./helpers.js";

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi
    .spyOn(process.stdout, "write")
    .mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi
    .spyOn(process.stderr, "write")
    .mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void (stdout += a.join(" ") + "\n"));
  const error = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void (stderr += a.join(" ") + "\n"));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    log.mockRestore();
    error.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe("wsdlgen CLI", () => {
  it("--help lists the generate command and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("generate [wsdl..]");
  });

  it("generate --help lists its options", async () => {
    const r = await run(["generate", "--help"]);
    expect(r.code).toBe(0);
    for (const flag of ["--out", "--templates", "--emit-model", "--operations", "--integer", "--date-time"])
      expect(r.stdout).toContain(flag);
  });

  it.each([
    [[], "Name a command"],
    [["generate", referenceWsdl], "Missing required argument: out"],
    [["frobnicate"], "Unknown argument: frobnicate"],
    [["generate", referenceWsdl, "--out", "x", "--integer", "huge"], "Invalid values"],
  ])("exits 2 on bad usage %j", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("generates into --out and exits 0", async () => {
    const out = await tempDir("cli-out");
    const r = await run(["generate", referenceWsdl, "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("5 files for 1 WSDL(s)");
    expect((await readdir(path.join(out, "Services88-Ticket"))).sort()).toEqual([
      "TicketAgent.ts",
      "index.ts",
      "metadata.ts",
      "types.ts",
    ]);
    expect(await readdir(out)).toContain(".wsdlgen-manifest.json");
  });

  it("exits 1 with file:line:col for malformed XML, and leaves --out untouched", async () => {
    const dir = await tempDir("cli-bad");
    const bad = path.join(dir, "Broken.wsdl");
    await writeFile(
      bad,
      '<?xml version="1.0"?>\n<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">\n  <wsdl:types>\n</wsdl:definitions>\n',
    );
    const out = path.join(dir, "out");
    await mkdir(out);
    await writeFile(path.join(out, "keep.txt"), "mine");
    const r = await run(["generate", referenceWsdl, bad, "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Broken\.wsdl:4:\d+: error xml-malformed: malformed XML: .*types/);
    expect(await readdir(out)).toEqual(["keep.txt"]);
  });

  it("exits 1 naming the QName and its place for a missing type", async () => {
    const dir = await tempDir("cli-missing");
    const wsdl = path.join(dir, "Missing.wsdl");
    const text = (await readFile(referenceWsdl, "utf8")).replace(
      'name="Slevel" type="tns:TicketSecurityLevel"',
      'name="Slevel" type="tns:NoSuchLevel"',
    );
    await writeFile(wsdl, text);
    const line = text.split("\n").findIndex((l) => l.includes("tns:NoSuchLevel")) + 1;
    const r = await run(["generate", wsdl, "--out", path.join(dir, "out")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Missing.wsdl:${line}:`);
    expect(r.stderr).toContain(
      "error type-missing: type {http://www.superoffice.net/ws/crm/NetServer/Services88}NoSuchLevel is referenced but not declared",
    );
    expect(r.stderr).toContain("[xs:element Slevel]");
    expect(existsSync(path.join(dir, "out"))).toBe(false);
  });

  it("--check exits 1 listing what is stale, and 0 once generate has run", async () => {
    const out = await tempDir("cli-check");
    const stale = await run(["generate", referenceWsdl, "--out", out, "--check"]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("missing: Services88-Ticket/types.ts");
    expect((await run(["generate", referenceWsdl, "--out", out])).code).toBe(0);
    const current = await run(["generate", referenceWsdl, "--out", out, "--check"]);
    expect(current.code).toBe(0);
    expect(current.stdout).toContain("is up to date (5 files checked");
    const again = await run(["generate", referenceWsdl, "--out", out]);
    expect(again.stdout).toContain("is up to date, nothing changed");
  });

  it("--offline refuses remote imports; --map points them at local files", async () => {
    const dir = await tempDir("cli-offline");
    await writeFile(
      path.join(dir, "ext.xsd"),
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:ext" elementFormDefault="qualified">' +
        '<xs:complexType name="Ext"><xs:sequence><xs:element name="V" type="xs:int"/></xs:sequence></xs:complexType>' +
        "</xs:schema>",
    );
    const wsdl = path.join(dir, "Remote.wsdl");
    await writeFile(
      wsdl,
      (await readFile(referenceWsdl, "utf8")).replace(
        '<xs:import namespace="http://schemas.microsoft.com/2003/10/Serialization/" />',
        '<xs:import namespace="http://schemas.microsoft.com/2003/10/Serialization/" />' +
          '<xs:import namespace="urn:ext" schemaLocation="http://example.invalid/schemas/ext.xsd" />',
      ),
    );
    const offline = await run(["generate", wsdl, "--out", path.join(dir, "out"), "--offline"]);
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain("error load-offline");
    expect(offline.stderr).toContain("http://example.invalid/schemas/ext.xsd");
    const mapped = await run([
      "generate",
      wsdl,
      "--out",
      path.join(dir, "out"),
      "--offline",
      "--map",
      `http://example.invalid/schemas/ext.xsd=${path.join(dir, "ext.xsd")}`,
    ]);
    expect(mapped.stderr).toBe("");
    expect(mapped.code).toBe(0);
    expect(await readFile(path.join(dir, "out/Remote/types.ts"), "utf8")).toContain("export interface Ext {");
    expect((await run(["generate", wsdl, "--out", "x", "--map", "nonsense"])).code).toBe(2);
  });

  it("exits 1 for a file that does not exist", async () => {
    const r = await run(["generate", "no/such.wsdl", "--out", await tempDir("cli-none")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no/such.wsdl: error load-unreadable: cannot read no/such.wsdl: ENOENT");
  });

  it("--emit-model dumps the intermediate model as JSON", async () => {
    const dir = await tempDir("cli-model");
    const modelFile = path.join(dir, "model.json");
    const r = await run(["generate", referenceWsdl, "--out", path.join(dir, "out"), "--emit-model", modelFile]);
    expect(r.code).toBe(0);
    const model = JSON.parse(await readFile(modelFile, "utf8"));
    expect(model.modelVersion).toBe(1);
    expect(model.services[0].name).toBe("WcfTicketService");
    const op = model.services[0].ports[0].operations.find((o: { name: string }) => o.name === "BatchReply");
    expect(op.input.headers.map((h: { name: string }) => h.name)).toEqual([
      "ApplicationToken",
      "Credentials",
      "TimeZone",
    ]);
    expect(op.output.headers.map((h: { name: string }) => h.name)).toEqual([
      "ExceptionInfo",
      "ExtraInfo",
      "Succeeded",
      "TimeZone",
    ]);
    const type = model.types.find((t: { name: { local: string } }) => t.name.local === "TicketBatchReplyData");
    expect(type.fields.map((f: { name: string }) => f.name)).toEqual([
      "TicketIds",
      "CloseTickets",
      "AttachmentIds",
      "HtmlBody",
      "Slevel",
      "TimeSpent",
      "SendCopyToCustomer",
    ]);
  });

  it("--templates replaces a template or partial by name", async () => {
    const dir = await tempDir("cli-templates");
    await mkdir(path.join(dir, "templates/partials"), { recursive: true });
    await writeFile(path.join(dir, "templates/partials/jsdoc.hbs"), "{{#if lines.length}}\n// {{lines.[0]}}\n{{/if}}");
    await writeFile(
      path.join(dir, "templates/index.hbs"),
      '{{banner}}\n// custom index\nexport * from "./types.js";\n',
    );
    const out = path.join(dir, "out");
    const r = await run(["generate", referenceWsdl, "--out", out, "--templates", path.join(dir, "templates")]);
    expect(r.code).toBe(0);
    const agent = await readFile(path.join(out, "Services88-Ticket/TicketAgent.ts"), "utf8");
    expect(agent).toContain("  // Replies to several tickets at once");
    expect(agent).not.toContain("/**\n   * Replies");
    expect(await readFile(path.join(out, "Services88-Ticket/index.ts"), "utf8")).toContain("// custom index");
  });

  it.runIf(existsSync(path.join(repoRoot, "dist/generator/bin.js")))("the built bin runs as users run it", async () => {
    const out = await tempDir("cli-bin");
    const { stdout } = await promisify(execFile)(process.execPath, [
      path.join(repoRoot, "dist/generator/bin.js"),
      "generate",
      referenceWsdl,
      "--out",
      out,
    ]);
    expect(stdout).toContain("5 files for 1 WSDL(s)");
    await expect(
      promisify(execFile)(process.execPath, [path.join(repoRoot, "dist/generator/bin.js"), "generate", referenceWsdl]),
    ).rejects.toMatchObject({ code: 2 });
  });
});

describe("the no-op fast path", () => {
  it("answers an unchanged run by itself and falls through on a change or another flag", async () => {
    const { answerIfUnchanged, parseGenerateArgs } = await import("../generator/fast-path.js");
    const { generateCommandOf } = await import("../generator/cli-options.js");
    const noOp = async (argv: string[]) => {
      const values = parseGenerateArgs(argv);
      return values ? answerIfUnchanged(generateCommandOf(values)) : false;
    };
    const dir = await tempDir("cli-fast");
    const wsdl = path.join(dir, "Ticket.wsdl");
    await writeFile(wsdl, await readFile(referenceWsdl));
    const out = path.join(dir, "out");
    expect(await noOp(["generate", wsdl, "--out", out, "--quiet"])).toBe(false); // nothing generated yet
    expect((await run(["generate", wsdl, "--out", out])).code).toBe(0);
    expect(await noOp(["generate", wsdl, "--out", out, "--quiet"])).toBe(true);
    expect(await noOp(["generate", wsdl, "-o", out, "--integer", "string", "--shared-types", "-q"])).toBe(true);
    expect(await noOp(["generate", wsdl, "--out", out, "--integer", "bigint"])).toBe(false);
    expect(await noOp(["generate", wsdl, "--out", out, "--check", "--quiet"])).toBe(false);
    await writeFile(wsdl, (await readFile(wsdl, "utf8")).replace("Replies to several", "Answers several"));
    expect(await noOp(["generate", wsdl, "--out", out, "--quiet"])).toBe(false);
  });

  it.runIf(existsSync(path.join(repoRoot, "dist/generator/bin.js")))("is what the built bin does", async () => {
    const dir = await tempDir("cli-fast-bin");
    const wsdl = path.join(dir, "Ticket.wsdl");
    await writeFile(wsdl, await readFile(referenceWsdl));
    const bin = path.join(repoRoot, "dist/generator/bin.js");
    const run = () =>
      promisify(execFile)(process.execPath, [bin, "generate", wsdl, "--out", path.join(dir, "out")], { cwd: dir });
    expect((await run()).stdout).toContain("5 files for 1 WSDL(s)");
    expect((await run()).stdout).toMatch(/^wsdlgen: out is up to date, nothing changed \(\d+ ms\)\n$/);
  });
});
