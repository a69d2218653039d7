/**
 * pipeline/: a run's options settled (defaults, per-WSDL operations), one folder per WSDL, what the run's
 * fingerprint records (independent of where the project lies), and when a run may stop early as up to date.
 */
import { copyFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_SCALARS } from "../generator/model/builtins.js";
import { generate } from "../generator/pipeline/generate.js";
import {
  DEFAULT_RUNTIME_IMPORT,
  isRunUpToDate,
  runDependencies,
  settleRun,
  type GenerateOptions,
} from "../generator/pipeline/run-options.js";
import { referenceWsdl, tempDir } from "./helpers.js";

describe("run options", () => {
  it("apply the defaults, and the run's operations to the WSDLs that name none of their own", () => {
    const run = settleRun({
      wsdl: ["a.wsdl", { path: "b.wsdl", operations: ["Other"] }],
      operations: ["BatchReply"],
      scalars: { integer: "bigint" },
    });
    expect(run).toEqual({
      inputs: [
        { path: "a.wsdl", operations: ["BatchReply"] },
        { path: "b.wsdl", operations: ["Other"] },
      ],
      scalars: { ...DEFAULT_SCALARS, integer: "bigint" },
      runtimeImport: DEFAULT_RUNTIME_IMPORT,
      sharedTypes: true,
      arrayWrappers: "unwrap",
    });
  });

  it("record paths relative to the output folder, so a moved project keeps its fingerprint", () => {
    const at = (root: string): GenerateOptions => ({
      wsdl: [path.join(root, "wsdl/Ticket.wsdl"), "https://example.invalid/Ticket.svc?wsdl"],
      outDir: path.join(root, "generated"),
      templates: path.join(root, "templates"),
    });
    const [a, b] = [at("/projects/one"), at("/elsewhere/two")];
    const dependencies = runDependencies(a, settleRun(a), a.outDir!);
    expect(dependencies.options).toEqual(runDependencies(b, settleRun(b), b.outDir!).options);
    expect(dependencies.options).toMatchObject({
      wsdl: [
        { path: "../wsdl/Ticket.wsdl", operations: null },
        { path: "https://example.invalid/Ticket.svc?wsdl", operations: null },
      ],
      templates: "../templates",
    });
    expect(dependencies.templates).toBe(a.templates); // where the template files to hash are
  });
});

describe("generate", () => {
  it("refuses, before reading anything, WSDLs that would share a folder or take the shared types' one", async () => {
    await expect(generate({ wsdl: [] })).rejects.toThrow("error usage: no WSDL given");
    await expect(generate({ wsdl: ["one/Ticket.wsdl", "two/ticket.wsdl"] })).rejects.toThrow(
      "two/ticket.wsdl and one/Ticket.wsdl would both be written to ticket/",
    );
    await expect(generate({ wsdl: ["https://example.invalid/Ticket.svc?wsdl", "Ticket.svc"] })).rejects.toThrow(
      "would both be written to Ticket/",
    );
    await expect(generate({ wsdl: ["Ticket.wsdl", "Shared.wsdl"] })).rejects.toThrow(
      "a WSDL named shared would collide with the folder of shared types",
    );
    await expect(generate({ wsdl: [".wsdlgen-staging.wsdl"] })).rejects.toThrow("would take wsdlgen's staging folder");
  });

  it("stops early only for a plain run whose output is up to date", async () => {
    const dir = await tempDir("pipeline");
    const wsdl = path.join(dir, "Ticket.wsdl");
    await copyFile(referenceWsdl, wsdl);
    const options = { wsdl: [wsdl], outDir: path.join(dir, "out") };
    expect(await isRunUpToDate(options)).toBe(false);
    await generate(options);
    expect(await isRunUpToDate(options)).toBe(true);
    expect(await isRunUpToDate({ ...options, runtimeImport: "./runtime.js" })).toBe(false);
    for (const variant of [{ check: true }, { force: true }, { emitModel: path.join(dir, "model.json") }])
      expect(await isRunUpToDate({ ...options, ...variant })).toBe(false);
    expect(await isRunUpToDate({ wsdl: [wsdl] })).toBe(false);
  });
});
