/**
 * Interrupting `wsdlgen generate` for real: the CLI, built from the current sources, is spawned and sent SIGINT,
 * SIGTERM or SIGKILL — at known points of its output stage (the `WSDLGEN_TEST_PAUSE_AT` seam) and at random
 * moments. After a SIGINT/SIGTERM the output folder is entirely the old output or entirely the new one, with
 * nothing of ours left over; after a SIGKILL the next run completes or removes what was left, so that then too no
 * stray file remains.
 */
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, lstat, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { referenceWsdl, repoRoot, tempDir } from "../helpers.js";

const exec = promisify(execFile);
const TIMEOUT = 180_000;

let bin: string;
let work: string;
/** The WSDLs of the old and of the new run. */
let oldWsdls: string[];
let newWsdls: string[];
/** A folder holding the old run's output, copied for each case; and the snapshots of both outputs. */
let oldOutput: string;
let oldSnapshot: Snapshot;
let newSnapshot: Snapshot;

type Snapshot = Record<string, string>;

/** Every entry under `dir` (dot files and folders included): files by content hash, folders as `<folder>`. */
async function snapshot(dir: string): Promise<Snapshot> {
  const entries: Snapshot = {};
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(path.join(dir, rel))).sort()) {
      const child = rel ? `${rel}/${name}` : name;
      const stats = await lstat(path.join(dir, child));
      if (stats.isDirectory()) {
        entries[`${child}/`] = "<folder>";
        await walk(child);
      } else
        entries[child] = createHash("sha256")
          .update(await readFile(path.join(dir, child)))
          .digest("hex");
    }
  };
  if (existsSync(dir)) await walk("");
  return entries;
}

const oldArgs = (out: string) => ["generate", ...oldWsdls, "--out", out];
const newArgs = (out: string) => [
  "generate",
  ...newWsdls,
  "--out",
  out,
  "--integer",
  "bigint",
  "--runtime-import",
  "./rt.js",
  "--force",
];

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the CLI; `onStart` gets the child (to signal it) and the stderr seen so far. */
function runCli(args: string[], env: Record<string, string> = {}, onStderr?: (text: string) => void) {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: work,
    env: { ...process.env, WSDLGEN_NO_COMPILE_CACHE: "1", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr?.(stderr);
  });
  const ended = new Promise<Ended>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stderr })));
  return { child, ended };
}

/** Runs the CLI until it pauses at `point`, then sends `signal`. */
async function interruptAt(point: string, signal: NodeJS.Signals, args: string[]): Promise<Ended> {
  let sent = false;
  const { child, ended } = runCli(args, { WSDLGEN_TEST_PAUSE_AT: point }, (stderr) => {
    if (!sent && stderr.includes(`wsdlgen: test pause at ${point}`)) {
      sent = true;
      child.kill(signal);
    }
  });
  const result = await ended;
  expect(sent, `paused at ${point}: ${result.stderr}`).toBe(true);
  return result;
}

/** A case's output folder, holding the old output. */
async function oldOutputCopy(name: string): Promise<string> {
  const out = path.join(await tempDir(`interrupt-${name}`), "out");
  await cp(oldOutput, out, { recursive: true });
  return out;
}

beforeAll(async () => {
  // The CLI as users run it, compiled from the current sources (dist/ may be stale while developing).
  const build = await tempDir("interrupt-build");
  await exec(path.join(repoRoot, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json", "--outDir", build], {
    cwd: repoRoot,
  });
  bin = path.join(build, "generator/bin.js");
  work = await tempDir("interrupt");
  // Several services, so the output stage has many files: the old run writes S1…S6, the new one S2…S7 with other
  // options (every service's agent and metadata change, S1 is removed, S7 is added).
  const text = await readFile(referenceWsdl, "utf8");
  const names = Array.from({ length: 7 }, (_, i) => path.join(work, `S${i + 1}.wsdl`));
  for (const [i, name] of names.entries())
    await writeFile(name, text.replace("Replies to several tickets at once", `Replies to several tickets (${i + 1})`));
  oldWsdls = names.slice(0, 6);
  newWsdls = names.slice(1);
  oldOutput = path.join(work, "old");
  const first = await runCli(oldArgs(oldOutput)).ended;
  expect(first.code, first.stderr).toBe(0);
  oldSnapshot = await snapshot(oldOutput);
  const newOutput = path.join(work, "new");
  await cp(oldOutput, newOutput, { recursive: true });
  const second = await runCli(newArgs(newOutput)).ended;
  expect(second.code, second.stderr).toBe(0);
  newSnapshot = await snapshot(newOutput);
  const changed = Object.keys(newSnapshot).filter((f) => newSnapshot[f] !== oldSnapshot[f]);
  expect(changed.length).toBeGreaterThan(15);
}, TIMEOUT);

describe("a signal while the output is staged", () => {
  it.each([
    ["staging", "SIGINT"],
    ["staged", "SIGTERM"],
  ] as const)(
    "at %s, %s leaves the old output exactly, and the process ends by the signal",
    async (point, signal) => {
      const out = await oldOutputCopy(`${point}-${signal}`);
      const ended = await interruptAt(point, signal, newArgs(out));
      expect(ended.signal).toBe(signal);
      expect(await snapshot(out)).toEqual(oldSnapshot);
    },
    TIMEOUT,
  );

  it(
    "into a fresh --out, leaves no folder at all",
    async () => {
      const out = path.join(await tempDir("interrupt-fresh"), "deep", "out");
      const ended = await interruptAt("staged", "SIGINT", newArgs(out));
      expect(ended.signal).toBe("SIGINT");
      expect(existsSync(path.dirname(out))).toBe(false);
    },
    TIMEOUT,
  );
});

describe("a signal during the swap", () => {
  it(
    "waits for the swap to finish: the new output exactly, then the process ends by the signal",
    async () => {
      const out = await oldOutputCopy("swapping-term");
      const ended = await interruptAt("swapping", "SIGTERM", newArgs(out));
      expect(ended.signal).toBe("SIGTERM");
      expect(await snapshot(out)).toEqual(newSnapshot);
    },
    TIMEOUT,
  );
});

describe("SIGKILL, which cannot be caught", () => {
  it(
    "mid-swap: the next run completes the swap first (then does its own work), leaving no stray file",
    async () => {
      const out = await oldOutputCopy("kill-swapping");
      const killed = await interruptAt("swapping", "SIGKILL", newArgs(out));
      expect(killed.signal).toBe("SIGKILL");
      const left = await snapshot(out);
      expect(left).not.toEqual(oldSnapshot);
      expect(left).not.toEqual(newSnapshot);
      expect(Object.keys(left).some((f) => f.startsWith(".wsdlgen-staging/"))).toBe(true);

      const next = await runCli(oldArgs(out)).ended;
      expect(next.code, next.stderr).toBe(0);
      expect(next.stderr).toContain("its swap was completed");
      expect(await snapshot(out)).toEqual(oldSnapshot);
    },
    TIMEOUT,
  );

  it(
    "while staging: the next run removes the staged files, even when it has nothing else to do",
    async () => {
      const out = path.join(await tempDir("interrupt-kill-staged"), "out");
      expect((await runCli(oldArgs(out)).ended).code).toBe(0); // with a run cache: the next old run is a no-op
      const killed = await interruptAt("staged", "SIGKILL", newArgs(out));
      expect(killed.signal).toBe("SIGKILL");
      expect(Object.keys(await snapshot(out)).some((f) => f.startsWith(".wsdlgen-staging/"))).toBe(true);
      const check = await runCli([...oldArgs(out), "--check"]).ended;
      expect(check.stderr).toContain("warning output-interrupted: an interrupted run left .wsdlgen-staging");

      const next = await runCli(oldArgs(out)).ended;
      expect(next.code, next.stderr).toBe(0);
      expect(next.stderr).toContain("they were removed");
      expect(await snapshot(out)).toEqual(oldSnapshot);
    },
    TIMEOUT,
  );
});

describe("a program that handles the signal itself", () => {
  it(
    "gets the same clean-up and an interrupted error, and is not ended by the signal",
    async () => {
      const out = await oldOutputCopy("host-handles");
      const api = pathToFileURL(path.join(path.dirname(bin), "index.js")).href;
      const script = `
        import { generate } from ${JSON.stringify(api)};
        process.on("SIGTERM", () => process.stderr.write("host: got SIGTERM\\n"));
        const options = { wsdl: ${JSON.stringify(newWsdls)}, outDir: ${JSON.stringify(out)}, force: true };
        await generate({ ...options, scalars: { integer: "bigint" }, runtimeImport: "./rt.js" }).then(
          () => process.stderr.write("host: generated\\n"),
          (e) => process.stderr.write("host: " + e.diagnostics?.[0]?.code + ": " + e.message + "\\n"),
        );`;
      let sent = false;
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
        cwd: work,
        env: { ...process.env, WSDLGEN_TEST_PAUSE_AT: "staged" },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (!sent && stderr.includes("test pause at staged")) (child.kill("SIGTERM"), (sent = true));
      });
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(stderr).toContain("host: got SIGTERM");
      expect(stderr).toContain("host: interrupted: error interrupted: interrupted by SIGTERM: nothing was changed");
      expect(code).toBe(0);
      expect(await snapshot(out)).toEqual(oldSnapshot);
    },
    TIMEOUT,
  );
});

describe("signals at random moments", () => {
  it(
    "each leaves the old or the new output, never a mix, and nothing of ours behind",
    async () => {
      const started = performance.now();
      const full = await runCli(newArgs(await oldOutputCopy("random-timing"))).ended;
      expect(full.code).toBe(0);
      const duration = performance.now() - started;
      const outcomes: string[] = [];
      for (let i = 0; i < 6; i++) {
        const out = await oldOutputCopy(`random-${i}`);
        const signal = i % 2 ? "SIGINT" : "SIGTERM";
        // Most of a run is start-up and generation; aim the later half of the kills at its end, where files move.
        const delay = i < 3 ? Math.random() * duration : duration * (0.7 + Math.random() * 0.4);
        const { child, ended } = runCli(newArgs(out));
        const timer = setTimeout(() => child.kill(signal), delay);
        const result = await ended;
        clearTimeout(timer);
        const state = await snapshot(out);
        const same = (s: Snapshot) => JSON.stringify(s) === JSON.stringify(state);
        const outcome = same(oldSnapshot) ? "old" : same(newSnapshot) ? "new" : "mixed";
        outcomes.push(`${signal} after ${Math.round(delay)} ms: ${outcome} (${result.signal ?? result.code})`);
        expect(outcome, outcomes.join("\n")).not.toBe("mixed");
        expect(result.signal ?? (result.code === 0 ? signal : result.code), result.stderr).toBe(signal);
        await rm(path.dirname(out), { recursive: true, force: true });
      }
    },
    TIMEOUT * 2,
  );
});
