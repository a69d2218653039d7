/**
 * Compiles generated files to JavaScript with tsc (typescript 7, strict) together with a copy of the runtime
 * sources, and imports them in a fresh `node` process — so a test can prove that generated code does nothing but
 * declare things when it is loaded and used. The generated files must have been generated with
 * `runtimeImport: RUNTIME_IMPORT`.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { repoRoot, tempDir, writeFiles } from "../helpers.js";

const exec = promisify(execFile);

/** Where generated code finds the runtime copy, relative to a generated service folder. */
export const RUNTIME_IMPORT = "../runtime/index.js";

/** The global a hostile payload tries to set. */
export const CANARY = "__wsdlgenPwned";

export interface RunReport {
  /** What the canary global holds after loading (null: never set). */
  pwned: unknown;
  /** Names the service folder's index.js exports. */
  exports: string[];
  /** `metadata.service` as loaded. */
  service: string;
  /** Errors thrown by calling each agent method once (its fetch refuses), by method. */
  calls: Record<string, string>;
}

/**
 * Writes `files` (paths like `Service/types.ts`) plus the runtime under `src/`, compiles them into `out/`, then in a
 * child node process imports `out/<folder>/index.js`, constructs every exported agent class with a `fetch` that
 * records and refuses, and calls each method once with no arguments.
 */
export async function compileAndRun(files: { path: string; contents: string }[], folder: string): Promise<RunReport> {
  const dir = await tempDir("hostile-run");
  const src = path.join(dir, "src");
  await writeFiles(
    src,
    files.filter((f) => f.path.startsWith(`${folder}/`)),
  );
  await mkdir(path.join(src, "runtime"), { recursive: true });
  for (const f of await readdir(path.join(repoRoot, "runtime/src"))) {
    if (f.endsWith(".ts") && f !== "server.ts")
      await copyFile(path.join(repoRoot, "runtime/src", f), path.join(src, "runtime", f));
  }
  const config = {
    compilerOptions: {
      strict: true,
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      skipLibCheck: true,
      types: [],
      lib: ["ES2022", "DOM"],
      rootDir: "src",
      outDir: "out",
    },
    include: ["src/**/*.ts"],
  };
  await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify(config, null, 2));
  try {
    await exec(path.join(repoRoot, "node_modules/.bin/tsc"), ["-p", path.join(dir, "tsconfig.json")], { cwd: dir });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`tsc failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
  }
  const entry = pathToFileURL(path.join(dir, "out", folder, "index.js")).href;
  const script = `
    const mod = await import(${JSON.stringify(entry)});
    const calls = {};
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== "function" || !/Agent_*$/.test(name)) continue;
      const agent = new value({ endpoint: "http://127.0.0.1:9/", fetch: async () => { throw new Error("offline"); } });
      for (const method of Object.getOwnPropertyNames(Object.getPrototypeOf(agent))) {
        if (method === "constructor" || typeof agent[method] !== "function") continue;
        try { await agent[method](); calls[method] = "resolved"; } catch (e) { calls[method] = String(e && e.name); }
      }
    }
    const pwned = globalThis[${JSON.stringify(CANARY)}] ?? null;
    console.log(JSON.stringify({ pwned, exports: Object.keys(mod), service: mod.metadata.service, calls }));
  `;
  const { stdout } = await exec(process.execPath, ["--input-type=module", "-e", script], { cwd: dir, timeout: 30_000 });
  return JSON.parse(stdout.trim().split("\n").pop()!) as RunReport;
}
