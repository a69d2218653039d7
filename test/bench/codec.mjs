// The runtime-codec section of `npm run bench`: wsdlgen's runtime codec against node-soap (pinned devDependency)
// on SuperOffice's Services88 Ticket WSDL, without a network, on both sides of an exchange:
//   - encode a BatchReply request (10 ticket ids, an HTML body, a security level; ApplicationToken and
//     Credentials headers);
//   - SuperOffice's documented BatchReply messages (../shared/examples/superoffice/Ticket): encode the documented
//     request's values and decode the documented request (client and server), encode the documented response's
//     value and decode the documented response (server and client);
//   - decode a GetTickets response with 1,000 Ticket items written as SuperOffice documents its responses, and
//     encode that response from the decoded values (a server answering GetTickets).
// The messages are in codec-data.mjs; what exactly each tool runs, and why that is the fair comparison, is in
// codec-worker.mjs. Every measurement is a separate child process (codec-worker.mjs) that sets its tool up
// (untimed), runs the operation once and checks the output, warms up, then times several batches; the tools
// alternate, one process each per round, ABBA order (wsdlgen first in odd rounds, node-soap first in even ones),
// so that neither runs in the other's JIT state or always first. Result per tool: the median of the ops/s of all
// its batches, by wall time and by CPU time (the process's, all threads); the ratio is wsdlgen ÷ node-soap.
// Both tools' outputs are compared with the expected values before any timing (in each child), and with each
// other (here: the leaf elements of encoded messages, the ticket ids decoded); a mismatch fails the case loudly.
// Throughput (MB/s, 1 MB = 10^6 bytes, as the issue and xml-reader.mjs count) is the message's UTF-8 size per
// operation time: the message read for a decode, the message written for an encode.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { measure, median } from "./measure.mjs";

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), "codec-worker.mjs");
export const TICKETS = 1000;
// a small message's operation takes some 5–100 µs: batches of ~200 ms after a 500 ms warm-up; the 1,000-ticket
// messages take some 50–500 ms: a 1 s warm-up, then batches of at least one operation
const SMALL = { warmupMs: 500, batchMs: 200, batches: 5 };
const LARGE = { warmupMs: 1000, batchMs: 400, batches: 3 };
export const CODEC_CASES = [
  { id: "encode-request", kind: "encode", name: "runtime: encode BatchReply request (10 ids, HTML body)", ...SMALL },
  { id: "encode-documented-request", kind: "encode", name: "runtime: encode documented BatchReply request", ...SMALL },
  { id: "decode-documented-request", kind: "decode", name: "runtime: decode documented BatchReply request", ...SMALL },
  {
    id: "encode-documented-response",
    kind: "encode",
    name: "runtime: encode documented BatchReply response",
    ...SMALL,
  },
  {
    id: "decode-documented-response",
    kind: "decode",
    name: "runtime: decode documented BatchReply response",
    ...SMALL,
  },
  {
    id: "decode-tickets",
    kind: "decode",
    tickets: true,
    name: `runtime: decode GetTickets response, ${TICKETS.toLocaleString("en-US")} tickets`,
    ...LARGE,
  },
  {
    id: "encode-tickets",
    kind: "encode",
    tickets: true,
    name: `runtime: encode GetTickets response, ${TICKETS.toLocaleString("en-US")} tickets`,
    ...LARGE,
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
 * Runs the section. Returns { skipped } when the WSDL or the documented messages are absent, else { wsdl,
 * responseBytes, rounds, cases: [{ id, case, kind, ok, failure, tools: [{ tool, ok, failure, processes, batches,
 * opsPerSec, cpuOpsPerSec, msPerOp, cpuMsPerOp, medianRssMB, opsPerSecByBatch, cpuOpsPerSecByBatch,
 * rssKBByProcess, messageBytes (encode) }], ratio, cpuRatio, bytes, mbPerSec, cpuMbPerSec }] } (ratio: wsdlgen
 * ops/s ÷ node-soap ops/s, by wall time; cpuRatio the same by CPU time; MB/s wsdlgen's).
 */
export async function runCodecBench({ wsdl, wsdlgenDir, workDir, rounds, progress }) {
  if (!existsSync(wsdl)) return { skipped: `${wsdl} is absent (../shared is not there)` };
  const sharedDir = path.resolve(path.dirname(wsdl), "../..");
  const documented = (which) => path.join(sharedDir, `examples/superoffice/Ticket/BatchReply.${which}.xml`);
  if (!existsSync(documented("request")) || !existsSync(documented("response")))
    return { skipped: `SuperOffice's documented BatchReply messages are absent (${documented("request")})` };
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
      cpuOpsPerSec: null,
      msPerOp: null,
      cpuMsPerOp: null,
      medianRssMB: null,
      opsPerSecByBatch: [],
      cpuOpsPerSecByBatch: [],
      opsPerBatch: [],
      rssKBByProcess: [],
      setupMsByProcess: [],
      firstOpMsByProcess: [],
    });
    for (const c of CODEC_CASES)
      out.cases.push({
        id: c.id,
        case: c.name,
        kind: c.kind,
        tickets: !!c.tickets,
        ok: false,
        failure,
        tools: TOOLS.map(failed),
        ratio: null,
        cpuRatio: null,
        memRatio: null,
        bytes: null,
        mbPerSec: null,
        cpuMbPerSec: null,
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
          sharedDir,
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
      if (c.kind === "encode" && (a.digest !== b.digest || a.envelopeNs !== b.envelopeNs))
        crossFailure = "the two tools' messages carry different leaf elements (names, namespaces, order or text)";
      if (c.kind === "decode" && !isDeepStrictEqual(a.ticketIds, b.ticketIds))
        crossFailure = "the two tools decoded different TicketId values";
    }
    const tools = TOOLS.map((tool) => {
      const s = samples[tool];
      const failure = s.failure ?? crossFailure;
      const opsByBatch = s.runs.flatMap((r) => r.batches.map((b) => b.opsPerSec));
      const cpuOpsByBatch = s.runs.flatMap((r) => r.batches.map((b) => b.cpuOpsPerSec));
      const ops = failure ? null : median(opsByBatch);
      const cpuOps = failure ? null : median(cpuOpsByBatch);
      return {
        tool,
        ok: !failure,
        failure,
        processes: s.runs.length,
        batches: opsByBatch.length,
        opsPerSec: ops,
        cpuOpsPerSec: cpuOps,
        msPerOp: ops ? 1000 / ops : null,
        cpuMsPerOp: cpuOps ? 1000 / cpuOps : null,
        medianRssMB: failure ? null : median(s.runs.map((r) => (r.peakRssKB == null ? null : r.peakRssKB / 1024))),
        opsPerSecByBatch: opsByBatch,
        cpuOpsPerSecByBatch: cpuOpsByBatch,
        opsPerBatch: s.runs.map((r) => r.batchOps),
        rssKBByProcess: s.runs.map((r) => r.peakRssKB),
        setupMsByProcess: s.runs.map((r) => r.setupMs),
        firstOpMsByProcess: s.runs.map((r) => r.firstMs),
        ...(checked[tool] && c.kind === "encode" ? { messageBytes: checked[tool].bytes } : {}),
      };
    });
    const [w, n] = tools;
    // the message read (decode) or wsdlgen's message written (encode), for MB/s
    const bytes =
      c.kind === "encode"
        ? (w.messageBytes ?? null)
        : c.tickets
          ? prepared.responseBytes
          : statSync(documented(c.id.endsWith("request") ? "request" : "response")).size;
    const mbs = (ops) => (ops && bytes ? (ops * bytes) / 1e6 : null);
    out.cases.push({
      id: c.id,
      case: c.name,
      kind: c.kind,
      tickets: !!c.tickets,
      ok: tools.every((t) => t.ok),
      failure: tools.find((t) => t.failure)?.failure ?? null,
      tools,
      ratio: w.opsPerSec && n.opsPerSec ? w.opsPerSec / n.opsPerSec : null,
      cpuRatio: w.cpuOpsPerSec && n.cpuOpsPerSec ? w.cpuOpsPerSec / n.cpuOpsPerSec : null,
      memRatio: w.medianRssMB && n.medianRssMB ? n.medianRssMB / w.medianRssMB : null,
      bytes,
      mbPerSec: mbs(w.opsPerSec),
      cpuMbPerSec: mbs(w.cpuOpsPerSec),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- targets (issue 13)

/** The codec's targets: each case ≥ 3× node-soap, and the 1,000-ticket response read at ≥ 50 MB/s, written at ≥ 100. */
export const CODEC_TARGETS = { ratio: 3, decodeMBps: 50, encodeMBps: 100 };

const f2 = (x) => (x == null ? "—" : x.toFixed(2));
const f1 = (x) => (x == null ? "—" : x.toFixed(1));

/**
 * The lines that say what the codec measured, per case: wsdlgen's and node-soap's time per operation (wall and CPU),
 * the ratios, and wsdlgen's MB/s. `codec` is the bench's results.codec (cases as runCodecBench returns them).
 */
export function codecSummary(codec) {
  const lines = [
    "runtime codec, per case: wsdlgen vs node-soap per operation (wall / CPU of the measuring process, all threads), " +
      "wsdlgen ÷ node-soap in operations per second, wsdlgen's MB/s (the message read, or written)",
  ];
  for (const c of codec.cases) {
    const [w, n] = c.tools;
    if (!c.ok) {
      lines.push(`  ${c.case}: FAILED: ${c.failure}`);
      continue;
    }
    const time = (t) =>
      t.msPerOp >= 1
        ? `${f1(t.msPerOp)} / ${f1(t.cpuMsPerOp)} ms`
        : `${f1(t.msPerOp * 1000)} / ${f1(t.cpuMsPerOp * 1000)} µs`;
    lines.push(
      `  ${c.case}: ${time(w)} vs ${time(n)}; ${f2(c.ratio)}× wall, ${f2(c.cpuRatio)}× CPU; ` +
        `${f1(c.mbPerSec)} MB/s wall, ${f1(c.cpuMbPerSec)} MB/s CPU (${c.bytes >= 1e6 ? `${f2(c.bytes / 1e6)} MB` : `${f1(c.bytes / 1e3)} kB`})`,
    );
  }
  return lines;
}

/**
 * The codec's targets as the bench prints them ({ target, holds, detail }). Each is decided on CPU time (the
 * measuring process's, all threads: on a shared machine the figure that does not depend on what else runs, and
 * no kinder to wsdlgen, whose collector threads count too); wall time is printed beside it.
 */
export function codecTargets(codec) {
  const names = {
    ratio: `runtime codec at least ${CODEC_TARGETS.ratio}× node-soap on both encode and decode, every case`,
    decode: `GetTickets response (${TICKETS.toLocaleString("en-US")} tickets) decodes at ≥ ${CODEC_TARGETS.decodeMBps} MB/s`,
    encode: `GetTickets response encodes at ≥ ${CODEC_TARGETS.encodeMBps} MB/s`,
  };
  if (!codec.measured) {
    const detail = codec.skipped ? `not run: ${codec.skipped}` : "not run";
    return Object.values(names).map((target) => ({ target, holds: null, detail }));
  }
  const cases = codec.cases;
  const failed = cases.filter((c) => !c.ok);
  const failure = `FAILED: ${failed.map((c) => `${c.id}: ${c.failure}`).join("; ")}`;
  const tickets = (kind) => cases.find((c) => c.tickets && c.kind === kind);
  const speed = (kind, min) => {
    const c = tickets(kind);
    if (!c) return { holds: null, detail: "not run" };
    if (!c.ok) return { holds: false, detail: `FAILED: ${c.failure}` };
    return {
      holds: c.cpuMbPerSec >= min,
      detail: `${f1(c.cpuMbPerSec)} MB/s CPU (${f1(c.mbPerSec)} wall): ${f2(c.bytes / 1e6)} MB in ${f1(c.tools[0].cpuMsPerOp)} ms CPU`,
    };
  };
  return [
    {
      target: names.ratio,
      holds: failed.length ? false : cases.every((c) => c.cpuRatio >= CODEC_TARGETS.ratio),
      detail: failed.length
        ? failure
        : `wsdlgen/node-soap, CPU (wall): ${cases.map((c) => `${c.id} ${f2(c.cpuRatio)}× (${f2(c.ratio)}×)`).join(", ")}`,
    },
    { target: names.decode, ...speed("decode", CODEC_TARGETS.decodeMBps) },
    { target: names.encode, ...speed("encode", CODEC_TARGETS.encodeMBps) },
  ];
}
