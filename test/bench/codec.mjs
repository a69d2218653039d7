// The runtime-codec section of `npm run bench`: wsdlgen's runtime codec against node-soap (pinned devDependency)
// on SuperOffice's Services88 Ticket WSDL, without a network:
//   - encode a BatchReply request (10 ticket ids, an HTML body, a security level; ApplicationToken and
//     Credentials headers);
//   - decode a GetTickets response with 1,000 Ticket items written as SuperOffice documents its responses.
// The messages are in codec-data.mjs; what exactly each tool runs, and why that is the fair comparison, is in
// codec-worker.mjs. Every measurement is a separate child process (codec-worker.mjs) that sets its tool up
// (untimed), runs the operation once and checks the output, warms up, then times several batches; the tools
// alternate, one process each per round, ABBA order (wsdlgen first in odd rounds, node-soap first in even ones),
// so that neither runs in the other's JIT state or always first. Result per tool: the median of the ops/s of all
// its batches; the ratio is wsdlgen ÷ node-soap. Both tools' outputs are compared with the expected values
// before any timing (in each child), and with each other (here); a mismatch fails the case loudly.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { measure, median } from "./measure.mjs";

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), "codec-worker.mjs");
export const TICKETS = 1000;
export const CODEC_CASES = [
  // an encode takes some 50 µs: batches of ~200 ms after a 500 ms warm-up
  { id: "encode", name: "runtime: encode BatchReply request", warmupMs: 500, batchMs: 200, batches: 5 },
  // a decode of the 7 MB response takes about a second: the checked first operation is the warm-up, and each
  // timed batch is one operation
  {
    id: "decode",
    name: `runtime: decode GetTickets response, ${TICKETS.toLocaleString("en-US")} tickets`,
    warmupMs: 0,
    batchMs: 0,
    batches: 2,
  },
];
export const TOOLS = ["wsdlgen", "node-soap"];

function worker(config, timeoutMs = 120000) {
  return measure(process.execPath, [WORKER, JSON.stringify(config)], { cwd: path.dirname(WORKER), timeoutMs });
}

function parseOutput(r) {
  if (r.exitCode !== 0 || r.timedOut) return null;
  try {
    return JSON.parse(r.stdout.trim().split("\n").pop());
  } catch {
    return null;
  }
}

function failureOf(r) {
  if (r.timedOut) return `killed after ${Math.round(r.wallMs / 1000)} s`;
  const lines = (r.stderr + "\n" + r.stdout)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const line =
    lines.find((l) => l.startsWith("codec check failed")) ??
    lines.find((l) => /Error|failed/.test(l)) ??
    lines.at(-1) ??
    "";
  return `exit ${r.exitCode}: ${line.length > 300 ? line.slice(0, 297) + "..." : line}`;
}

/**
 * Runs the section. Returns { skipped } when the WSDL is absent, else { wsdl, responseBytes, rounds, cases:
 * [{ id, case, ok, failure, tools: [{ tool, ok, failure, processes, batches, opsPerSec, msPerOp, medianRssMB,
 * opsPerSecByBatch, rssKBByProcess }], ratio }] } (ratio: wsdlgen ops/s ÷ node-soap ops/s).
 */
export async function runCodecBench({ wsdl, wsdlgenDir, workDir, rounds, progress }) {
  if (!existsSync(wsdl)) return { skipped: `${wsdl} is absent (../shared is not there)` };
  progress("codec: preparing metadata.json and the GetTickets response");
  const prep = await worker({ mode: "prepare", wsdlgenDir, wsdl, outDir: workDir, tickets: TICKETS });
  const prepared = parseOutput(prep);
  const out = { wsdl, rounds, tickets: TICKETS, cases: [] };
  if (!prepared) {
    const failure = `preparation failed: ${failureOf(prep)}`;
    const failed = (tool) => ({
      tool,
      ok: false,
      failure,
      processes: 0,
      batches: 0,
      opsPerSec: null,
      msPerOp: null,
      medianRssMB: null,
      opsPerSecByBatch: [],
      opsPerBatch: [],
      rssKBByProcess: [],
      setupMsByProcess: [],
      firstOpMsByProcess: [],
    });
    for (const c of CODEC_CASES)
      out.cases.push({
        id: c.id,
        case: c.name,
        ok: false,
        failure,
        tools: TOOLS.map(failed),
        ratio: null,
        memRatio: null,
      });
    return out;
  }
  out.responseBytes = prepared.responseBytes;
  out.responseFile = prepared.responseFile;
  for (const c of CODEC_CASES) {
    const samples = Object.fromEntries(TOOLS.map((t) => [t, { runs: [], failure: null }]));
    const checked = {};
    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 ? TOOLS : [...TOOLS].reverse();
      for (const tool of order) {
        const s = samples[tool];
        if (s.failure) continue;
        progress(`codec ${c.id}: ${tool} process ${round}/${rounds}`);
        const r = await worker({
          mode: "run",
          tool,
          case: c.id,
          wsdlgenDir,
          wsdl,
          metadata: prepared.metadataFile,
          response: prepared.responseFile,
          tickets: TICKETS,
          warmupMs: c.warmupMs,
          batchMs: c.batchMs,
          batches: c.batches,
        });
        const result = parseOutput(r);
        if (!result) {
          s.failure = failureOf(r);
          continue;
        }
        checked[tool] ??= result.checked;
        s.runs.push({ ...result, peakRssKB: r.peakRssKB, wallMs: r.wallMs });
      }
    }
    // both tools produced the same values (each child already compared its own output with the expected values)
    let crossFailure = null;
    if (checked.wsdlgen && checked["node-soap"]) {
      const [a, b] = [checked.wsdlgen, checked["node-soap"]];
      const same =
        c.id === "encode"
          ? isDeepStrictEqual(a.header, b.header) && isDeepStrictEqual(a.body, b.body)
          : isDeepStrictEqual(a.ticketIds, b.ticketIds);
      if (!same)
        crossFailure =
          c.id === "encode"
            ? "the two tools' BatchReply requests carry different element values"
            : "the two tools decoded different TicketId values";
    }
    const tools = TOOLS.map((tool) => {
      const s = samples[tool];
      const failure = s.failure ?? crossFailure;
      const opsByBatch = s.runs.flatMap((r) => r.batches.map((b) => b.opsPerSec));
      const ops = failure ? null : median(opsByBatch);
      return {
        tool,
        ok: !failure,
        failure,
        processes: s.runs.length,
        batches: opsByBatch.length,
        opsPerSec: ops,
        msPerOp: ops ? 1000 / ops : null,
        medianRssMB: failure ? null : median(s.runs.map((r) => (r.peakRssKB == null ? null : r.peakRssKB / 1024))),
        opsPerSecByBatch: opsByBatch,
        opsPerBatch: s.runs.map((r) => r.batchOps),
        rssKBByProcess: s.runs.map((r) => r.peakRssKB),
        setupMsByProcess: s.runs.map((r) => r.setupMs),
        firstOpMsByProcess: s.runs.map((r) => r.firstMs),
        ...(checked[tool] && c.id === "encode" ? { requestBytes: checked[tool].bytes } : {}),
      };
    });
    const [w, n] = tools;
    out.cases.push({
      id: c.id,
      case: c.name,
      ok: tools.every((t) => t.ok),
      failure: tools.find((t) => t.failure)?.failure ?? null,
      tools,
      ratio: w.opsPerSec && n.opsPerSec ? w.opsPerSec / n.opsPerSec : null,
      memRatio: w.medianRssMB && n.medianRssMB ? n.medianRssMB / w.medianRssMB : null,
    });
  }
  return out;
}
