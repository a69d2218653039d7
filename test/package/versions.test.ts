/**
 * The generator and the runtime are released in lock-step: generated code of wsdlgen X is written for
 * @wsdlgen/runtime X (it imports the runtime's internal module paths too), so both packages carry one version and
 * the generator depends on exactly that runtime.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}
const manifest = (file: string) => JSON.parse(readFileSync(path.join(repoRoot, file), "utf8")) as Manifest;

describe("package versions", () => {
  it("wsdlgen, @wsdlgen/runtime and wsdlgen's dependency on the runtime are one version", () => {
    const generator = manifest("package.json");
    const runtime = manifest("runtime/package.json");
    expect(generator.name).toBe("wsdlgen");
    expect(runtime.name).toBe("@wsdlgen/runtime");
    expect({ runtime: runtime.version, dependency: generator.dependencies?.["@wsdlgen/runtime"] }).toEqual({
      runtime: generator.version,
      dependency: generator.version,
    });
  });

  it("the lock file records the same versions", () => {
    const lock = JSON.parse(readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) as {
      version: string;
      packages: Record<string, { version?: string; dependencies?: Record<string, string> }>;
    };
    const version = manifest("package.json").version;
    expect(lock.version).toBe(version);
    expect(lock.packages[""]?.version).toBe(version);
    expect(lock.packages[""]?.dependencies?.["@wsdlgen/runtime"]).toBe(version);
    expect(lock.packages["runtime"]?.version).toBe(version);
  });
});
