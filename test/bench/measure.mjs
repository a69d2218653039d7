// Runs one command as a separate process and measures its wall time and the peak resident memory of its
// process tree.
//
// Peak RSS, two methods:
//   - "gnu-time" (preferred): the command runs under `/usr/bin/time -f %M`. GNU time reads the rusage that
//     wait4() returns; on Linux its ru_maxrss is the largest of the child's own peak and the peaks of the
//     descendants it waited for, i.e. the peak of the biggest single process in the tree (KiB).
//   - "proc-poll" (fallback when /usr/bin/time is missing or not GNU time, or BENCH_RSS=proc): the parent polls
//     /proc every BENCH_POLL_MS (default 5) ms while the child runs, walks the tree through
//     /proc/<pid>/task/<tid>/children and keeps the maximum of (a) the sum of VmRSS over the tree and (b) each
//     process's VmHWM (its own kernel-kept high-water mark, so a single process's peak between two polls is not
//     missed). A short-lived peak of several processes at once between two polls can be missed, and the last
//     few ms before exit are not seen; for the single-process CLIs measured here the figure is VmHWM's.
// Wall time is measured in this process with hrtime, from spawn to the child's exit (the wrapper adds ~1 ms).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const GNU_TIME = "/usr/bin/time";

let cachedMethod;
/** "gnu-time" or "proc-poll". */
export function rssMethod() {
  if (cachedMethod) return cachedMethod;
  cachedMethod = "proc-poll";
  if (process.env.BENCH_RSS !== "proc" && existsSync(GNU_TIME)) {
    const probe = spawnSync(GNU_TIME, ["-f", "%M", "true"], { encoding: "utf8" });
    if (probe.status === 0 && /^\d+\s*$/.test(probe.stderr.trim().split("\n").pop() ?? "")) cachedMethod = "gnu-time";
  }
  return cachedMethod;
}

/**
 * Runs cmd with args. Resolves to { wallMs, peakRssKB (null if unknown), exitCode, signal, timedOut, stdout, stderr }.
 * timeoutMs: the whole process group is killed (SIGKILL) after that long.
 */
export function measure(cmd, args, { cwd, timeoutMs = 0, env = process.env } = {}) {
  const method = rssMethod();
  let timeFile;
  let file = cmd;
  let argv = args;
  if (method === "gnu-time") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "wsdlgen-bench-"));
    timeFile = path.join(dir, "rss");
    file = GNU_TIME;
    argv = ["-f", "%M", "-o", timeFile, cmd, ...args];
  }
  return new Promise((resolve, reject) => {
    const stdout = [];
    const stderr = [];
    const start = process.hrtime.bigint();
    // detached: the child leads its own process group, so a timeout can kill the wrapper and the tool together
    const child = spawn(file, argv, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let timedOut = false;
    let polledPeakKB = 0;
    let poller;
    let timer;
    if (method === "proc-poll") {
      const pollMs = Number(process.env.BENCH_POLL_MS ?? 5);
      const poll = () => {
        const kb = treeRssKB(child.pid);
        if (kb > polledPeakKB) polledPeakKB = kb;
      };
      poll();
      poller = setInterval(poll, pollMs);
    }
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }, timeoutMs);
    }
    child.stdout.on("data", (d) => stdout.push(d));
    child.stderr.on("data", (d) => stderr.push(d));
    child.on("error", (e) => {
      clearInterval(poller);
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      clearInterval(poller);
      clearTimeout(timer);
      let peakRssKB = null;
      let exitCode = code;
      if (method === "gnu-time") {
        try {
          const text = readFileSync(timeFile, "utf8");
          const last = text.trim().split("\n").pop() ?? "";
          if (/^\d+$/.test(last)) peakRssKB = Number(last);
          const status = /Command exited with non-zero status (\d+)/.exec(text);
          if (status) exitCode = Number(status[1]);
          if (/Command terminated by signal/.test(text)) exitCode = exitCode || 1;
        } catch {
          // killed before GNU time could write it
        }
        rmSync(path.dirname(timeFile), { recursive: true, force: true });
      } else {
        peakRssKB = polledPeakKB || null;
      }
      resolve({
        wallMs,
        peakRssKB,
        exitCode,
        signal,
        timedOut,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
  });
}

function readStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(text);
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(text);
    return { rss: rss ? Number(rss[1]) : 0, hwm: hwm ? Number(hwm[1]) : 0 };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

function childrenOf(pid) {
  const out = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim().split(/\s+/))
          if (c) out.push(Number(c));
      } catch {
        // thread gone
      }
    }
  } catch {
    // process gone
  }
  return out;
}

/** max(sum of VmRSS over the tree, largest VmHWM in the tree), in KiB. */
function treeRssKB(root) {
  let sum = 0;
  let hwm = 0;
  const seen = new Set();
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    if (seen.has(pid)) continue;
    seen.add(pid);
    const s = readStatus(pid);
    sum += s.rss;
    if (s.hwm > hwm) hwm = s.hwm;
    stack.push(...childrenOf(pid));
  }
  return Math.max(sum, hwm);
}

export function median(values) {
  const v = values.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
