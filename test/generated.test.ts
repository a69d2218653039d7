/**
 * generated/ is committed: it must be exactly what `npm run generate` (the services of wsdlgen.config.json)
 * writes now, and generating is deterministic (byte-identical across runs, no timestamps or versions). It is the
 * pinned output of the reference WSDLs in wsdl/; test/reference.test.ts checks what it holds and type-checks it.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configRuns, loadConfig } from "../generator/config.js";
import { generate, generateFromConfig } from "../generator/index.js";
import { repoRoot } from "./helpers.js";

const configFile = path.join(repoRoot, "wsdlgen.config.json");

describe("generated/", () => {
  it("is what `npm run generate` would write (run it and commit when this fails)", async () => {
    const pkg = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.generate).toBe("node dist/generator/bin.js generate");
    const { runs } = await generateFromConfig({ config: configFile, check: true });
    expect(runs.map((r) => path.relative(repoRoot, r.outDir))).toEqual(["generated"]);
    expect(runs[0]!.check).toEqual({ stale: [], missing: [], extra: [] });
    // Not vacuous: the two agents and the types they share.
    expect(runs[0]!.files.map((f) => f.path).sort()).toEqual([
      ".wsdlgen-manifest.json",
      "Services88-SoPrincipal/SoPrincipalAgent.ts",
      "Services88-SoPrincipal/index.ts",
      "Services88-SoPrincipal/metadata.ts",
      "Services88-SoPrincipal/types.ts",
      "Services88-Ticket/TicketAgent.ts",
      "Services88-Ticket/index.ts",
      "Services88-Ticket/metadata.ts",
      "Services88-Ticket/types.ts",
      "shared/types.ts",
    ]);
  });

  it("is byte-identical across runs and free of timestamps and versions", async () => {
    const [run] = configRuns(await loadConfig(configFile), configFile);
    const options = { wsdl: run!.services.map((s) => s.wsdl) };
    const first = await generate(options);
    const second = await generate(options);
    expect(second.files).toEqual(first.files);
    const { version } = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    for (const f of first.files) {
      expect(f.contents, f.path).not.toMatch(/\b(19|20)\d\d-\d\d-\d\d/);
      expect(f.contents, f.path).not.toContain(version);
      expect(f.contents, f.path).not.toContain(repoRoot);
    }
  });
});
