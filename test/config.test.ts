/** The config file: lookup, validation with clear errors, grouping into runs, shared types emitted once. */
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configRuns, findConfig, loadConfig, validateConfig } from "../generator/config.js";
import { generateFromConfig } from "../generator/index.js";
import { repoRoot, tempDir } from "./helpers.js";

const ticket = path.join(repoRoot, "wsdl/Services88-Ticket.wsdl");
const principal = path.join(repoRoot, "wsdl/Services88-SoPrincipal.wsdl");

describe("config", () => {
  it("is found from a subfolder up to the project root, and not beyond", async () => {
    const root = await tempDir("cfg");
    await writeFile(path.join(root, "package.json"), "{}");
    await writeFile(
      path.join(root, "wsdlgen.config.json"),
      JSON.stringify({ outDir: "out", services: [{ wsdl: "a.wsdl" }] }),
    );
    await mkdir(path.join(root, "src/deep"), { recursive: true });
    expect(findConfig(path.join(root, "src/deep"))).toBe(path.join(root, "wsdlgen.config.json"));
    const inner = path.join(root, "packages/p");
    await mkdir(inner, { recursive: true });
    await writeFile(path.join(inner, "package.json"), "{}");
    expect(findConfig(inner)).toBeUndefined();
  });

  it.each([
    [[], "the config must be an object with a services array"],
    [{ services: [] }, "services must be a non-empty array"],
    [{ services: [{ wsdl: "a.wsdl" }] }, "services[0].outDir is not set, and the config has no outDir either"],
    [{ outDir: "o", services: [{ wsdl: "a.wsdl", operation: ["X"] }] }, 'unknown option "operation" in services[0]'],
    [
      { outDir: "o", scalars: { integer: "long" }, services: [{ wsdl: "a.wsdl" }] },
      "scalars.integer must be one of string, bigint, number",
    ],
    [
      { outDir: "o", services: [{ wsdl: "a.wsdl", operations: "X" }] },
      "services[0].operations must be a non-empty array of operation names",
    ],
    [
      { outDir: "o", services: [{ wsdl: "a.wsdl", arrayWrappers: "objects" }] },
      "services[0].arrayWrappers must be one of unwrap, keep",
    ],
  ])("rejects %j with a clear error", (raw, message) => {
    expect(() => validateConfig(raw, "wsdlgen.config.json")).toThrowError(
      `wsdlgen.config.json: error config-invalid: ${message}`,
    );
  });

  it("groups services by output folder and options, resolving paths against the config file", () => {
    const runs = configRuns(
      {
        outDir: "gen",
        services: [
          { wsdl: "a.wsdl" },
          { wsdl: "b.wsdl", operations: ["X"] },
          { wsdl: "c.wsdl", outDir: "other", scalars: { integer: "bigint" }, arrayWrappers: "keep" },
        ],
      },
      "/proj/wsdlgen.config.json",
    );
    expect(runs).toEqual([
      {
        outDir: "/proj/gen",
        scalars: {},
        sharedTypes: true,
        services: [{ wsdl: "/proj/a.wsdl" }, { wsdl: "/proj/b.wsdl", operations: ["X"] }],
      },
      {
        outDir: "/proj/other",
        scalars: { integer: "bigint" },
        arrayWrappers: "keep",
        sharedTypes: true,
        services: [{ wsdl: "/proj/c.wsdl" }],
      },
    ]);
    expect(() =>
      configRuns(
        { outDir: "gen", services: [{ wsdl: "a.wsdl" }, { wsdl: "b.wsdl", scalars: { decimal: "number" } }] },
        "/proj/c.json",
      ),
    ).toThrowError(/use different options; give them different output folders/);
  });

  it("loads an .mjs config", async () => {
    const dir = await tempDir("cfg-mjs");
    const file = path.join(dir, "wsdlgen.config.mjs");
    await writeFile(
      file,
      `export default { outDir: "out", services: [{ wsdl: "x.wsdl", operations: ["BatchReply"] }] };\n`,
    );
    expect(await loadConfig(file)).toEqual({
      outDir: "out",
      services: [{ wsdl: "x.wsdl", operations: ["BatchReply"] }],
    });
  });

  it("generates several agents with their shared types once, and per-service operation subsets", async () => {
    const dir = await tempDir("cfg-run");
    await copyFile(ticket, path.join(dir, "Services88-Ticket.wsdl"));
    await copyFile(principal, path.join(dir, "Services88-SoPrincipal.wsdl"));
    const config = path.join(dir, "wsdlgen.config.json");
    await writeFile(
      config,
      JSON.stringify({
        outDir: "out",
        services: [
          { wsdl: "Services88-Ticket.wsdl", operations: ["BatchReply"] },
          { wsdl: "Services88-SoPrincipal.wsdl" },
        ],
      }),
    );
    const { runs } = await generateFromConfig({ config });
    expect(runs).toHaveLength(1);
    const out = path.join(dir, "out");
    const shared = await readFile(path.join(out, "shared/types.ts"), "utf8");
    for (const name of ["SoCredentials", "SoExceptionInfo", "SoExtraInfo", "SoTimeZone", "ArrayOfint"]) {
      expect(shared).toMatch(new RegExp(`^export (interface|type) ${name}\\b`, "m"));
    }
    const ticketTypes = await readFile(path.join(out, "Services88-Ticket/types.ts"), "utf8");
    expect(ticketTypes).not.toMatch(/^export interface SoExceptionInfo\b/m);
    expect(ticketTypes).toMatch(/^export type \{ .*SoExceptionInfo.* \} from "\.\.\/shared\/types\.js";$/m);
    expect(ticketTypes).toContain("export interface TicketBatchReplyData {");
    const agent = await readFile(path.join(out, "Services88-Ticket/TicketAgent.ts"), "utf8");
    expect(agent).toContain("  BatchReply(");
    expect(agent).not.toContain("  ClearNotify(");
  });
});
