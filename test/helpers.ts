/** Shared test helpers: temp folders, inline WSDLs, type-checking generated code with tsc, the ../shared data. */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { generate, type GenerateOptions, type GenerateResult } from "../generator/index.js";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The third-party WSDLs and examples (SuperOffice's published WSDLs, a corpus), next to the repo, read-only. */
export const sharedDir = path.resolve(repoRoot, "../shared");
export const realTicketWsdl = path.join(sharedDir, "wsdl/superoffice/Services88-Ticket.wsdl");
export const referenceWsdl = path.join(repoRoot, "wsdl/Services88-Ticket.wsdl");

/** Whether the third-party data is in `dir` (the published Ticket WSDL is the marker). */
export function sharedPresent(dir: string = sharedDir): boolean {
  return existsSync(path.join(dir, "wsdl/superoffice/Services88-Ticket.wsdl"));
}

export const hasShared = sharedPresent();

/** A CI run: `CI` set to anything but empty, `0` or `false` (CI services set `CI=true`). */
export function isCi(env: Record<string, string | undefined> = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== "" && value !== "0" && value !== "false";
}

export interface SharedCheck {
  /** Whether what the suite needs is there (default: ../shared is). */
  present?: boolean;
  /** What is missing, for the message (default: ../shared). */
  missing?: string;
  /** The environment that says whether this is a CI run (default: process.env). */
  env?: Record<string, string | undefined>;
}

/**
 * Whether a suite that needs ../shared can run: `describe.runIf(hasShared || sharedOrSkipMessage("…"))`. When the
 * data is missing, a local run skips the suite with a visible `SKIPPED …` message, but a CI run fails: it throws
 * (while the test file is collected, so the run fails naming the suite), because a CI run that silently skipped
 * the third-party suites would prove nothing about them.
 */
export function sharedOrSkipMessage(suite: string, check: SharedCheck = {}): boolean {
  if (check.present ?? hasShared) return true;
  const missing = check.missing ?? `${sharedDir} (the third-party WSDLs) is not present next to the repo`;
  const env = check.env ?? process.env;
  if (isCi(env)) {
    throw new Error(`${suite}: ${missing}. A CI run (CI=${env.CI}) needs it: check it out next to the repo.`);
  }
  console.warn(`SKIPPED ${suite}: ${missing}`);
  return false;
}

/** A fresh folder under test/.tmp (inside the package, so generated code can import `@wsdlgen/runtime`). */
export async function tempDir(prefix: string): Promise<string> {
  const base = path.join(repoRoot, "test/.tmp");
  await mkdir(base, { recursive: true });
  return mkdtemp(path.join(base, `${prefix}-`));
}

export const TNS = "urn:test";

/** A minimal document/literal WSDL around the given schema content (in namespace urn:test, prefix tns). */
export function wsdlWithSchema(schemaContent: string, operations = ""): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="TestService" targetNamespace="${TNS}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="${TNS}" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <wsdl:types>
    <xs:schema elementFormDefault="qualified" targetNamespace="${TNS}">
${schemaContent}
    </xs:schema>
  </wsdl:types>
${operations}
</wsdl:definitions>
`;
}

/** Writes a WSDL text to a temp folder and generates from it (files returned, nothing else written). */
export async function generateFromText(
  wsdlText: string,
  options: Partial<GenerateOptions> = {},
  name = "Test",
): Promise<GenerateResult & { dir: string; file: (name: string) => string }> {
  const dir = await tempDir("gen");
  const wsdlPath = path.join(dir, `${name}.wsdl`);
  await writeFile(wsdlPath, wsdlText, "utf8");
  const result = await generate({ wsdl: [wsdlPath], ...options });
  const file = (fileName: string) => {
    const found = result.files.find((f) => f.path === `${name}/${fileName}`);
    if (!found) throw new Error(`no generated file ${fileName}; have ${result.files.map((f) => f.path).join(", ")}`);
    return found.contents;
  };
  return { ...result, dir, file };
}

const exec = promisify(execFile);

/**
 * Type-checks TypeScript files with `tsc --strict --noEmit` (typescript 7) under the given module resolution.
 * Resolves `@wsdlgen/runtime` to this repo's runtime sources. Returns tsc's output; throws when tsc fails.
 */
export async function typecheck(files: string[], resolution: "NodeNext" | "Bundler" = "NodeNext"): Promise<string> {
  const dir = await tempDir("tsc");
  const config = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: "ES2022",
      module: resolution === "NodeNext" ? "NodeNext" : "ESNext",
      moduleResolution: resolution,
      skipLibCheck: true,
      types: [],
      lib: ["ES2022", "DOM"],
      paths: {
        "@wsdlgen/runtime": [path.join(repoRoot, "runtime/src/index.ts")],
        "@wsdlgen/runtime/*": [path.join(repoRoot, "runtime/src/*.ts")],
      },
    },
    files: files.map((f) => path.resolve(f)),
  };
  await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify(config, null, 2));
  const tsc = path.join(repoRoot, "node_modules/.bin/tsc");
  try {
    const { stdout } = await exec(tsc, ["-p", path.join(dir, "tsconfig.json")], { cwd: dir });
    return stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`tsc failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
  }
}

/** Writes generated files into a folder and returns their paths. */
export async function writeFiles(dir: string, files: { path: string; contents: string }[]): Promise<string[]> {
  const paths: string[] = [];
  for (const f of files) {
    const target = path.join(dir, f.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, f.contents, "utf8");
    paths.push(target);
  }
  return paths;
}
