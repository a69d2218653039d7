/**
 * generated/ is committed: it must be exactly what `npm run generate` writes now, and generating is
 * deterministic (byte-identical across runs, no timestamps or versions).
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generate, type GenerateOptions } from "../generator/index.js";
import { repoRoot } from "./helpers.js";

/** The options of package.json's `generate` script (`wsdlgen generate <wsdl...> --out DIR`), parsed. */
async function generateScriptOptions(): Promise<GenerateOptions & { outDir: string }> {
  const pkg = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const words = pkg.scripts.generate!.split(/\s+/);
  const args = words.slice(words.indexOf("generate", 2) + 1);
  const outIndex = args.indexOf("--out");
  expect(outIndex, "the generate script passes --out").toBeGreaterThan(0);
  const wsdl = args.slice(0, outIndex).map((w) => path.join(repoRoot, w));
  expect(args.length, "the generate script has no options this check does not know").toBe(outIndex + 2);
  return { wsdl, outDir: path.join(repoRoot, args[outIndex + 1]!) };
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

describe("generated/", () => {
  it("is what `npm run generate` would write (run it and commit when this fails)", async () => {
    const { outDir, ...options } = await generateScriptOptions();
    const { files } = await generate(options);
    expect(await listFiles(outDir)).toEqual(files.map((f) => f.path).sort());
    for (const f of files) {
      expect(await readFile(path.join(outDir, f.path), "utf8"), `generated/${f.path} is stale`).toBe(f.contents);
    }
  });

  it("is byte-identical across runs and free of timestamps and versions", async () => {
    const { outDir: _out, ...options } = await generateScriptOptions();
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
