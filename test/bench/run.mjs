// `npm run bench`: wsdlgen against the peer generator wsdl-tsclient (pinned devDependency), each run a separate
// process, alternating ours / peer, median wall time and median peak RSS of the process tree; and wsdlgen's runtime
// codec against node-soap (pinned devDependency) in operations per second (codec.mjs).
// Cases: the published Ticket WSDL cold (with the floor of a cold run, `node -e "require('ts-morph')"`, and wsdlgen
// without its compile cache, as on the first run after installing), eBay Trading (3 MB), the largest other corpus
// services (by the bytes of the documents they load), a no-op regeneration, synthetic WSDLs of 100 to 10,000 types.
// Not a test: no assertions; it prints a table and whether the performance targets hold, and writes the figures
// to test/.tmp/bench-results.json.
//
// Options (flag or environment variable):
//   --runs N        BENCH_RUNS        runs per tool per case (default 5); the biggest cases use fewer (printed)
//   --only A,B      BENCH_ONLY        sections to run: ticket, ebay, corpus, noop, scaling, codec, bundle (default all)
//   --peer-timeout S BENCH_PEER_TIMEOUT  seconds after which a peer run in the scaling section is killed (default 120)
//   --budget S      BENCH_BUDGET      the whole bench's time budget (default 275); a peer scaling run's timeout is
//                                     shortened to fit it, and the printed note says how long it ran
//   --codec-rounds N BENCH_CODEC_ROUNDS  processes per tool per runtime-codec case (default 2; see codec.mjs)
//   BENCH_RSS=proc  measure peak RSS by polling /proc instead of GNU time (see measure.mjs)
// wsdlgen runs from a copy of dist/ and templates/ taken at start (snapshot.mjs), so a concurrent build cannot
// break the runs. Profiling where wsdlgen spends its time is a separate script: node test/bench/profile.mjs
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { CLIENT_BUNDLE_GZIP_LIMIT, clientBundleSize } from "../browser/bundle.mjs";
import { codecSummary, codecTargets, runCodecBench } from "./codec.mjs";
import { measure, median, rssMethod } from "./measure.mjs";
import { snapshotWsdlgen } from "./snapshot.mjs";
import { writeSyntheticWsdl } from "./synth.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SHARED = path.resolve(ROOT, "../shared");
const TMP = path.join(ROOT, "test/.tmp/bench");
const RESULTS = path.join(ROOT, "test/.tmp/bench-results.json");
const BUILT_BIN = path.join(ROOT, "dist/generator/bin.js");
// the runs use a copy of dist/ and templates/ taken at start (see snapshot.mjs)
let OURS_BIN = BUILT_BIN;
const PEER_BIN = path.join(ROOT, "node_modules/.bin/wsdl-tsclient");

function option(flag, envName, fallback) {
  const i = process.argv.indexOf(flag);
  if (i >= 0 && process.argv[i + 1] !== undefined) return process.argv[i + 1];
  return process.env[envName] ?? fallback;
}
const RUNS = Math.max(1, Number(option("--runs", "BENCH_RUNS", "5")));
const ONLY = new Set(
  String(option("--only", "BENCH_ONLY", "ticket,ebay,corpus,noop,scaling,codec,bundle"))
    .split(",")
    .map((s) => s.trim()),
);
const PEER_TIMEOUT_MS = Number(option("--peer-timeout", "BENCH_PEER_TIMEOUT", "120")) * 1000;
const BUDGET_MS = Number(option("--budget", "BENCH_BUDGET", "275")) * 1000;
const CODEC_ROUNDS = Math.max(1, Number(option("--codec-rounds", "BENCH_CODEC_ROUNDS", "2")));
const CORPUS_CASES = 5;
// at most this many of the largest corpus services are tried to find CORPUS_CASES that wsdlgen reads (the largest
// node-soap fixtures are incomplete schemas wsdlgen rejects, in about a second each)
const CORPUS_CANDIDATES = 30;
// the corpus services are small next to eBay (≤ 100 KB) and both tools take about as long as their start-up
const CORPUS_RUNS = Math.min(RUNS, 3);
const EBAY = path.join(SHARED, "wsdl/corpus/ebay-trading-491/eBayTest.wsdl");
const TICKET = path.join(SHARED, "wsdl/superoffice/Services88-Ticket.wsdl");
const SCALING = [
  // runs are reduced for the biggest N to keep the whole bench under five minutes on two cores
  { n: 100, runs: RUNS },
  { n: 1000, runs: Math.min(RUNS, 3) },
  { n: 10000, runs: Math.min(RUNS, 2), peerRuns: 1 },
];
// the peer stops at 64 definitions of the same name by default ("Too many definitions with same name"),
// which the synthetic WSDLs exceed from N = 1,000 on (every record has a `Parent` member); raised so it can run
const PEER_SCALING_ARGS = ["--maxRecursiveDefinitionName", "1000000"];

const ours = {
  name: "wsdlgen",
  args: (wsdl, out) => [OURS_BIN, "generate", wsdl, "--out", out, "--quiet"],
  cmd: process.execPath,
};
const FLOOR_LABEL = `node -e "require('ts-morph')"`;
const peer = {
  name: "wsdl-tsclient",
  args: (wsdl, out, extra = []) => [wsdl, "-o", out, "--quiet", ...extra],
  // with --quiet wsdl-tsclient prints no error at all; a failed run is repeated (unmeasured) without it for the reason
  diagnoseArgs: (wsdl, out, extra = []) => [wsdl, "-o", out, ...extra],
  cmd: PEER_BIN,
};

const results = {
  date: new Date().toISOString(),
  commit: gitCommit(),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  rssMethod: rssMethod(),
  loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
  runsRequested: RUNS,
  cases: [],
  scaling: [],
  targets: [],
  codec: { measured: false, note: "not run" },
  bundle: { measured: false, note: "not run" },
};
const rows = [];
// the runtime-codec rows, printed after the generation rows
const codecRows = [];
const runNotes = [];
const benchStart = Date.now();

function gitCommit() {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "generator", "templates", "package.json"], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return null;
  }
}

function log(line = "") {
  process.stdout.write(line + "\n");
}
function progress(text) {
  process.stderr.write(`  … ${text}\n`);
}

/** The first line that says why a run failed, shortened. */
function failureReason(r) {
  if (r.timedOut) return `killed after ${Math.round(r.wallMs / 1000)} s (time limit)`;
  const lines = (r.stderr + "\n" + r.stdout)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !/trace-warnings|yargs|reserved word|^Please do|^- /.test(l)); // the peer's yargs warning
  let pick =
    lines.find((l) => /\berror [a-z-]+:/.test(l)) ?? // wsdlgen's diagnostics: file:line:col: error code: message
    lines.find((l) => /^(\w*Error:|Too many)/.test(l)) ??
    lines.find((l) => /error/i.test(l) && !/Errors? occured/.test(l)) ??
    lines.at(-1) ??
    `exit code ${r.exitCode}`;
  pick = pick.replace(/^\S+?\.wsdl:(\d+:\d+): /, "at $1: "); // the case names the file
  return `exit ${r.exitCode}: ${pick.length > 150 ? pick.slice(0, 147) + "..." : pick}`;
}

/** Summary of a tool's runs in one case. */
function summarize(tool, runs) {
  const ok = runs.filter((r) => r.exitCode === 0 && !r.timedOut);
  const failed = runs.find((r) => r.exitCode !== 0 || r.timedOut);
  return {
    tool,
    runs: runs.length,
    ok: failed === undefined,
    failure: failed ? failureReason(failed) : null,
    timedOut: runs.some((r) => r.timedOut),
    medianMs: failed ? null : median(ok.map((r) => r.wallMs)),
    medianRssMB: failed ? null : median(ok.map((r) => (r.peakRssKB == null ? null : r.peakRssKB / 1024))),
    wallMs: runs.map((r) => round(r.wallMs, 1)),
    peakRssKB: runs.map((r) => r.peakRssKB),
  };
}

function round(x, d = 0) {
  if (x == null) return null;
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

/**
 * Runs each tool `runs` times, alternating. A tool that fails (or is killed) is not run again in this case:
 * its failure is the result. With `skipIfFirstFails`, a case whose first tool fails on its first run ends there
 * (the others are not run; their rows are not added) and undefined is returned.
 * tools: [{ label, run: () => Promise<measurement>, prepare?: () => void }]
 */
async function alternate(caseName, tools, runs, { skipIfFirstFails = false } = {}) {
  const samples = tools.map(() => []);
  const stopped = tools.map(() => false);
  for (let i = 0; i < runs; i++) {
    for (let t = 0; t < tools.length; t++) {
      if (stopped[t] || i >= (tools[t].runs ?? runs)) continue;
      tools[t].prepare?.();
      progress(`${caseName}: ${tools[t].label} run ${i + 1}/${tools[t].runs ?? runs}`);
      const r = await tools[t].run();
      samples[t].push(r);
      if (skipIfFirstFails && t === 0 && i === 0 && (r.exitCode !== 0 || r.timedOut)) return { skipped: r };
      if (r.exitCode !== 0 || r.timedOut) {
        stopped[t] = true;
        if (!r.timedOut && tools[t].diagnose) {
          tools[t].prepare?.();
          const d = await tools[t].diagnose();
          r.stdout += "\n" + d.stdout;
          r.stderr += "\n" + d.stderr;
        }
      }
    }
  }
  const summaries = tools.map((t, i) => summarize(t.label, samples[i]));
  const base = summaries[0];
  for (const s of summaries.slice(1)) {
    s.timeRatio = base.medianMs && s.medianMs ? s.medianMs / base.medianMs : null;
    s.memRatio = base.medianRssMB && s.medianRssMB ? s.medianRssMB / base.medianRssMB : null;
  }
  const entry = { case: caseName, tools: summaries };
  results.cases.push(entry);
  for (const s of summaries) rows.push({ case: caseName, ...s });
  return entry;
}

function freshDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

function generationTools(caseId, wsdl, { peerArgs = [], peerTimeoutMs = PEER_TIMEOUT_MS, oursRuns, peerRuns } = {}) {
  const outOurs = path.join(TMP, "out", caseId, "wsdlgen");
  const outPeer = path.join(TMP, "out", caseId, "wsdl-tsclient");
  return [
    {
      label: ours.name,
      runs: oursRuns,
      prepare: () => freshDir(outOurs),
      run: () => measure(ours.cmd, ours.args(wsdl, outOurs), { cwd: ROOT, timeoutMs: PEER_TIMEOUT_MS }),
    },
    {
      label: peer.name,
      runs: peerRuns,
      prepare: () => freshDir(outPeer),
      run: () =>
        measure(peer.cmd, peer.args(wsdl, outPeer, peerArgs), {
          cwd: ROOT,
          timeoutMs: typeof peerTimeoutMs === "function" ? peerTimeoutMs() : peerTimeoutMs,
        }),
      diagnose: () => measure(peer.cmd, peer.diagnoseArgs(wsdl, outPeer, peerArgs), { cwd: ROOT, timeoutMs: 60000 }),
    },
  ];
}

// ---------------------------------------------------------------------------------------------- sections

async function ticketSection() {
  if (!existsSync(TICKET)) {
    log(`SKIPPED cold Ticket generation: ${TICKET} is absent (../shared is not there)`);
    results.cases.push({ case: "Ticket (cold)", skipped: `${TICKET} absent` });
    return;
  }
  const tools = generationTools("ticket", TICKET);
  const outNoCache = path.join(TMP, "out", "ticket", "wsdlgen-no-cache");
  tools.push(
    {
      // the floor of a cold run: starting Node and loading ts-morph (its TypeScript compiler), nothing cached
      label: FLOOR_LABEL,
      run: () => measure(process.execPath, ["-e", "require('ts-morph')"], { cwd: ROOT }),
    },
    {
      // as on the first run after installing: no code cached for ts-morph yet (informational, no target)
      label: "wsdlgen, no compile cache",
      prepare: () => freshDir(outNoCache),
      run: () =>
        measure(ours.cmd, ours.args(TICKET, outNoCache), {
          cwd: ROOT,
          env: { ...process.env, WSDLGEN_NO_COMPILE_CACHE: "1" },
        }),
    },
  );
  const entry = await alternate(`Services88-Ticket.wsdl cold (${kb(TICKET)})`, tools, RUNS);
  entry.ticket = true;
}

async function ebaySection() {
  if (!existsSync(EBAY)) {
    log(`SKIPPED eBay Trading: ${EBAY} is absent (../shared is not there)`);
    results.cases.push({ case: "eBay Trading", skipped: `${EBAY} absent` });
    return;
  }
  const entry = await alternate(`eBay Trading eBayTest.wsdl (${kb(EBAY)})`, generationTools("ebay", EBAY), RUNS);
  entry.ebay = true;
}

function kb(file) {
  return `${(statSync(file).size / 1024).toFixed(0)} KB`;
}

/**
 * The documents a WSDL loads: itself and, transitively, the local files its wsdl:import, xs:import and xs:include
 * name (a plain scan of the location attributes; remote locations are not followed).
 */
function localDocuments(wsdl) {
  const seen = new Set();
  const stack = [wsdl];
  while (stack.length) {
    const file = stack.pop();
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(
      /<(?:[\w.-]+:)?(?:import|include)\b[^>]*?\b(?:schemaLocation|location)\s*=\s*["']([^"']+)["']/g,
    )) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(m[1])) continue;
      stack.push(path.resolve(path.dirname(file), m[1].replace(/[?#].*$/, "")));
    }
  }
  return [...seen].sort();
}

/**
 * The corpus services, largest first by the bytes of the documents each loads (a multi-document service counts
 * its schemas), services that load the same documents counted once, eBay Trading left out (its own case).
 */
function largestCorpusServices() {
  const root = path.join(SHARED, "wsdl/corpus");
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.toLowerCase().endsWith(".wsdl") && p !== EBAY) files.push(p);
    }
  };
  walk(root);
  const services = files.map((f) => {
    const documents = localDocuments(f);
    const hash = createHash("sha1");
    for (const d of documents) hash.update(readFileSync(d));
    const bytes = documents.reduce((n, d) => n + statSync(d).size, 0);
    return { path: f, documents: documents.length, bytes, hash: hash.digest("hex") };
  });
  services.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  const seen = new Set();
  return services.filter((s) => !seen.has(s.hash) && seen.add(s.hash));
}

async function corpusSection() {
  if (!existsSync(path.join(SHARED, "wsdl/corpus"))) {
    log(`SKIPPED corpus generation: ${path.join(SHARED, "wsdl/corpus")} is absent`);
    results.cases.push({ case: "corpus", skipped: "../shared/wsdl/corpus absent" });
    return;
  }
  let measured = 0;
  let tried = 0;
  for (const f of largestCorpusServices()) {
    if (measured === CORPUS_CASES || tried === CORPUS_CANDIDATES) break;
    tried++;
    let name = path.basename(f.path);
    if (name === "soap.wsdl") name = `${path.basename(path.dirname(f.path)).slice(0, 14)}…/soap.wsdl`;
    const size = `${(f.bytes / 1024).toFixed(0)} KB${f.documents > 1 ? ` in ${f.documents} documents` : ""}`;
    const caseName = `corpus ${name} (${size})`;
    // a service wsdlgen rejects (an incomplete schema, a remote import) is not a speed comparison: noted, skipped
    const entry = await alternate(caseName, generationTools(`corpus${tried}`, f.path), CORPUS_RUNS, {
      skipIfFirstFails: true,
    });
    if (entry.skipped) {
      const code = /\berror ([a-z-]+):/.exec(entry.skipped.stderr)?.[1] ?? `exit ${entry.skipped.exitCode}`;
      runNotes.push(
        `corpus ${path.relative(path.join(SHARED, "wsdl/corpus"), f.path)} (${size}): wsdlgen rejects it (${code})`,
      );
      continue;
    }
    measured++;
    entry.file = path.relative(ROOT, f.path);
    entry.corpus = true;
  }
}

async function noopSection() {
  let wsdl = TICKET;
  if (!existsSync(wsdl)) {
    log(`note: ../shared absent, no-op regeneration uses the repository's reduced wsdl/Services88-Ticket.wsdl`);
    wsdl = path.join(ROOT, "wsdl/Services88-Ticket.wsdl");
  }
  const out = path.join(TMP, "out", "noop", "wsdlgen");
  freshDir(out);
  progress("no-op: first (writing) run");
  const first = await measure(ours.cmd, ours.args(wsdl, out), { cwd: ROOT });
  if (first.exitCode !== 0) log(`no-op regeneration: the first run failed: ${failureReason(first)}`);
  const tools = [
    { label: "wsdlgen 2nd run", run: () => measure(ours.cmd, ours.args(wsdl, out), { cwd: ROOT }) },
    { label: "node -e 0", run: () => measure(process.execPath, ["-e", "0"], { cwd: ROOT }) },
  ];
  const before = fileStamps(out);
  const entry = await alternate(`no-op regen ${path.basename(wsdl)}`, tools, RUNS);
  entry.noop = true;
  const after = fileStamps(out);
  const touched = [...after].filter(([f, t]) => before.get(f) !== t).map(([f]) => f);
  entry.filesRewritten = touched;
  if (touched.length)
    runNotes.push(`no-op regen: the second runs rewrote ${touched.length} file(s), e.g. ${touched[0]}`);
}

/** path → mtime of every file under dir. */
function fileStamps(dir) {
  const stamps = new Map();
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else stamps.set(path.relative(dir, p), statSync(p).mtimeMs);
    }
  };
  if (existsSync(dir)) walk(dir);
  return stamps;
}

async function scalingSection() {
  let peerGaveUp = null;
  for (const { n, runs, peerRuns } of SCALING) {
    const wsdl = writeSyntheticWsdl(n, TMP);
    let lastOursMs = 0;
    const tools = generationTools(`synthetic${n}`, wsdl, {
      peerArgs: PEER_SCALING_ARGS,
      // the time limit, shortened when the bench's budget would not allow it (keeping time for the remaining
      // wsdlgen runs of this N and the rest of the bench)
      peerTimeoutMs: () => {
        const reserve = (runs - 1) * lastOursMs * 1.3 + 5000;
        const left = benchStart + BUDGET_MS - Date.now() - reserve;
        const limit = Math.max(15000, Math.min(PEER_TIMEOUT_MS, left));
        if (limit < PEER_TIMEOUT_MS)
          runNotes.push(
            `synthetic N=${n}: the peer's time limit is shortened to ${Math.round(limit / 1000)} s to stay within the ${BUDGET_MS / 1000} s budget`,
          );
        return limit;
      },
      oursRuns: runs,
      peerRuns: peerRuns ?? runs,
    });
    const oursRun = tools[0].run;
    tools[0].run = async () => {
      const r = await oursRun();
      lastOursMs = r.wallMs;
      return r;
    };
    if (peerGaveUp) tools.pop();
    const entry = await alternate(`synthetic N=${n} (${kb(wsdl)})`, tools, runs);
    entry.n = n;
    entry.synthetic = true;
    if (peerGaveUp) {
      const note = `not run: ${peerGaveUp}`;
      entry.tools.push({ tool: peer.name, runs: 0, ok: false, failure: note });
      rows.push({ case: entry.case, tool: peer.name, runs: 0, ok: false, failure: note });
    } else {
      const p = entry.tools[1];
      if (p.timedOut) peerGaveUp = `it was killed at N=${n} after ${Math.round(p.wallMs.at(-1) / 1000)} s`;
    }
    results.scaling.push({
      n,
      types: n,
      operations: Math.floor(n / 5),
      wsdlBytes: statSync(wsdl).size,
      ...Object.fromEntries(
        entry.tools.map((t) => [
          t.tool,
          {
            runs: t.runs,
            medianMs: round(t.medianMs, 1),
            medianRssMB: round(t.medianRssMB, 1),
            ok: t.ok,
            timedOut: t.timedOut ?? false,
            failure: t.failure,
          },
        ]),
      ),
    });
  }
}

/** The generated Ticket client and the runtime it pulls in, bundled by esbuild for browsers, minified and gzipped. */
async function bundleSection() {
  progress("client runtime bundle (esbuild, browser platform, minified, gzipped)");
  try {
    const { minifiedBytes, gzipBytes } = await clientBundleSize();
    results.bundle = { measured: true, minifiedBytes, gzipBytes, gzipLimitBytes: CLIENT_BUNDLE_GZIP_LIMIT };
  } catch (e) {
    results.bundle = { measured: false, note: `FAILED: ${e?.message ?? e}` };
    process.exitCode = 1;
  }
}

async function codecSection() {
  const wsdl = path.join(SHARED, "wsdl/superoffice/Services88-Ticket.wsdl");
  const started = Date.now();
  const r = await runCodecBench({
    wsdl,
    wsdlgenDir: path.join(TMP, "wsdlgen"),
    workDir: path.join(TMP, "codec"),
    rounds: CODEC_ROUNDS,
    progress,
  });
  if (r.skipped) {
    log(`SKIPPED runtime codec: ${r.skipped}`);
    results.codec = { measured: false, skipped: r.skipped };
    return;
  }
  for (const c of r.cases) {
    for (const t of c.tools) {
      codecRows.push({
        case: c.case,
        tool: t.tool,
        runs: t.processes ? `${t.processes}×${t.batches / t.processes}` : "0",
        ok: t.ok,
        failure: t.failure,
        medianMs: t.msPerOp,
        medianRssMB: t.medianRssMB,
        opsPerSec: t.opsPerSec,
        // as in the other cases, this row ÷ the case's first (wsdlgen) row: node-soap's time per operation ÷ wsdlgen's
        timeRatio: t.tool === "wsdlgen" ? null : c.ratio,
        memRatio: t.tool === "wsdlgen" ? null : c.memRatio,
      });
    }
    // a wrong output (or a crashed measurement) must not go unnoticed: the failed rows print why, the target
    // line says FAILED, and the bench exits with 1
    if (!c.ok) process.exitCode = 1;
  }
  const r3 = (x) => round(x, 3);
  results.codec = {
    measured: true,
    wsdl: path.relative(ROOT, wsdl),
    method:
      "each tool in its own child process per round (ABBA order), setup untimed, first operation checked, warm-up, then timed batches; " +
      "opsPerSec = median over all batches (cpuOpsPerSec: by the process's CPU time); ratio = wsdlgen opsPerSec / " +
      "node-soap opsPerSec (cpuRatio: by CPU time); MB/s = wsdlgen's message bytes per operation time; " +
      "see test/bench/codec.mjs, codec-worker.mjs, codec-data.mjs",
    rounds: r.rounds,
    tickets: r.tickets,
    responseBytes: r.responseBytes,
    seconds: round((Date.now() - started) / 1000, 1),
    cases: r.cases.map((c) => ({
      id: c.id,
      case: c.case,
      kind: c.kind,
      tickets: c.tickets,
      ok: c.ok,
      failure: c.failure,
      ratio: r3(c.ratio),
      cpuRatio: r3(c.cpuRatio),
      memRatio: r3(c.memRatio),
      bytes: c.bytes,
      mbPerSec: round(c.mbPerSec, 2),
      cpuMbPerSec: round(c.cpuMbPerSec, 2),
      tools: c.tools.map((t) => ({
        ...t,
        opsPerSec: round(t.opsPerSec, 4),
        cpuOpsPerSec: round(t.cpuOpsPerSec, 4),
        msPerOp: r3(t.msPerOp),
        cpuMsPerOp: t.cpuMsPerOp == null ? null : round(t.cpuMsPerOp, 4),
        cpuOpsPerSecByBatch: t.cpuOpsPerSecByBatch.map((x) => round(x, 4)),
        medianRssMB: round(t.medianRssMB, 1),
        opsPerSecByBatch: t.opsPerSecByBatch.map((x) => round(x, 4)),
        setupMsByProcess: t.setupMsByProcess.map((x) => round(x, 1)),
        firstOpMsByProcess: t.firstOpMsByProcess.map((x) => round(x, 2)),
      })),
    })),
  };
}

// ---------------------------------------------------------------------------------------------- output

function fmt(x, d = 0) {
  return x == null ? "—" : x.toFixed(d);
}

/** ops/s with three significant digits at least, thousands grouped. */
function fmtOps(x) {
  if (x == null) return "—";
  return x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toPrecision(3);
}

function printTable(headers, body, align) {
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (align[i] === "r" ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  log(line(headers));
  log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of body) log(line(r));
}

function printResults() {
  log("");
  log(
    `wsdlgen benchmark — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ` +
      `peak RSS via ${rssMethod()}, commit ${results.commit ?? "?"}`,
  );
  const load = results.loadAverageAtStart;
  const endLoad = os.loadavg().map((x) => round(x, 2));
  results.loadAverageAtEnd = endLoad;
  log(
    `load average (1 min) at start ${load[0]}, at end ${endLoad[0]}` +
      (Math.max(load[0], endLoad[0]) > 0.7 ? " — other processes were competing for the CPUs: figures are noisy" : ""),
  );
  log(
    'medians over the number of runs shown; "×" columns: this row ÷ the case\'s first row ' +
      "(wsdl-tsclient ÷ wsdlgen, node ÷ wsdlgen, node-soap ÷ wsdlgen)",
  );
  log("");
  const body = [];
  const notes = [];
  let lastCase = null;
  const withOps = codecRows.length > 0;
  for (const r of [...rows, ...codecRows]) {
    const caseCell = r.case === lastCase ? "" : r.case;
    lastCase = r.case;
    // a runtime-codec operation can take well under a millisecond
    let ms =
      r.opsPerSec !== undefined && r.medianMs != null && r.medianMs < 100 ? r.medianMs.toPrecision(3) : fmt(r.medianMs);
    let mb = fmt(r.medianRssMB, 1);
    if (!r.ok) {
      ms = r.timedOut ? "KILLED" : r.runs === 0 ? "not run" : "FAILED";
      mb = "—";
      notes.push(`${r.case} / ${r.tool}: ${r.failure}`);
    }
    const cells = [
      caseCell,
      r.tool,
      String(r.runs),
      ms,
      mb,
      r.timeRatio == null ? "" : fmt(r.timeRatio, 2) + "×",
      r.memRatio == null ? "" : fmt(r.memRatio, 2) + "×",
    ];
    if (withOps) cells.splice(4, 0, r.opsPerSec == null ? (r.ok ? "" : "—") : fmtOps(r.opsPerSec));
    body.push(cells);
  }
  if (withOps)
    printTable(["case", "tool", "runs", "median ms", "ops/s", "peak RSS MB", "time ×", "mem ×"], body, [
      "l",
      "l",
      "r",
      "r",
      "r",
      "r",
      "r",
      "r",
    ]);
  else
    printTable(["case", "tool", "runs", "median ms", "peak RSS MB", "time ×", "mem ×"], body, [
      "l",
      "l",
      "r",
      "r",
      "r",
      "r",
      "r",
    ]);
  notes.push(...runNotes);
  if (notes.length) {
    log("");
    log("failures and notes:");
    for (const n of notes) log(`  ${n}`);
  }

  if (results.scaling.length) {
    log("");
    log(
      "scaling (synthetic WSDL: N complex types incl. 10 % ArrayOfX, N/10 enums, N/5 document/literal wrapped " +
        `operations; peer run with ${PEER_SCALING_ARGS.join(" ")}):`,
    );
    const sb = [];
    for (const tool of [ours.name, peer.name]) {
      let prev = null;
      for (const s of results.scaling) {
        const t = s[tool];
        if (!t) continue;
        const growT = prev && t.ok && prev.ok ? fmt(t.medianMs / prev.medianMs, 2) + "×" : "";
        const growM = prev && t.ok && prev.ok ? fmt(t.medianRssMB / prev.medianRssMB, 2) + "×" : "";
        sb.push([
          tool,
          String(s.n),
          String(t.runs),
          t.ok ? fmt(t.medianMs) : t.runs === 0 ? "not run" : t.timedOut ? "KILLED" : "FAILED",
          t.ok ? fmt(t.medianRssMB, 1) : "—",
          growT,
          growM,
        ]);
        prev = t;
      }
    }
    printTable(["tool", "N", "runs", "median ms", "peak RSS MB", "time growth/10×N", "mem growth/10×N"], sb, [
      "l",
      "r",
      "r",
      "r",
      "r",
      "r",
      "r",
    ]);
  }

  if (results.codec.measured) {
    const c = results.codec;
    log("");
    log(
      `runtime rows (${path.basename(c.wsdl)}, port BasicHttpBinding_Ticket; the response is ${fmt(c.responseBytes / 1e6, 2)} MB): ` +
        `"median ms" is per operation, "ops/s" the median over all timed batches, "runs" processes × timed batches per process, ` +
        `peak RSS that of the measuring process (setup included); wsdlgen ÷ node-soap in ops/s = the "time ×" column`,
    );
    for (const line of codecSummary(c)) log(line);
  }
  if (results.bundle.measured) {
    const b = results.bundle;
    log("");
    log(
      `client runtime bundle (generated/Services88-Ticket + @wsdlgen/runtime, esbuild --platform=browser --minify): ` +
        `${fmt(b.minifiedBytes / 1024, 1)} KiB minified, ${fmt(b.gzipBytes / 1024, 1)} KiB gzipped (${fmt(b.gzipBytes)} bytes)`,
    );
  }
  evaluateTargets();
  log("");
  for (const t of results.targets)
    log(`target ${t.holds === null ? "NOT MEASURED" : t.holds ? "HOLDS " : "MISSED"}  ${t.target}: ${t.detail}`);
  log("");
  log(
    `total bench time ${((Date.now() - benchStart) / 1000).toFixed(0)} s; figures in ${path.relative(ROOT, RESULTS)}`,
  );
}

/** The generation targets of issue 13, each a ratio measured in this run; then the runtime codec's. */
function evaluateTargets() {
  const targets = results.targets;
  const toolOf = (entry, label) => entry?.tools.find((t) => t.tool === label);
  const notRun = (target) => targets.push({ target, holds: null, detail: "not run" });
  const peerRatio = (entry) => {
    const o = toolOf(entry, ours.name);
    const p = toolOf(entry, peer.name);
    return o?.ok && p?.ok ? p.medianMs / o.medianMs : null;
  };

  const ticket = results.cases.find((c) => c.ticket);
  const ticketOurs = toolOf(ticket, ours.name);
  const faster = "cold Ticket ≥ 2.5× faster than wsdl-tsclient";
  if (ticket) {
    const r = peerRatio(ticket);
    targets.push({
      target: faster,
      holds: r == null ? false : r >= 2.5,
      detail:
        r == null
          ? "a tool failed"
          : `${fmt(toolOf(ticket, peer.name).medianMs)} ms vs ${fmt(ticketOurs.medianMs)} ms = ${fmt(r, 2)}×`,
    });
    const floor = toolOf(ticket, FLOOR_LABEL);
    const f = ticketOurs?.ok && floor?.ok ? ticketOurs.medianMs / floor.medianMs : null;
    targets.push({
      target: `cold Ticket within 1.3× of the floor (${FLOOR_LABEL})`,
      holds: f == null ? false : f <= 1.3,
      detail:
        f == null ? "a run failed" : `${fmt(ticketOurs.medianMs)} ms vs ${fmt(floor.medianMs)} ms = ${fmt(f, 2)}×`,
    });
  } else {
    notRun(faster);
    notRun(`cold Ticket within 1.3× of the floor (${FLOOR_LABEL})`);
  }

  const ebay = results.cases.find((c) => c.ebay);
  const ebayTarget = "eBay Trading (3 MB) ≥ 3× faster than wsdl-tsclient";
  if (ebay) {
    const r = peerRatio(ebay);
    targets.push({
      target: ebayTarget,
      holds: r == null ? false : r >= 3,
      detail:
        r == null
          ? "a tool failed"
          : `${fmt(toolOf(ebay, peer.name).medianMs)} ms vs ${fmt(toolOf(ebay, ours.name).medianMs)} ms = ${fmt(r, 2)}×`,
    });
  } else notRun(ebayTarget);

  const corpus = results.cases.filter((c) => c.corpus);
  const corpusTarget = `the ${CORPUS_CASES} largest corpus services wsdlgen reads ≥ 3× faster than wsdl-tsclient`;
  if (corpus.length) {
    const ratios = corpus.map(peerRatio);
    const both = ratios.filter((r) => r != null);
    targets.push({
      target: corpusTarget,
      holds: both.length ? both.every((r) => r >= 3) : false,
      detail:
        `${both.length} of ${corpus.length} handled by both; ` +
        `wsdl-tsclient/wsdlgen ${ratios.map((r) => (r == null ? "—" : fmt(r, 2) + "×")).join(", ")}`,
    });
  } else notRun(corpusTarget);

  // every generation case both tools ran: ours at or below the peer's peak RSS
  const memTarget = "peak RSS at or below wsdl-tsclient's on every case";
  const compared = results.cases
    .filter((c) => c.tools && (c.ticket || c.ebay || c.corpus || c.synthetic))
    .map((c) => ({ name: c.case.replace(/ \(.*$/, ""), o: toolOf(c, ours.name), p: toolOf(c, peer.name) }))
    .filter(({ o, p }) => o?.ok && p?.ok && o.medianRssMB != null && p.medianRssMB != null);
  if (compared.length) {
    const over = compared.filter(({ o, p }) => o.medianRssMB > p.medianRssMB);
    const worst = compared.reduce((a, b) =>
      b.o.medianRssMB / b.p.medianRssMB > a.o.medianRssMB / a.p.medianRssMB ? b : a,
    );
    targets.push({
      target: memTarget,
      holds: over.length === 0,
      detail:
        `${compared.length} cases; ` +
        (over.length
          ? `above on ${over.map(({ name, o, p }) => `${name} (${fmt(o.medianRssMB, 1)} vs ${fmt(p.medianRssMB, 1)} MB)`).join(", ")}`
          : `highest ratio ${fmt(worst.o.medianRssMB / worst.p.medianRssMB, 2)}× (${worst.name}: ` +
            `${fmt(worst.o.medianRssMB, 1)} vs ${fmt(worst.p.medianRssMB, 1)} MB)`),
    });
  } else notRun(memTarget);

  const sc = results.scaling.map((s) => ({ n: s.n, t: s[ours.name] })).filter((s) => s.t);
  const sizeTarget = "synthetic 10,000 types under 3 s";
  const growthTarget = "growth per 10× types ≤ 10× in time";
  const big = sc.find((s) => s.n === 10000);
  if (big)
    targets.push({
      target: sizeTarget,
      holds: big.t.ok ? big.t.medianMs < 3000 : false,
      detail: big.t.ok ? `${fmt(big.t.medianMs)} ms` : "the wsdlgen run failed",
    });
  else notRun(sizeTarget);
  if (sc.length >= 2 && sc.every((s) => s.t.ok)) {
    const growth = sc.slice(1).map((s, i) => s.t.medianMs / sc[i].t.medianMs);
    targets.push({
      target: growthTarget,
      holds: growth.every((g) => g <= 10),
      detail: sc
        .slice(1)
        .map((s, i) => `N=${sc[i].n}→${s.n}: ${fmt(growth[i], 2)}×`)
        .join(", "),
    });
  } else if (sc.length >= 2) targets.push({ target: growthTarget, holds: false, detail: "a wsdlgen run failed" });
  else notRun(growthTarget);

  const noop = results.cases.find((c) => c.noop);
  const noopTarget = "no-op regeneration ≤ 1.5× `node -e 0`";
  if (noop) {
    const [o, n] = noop.tools;
    const r = o.ok && n.ok ? o.medianMs / n.medianMs : null;
    targets.push({
      target: noopTarget,
      holds: r == null ? false : r <= 1.5,
      detail: r == null ? "a run failed" : `${fmt(o.medianMs)} ms vs ${fmt(n.medianMs)} ms = ${fmt(r, 2)}×`,
    });
  } else notRun(noopTarget);

  const bundleTarget = `client runtime bundle ≤ ${fmt(CLIENT_BUNDLE_GZIP_LIMIT / 1024)} KiB minified and gzipped`;
  const b = results.bundle;
  targets.push({
    target: bundleTarget,
    holds: b.measured ? b.gzipBytes <= b.gzipLimitBytes : null,
    detail: b.measured ? `${fmt(b.gzipBytes / 1024, 1)} KiB (${fmt(b.gzipBytes)} bytes)` : b.note,
  });

  // the runtime codec's: every case ≥ 3× node-soap, the 1,000-ticket response read at ≥ 50 MB/s and written at ≥ 100
  targets.push(...codecTargets(results.codec));
}

// ---------------------------------------------------------------------------------------------- main

async function main() {
  if (!existsSync(BUILT_BIN)) {
    log(`${path.relative(ROOT, BUILT_BIN)} is missing: run \`npm run bench\` (it builds first) or \`npm run build\``);
    process.exit(2);
  }
  if (!existsSync(PEER_BIN)) {
    log(`${path.relative(ROOT, PEER_BIN)} is missing: run \`npm ci\` (wsdl-tsclient is a devDependency)`);
    process.exit(2);
  }
  mkdirSync(TMP, { recursive: true });
  OURS_BIN = snapshotWsdlgen(ROOT, path.join(TMP, "wsdlgen"));
  log(
    `wsdlgen bench: ${RUNS} run(s) per tool per case (${CORPUS_RUNS} for the corpus, fewer for the biggest synthetic N), peak RSS via ${rssMethod()}`,
  );
  if (ONLY.has("ticket")) await ticketSection();
  if (ONLY.has("ebay")) await ebaySection();
  if (ONLY.has("corpus")) await corpusSection();
  if (ONLY.has("noop")) await noopSection();
  // before the scaling section, whose peer time limit is cut to what is left of the budget
  if (ONLY.has("codec")) await codecSection();
  if (ONLY.has("bundle")) await bundleSection();
  if (ONLY.has("scaling")) await scalingSection();
  printResults();
  results.totalSeconds = round((Date.now() - benchStart) / 1000, 1);
  for (const c of results.cases)
    for (const t of c.tools ?? []) {
      t.medianMs = round(t.medianMs, 1);
      t.medianRssMB = round(t.medianRssMB, 1);
      if (t.timeRatio != null) t.timeRatio = round(t.timeRatio, 3);
      if (t.memRatio != null) t.memRatio = round(t.memRatio, 3);
    }
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(results, null, 2) + "\n", "utf8");
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e?.stack ?? e}\n`);
  process.exit(1);
});
