/**
 * The package as users get it: `npm pack`, installed into a fresh ESM project, `npx wsdlgen generate`, the output
 * type-checked under strict NodeNext and Bundler against the installed package (no path mapping), compiled with
 * tsc and run with node against a stub fetch.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { referenceWsdl, repoRoot } from "../helpers.js";

const exec = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

describe("the packed package in a fresh project", () => {
  let project: string;

  beforeAll(async () => {
    project = await mkdtemp(path.join(os.tmpdir(), "wsdlgen-pack-"));
    // Both packages of the repository: the runtime (what a client needs) and the generator (which depends on it).
    const pack = async (args: string[]) => {
      const { stdout } = await exec(npm, ["pack", "--silent", "--pack-destination", project, ...args], {
        cwd: repoRoot,
        maxBuffer: 16 * 1024 * 1024,
      });
      return stdout.trim().split("\n").pop()!;
    };
    const runtimeTarball = await pack(["-w", "@wsdlgen/runtime"]);
    const tarball = await pack([]);
    await writeFile(
      path.join(project, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }),
    );
    await exec(
      npm,
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        path.join(project, runtimeTarball),
        path.join(project, tarball),
        `typescript@${await typescriptVersion()}`,
      ],
      { cwd: project, maxBuffer: 16 * 1024 * 1024 },
    );
  }, 300_000);
  afterAll(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  async function typescriptVersion(): Promise<string> {
    const pkg = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    return pkg.devDependencies.typescript!;
  }

  it("npx wsdlgen generates, the output compiles under NodeNext and Bundler, and runs", async () => {
    await mkdir(path.join(project, "wsdl"));
    await writeFile(path.join(project, "wsdl/Ticket.wsdl"), await readFile(referenceWsdl));
    const gen = await exec(npm, ["exec", "--", "wsdlgen", "generate", "wsdl/Ticket.wsdl", "--out", "src/soap"], {
      cwd: project,
    });
    expect(gen.stdout).toContain("5 files for 1 WSDL(s)");

    await writeFile(
      path.join(project, "src/main.ts"),
      `import { TicketAgent, TicketSecurityLevel } from "./soap/Ticket/index.js";
const requests: string[] = [];
const agent = new TicketAgent({
  endpoint: "http://example.invalid/Ticket.svc",
  headers: { ApplicationToken: "t" },
  fetch: async (_url, init) => {
    requests.push(String(init?.body));
    const body =
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>' +
      '<BatchReplyResponse xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"><Response>2</Response>' +
      "</BatchReplyResponse></s:Body></s:Envelope>";
    return new Response(body, { status: 200 });
  },
});
const n: number = await agent.BatchReply({ TicketIds: [1, 2], Slevel: TicketSecurityLevel.Internal });
console.log(JSON.stringify({ n, sent: requests[0]!.includes("<ns1:Slevel>Internal</ns1:Slevel>") }));
`,
    );
    const tsconfig = (resolution: "NodeNext" | "Bundler", emit: boolean) => ({
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: resolution === "NodeNext" ? "NodeNext" : "ESNext",
        moduleResolution: resolution,
        lib: ["ES2022", "DOM"],
        types: [],
        skipLibCheck: false,
        ...(emit ? { outDir: "out", rootDir: "src" } : { noEmit: true }),
      },
      include: ["src/**/*.ts"],
    });
    const tsc = path.join(project, "node_modules/.bin/tsc");
    for (const resolution of ["NodeNext", "Bundler"] as const) {
      await writeFile(
        path.join(project, `tsconfig.${resolution}.json`),
        JSON.stringify(tsconfig(resolution, resolution === "NodeNext")),
      );
      await exec(tsc, ["-p", `tsconfig.${resolution}.json`], { cwd: project }).catch((e: { stdout?: string }) => {
        throw new Error(`tsc (${resolution}) failed:\n${e.stdout ?? ""}`);
      });
    }
    const run = await exec(process.execPath, ["out/main.js"], { cwd: project });
    expect(JSON.parse(run.stdout)).toEqual({ n: 2, sent: true });
  });
});
