// One child process of the runtime-codec benchmark (codec.mjs starts it; not meant to be run by hand, though
// `node test/bench/codec-worker.mjs '<json>'` works). The JSON argument:
//   { mode: "prepare", wsdlgenDir, wsdl, outDir, tickets }
//       loadMetadata(wsdl) with the benchmark's scalars → outDir/metadata.json (what a generated metadata.ts holds,
//       so the measuring children load only the runtime, as a generated client does), and the GetTickets response
//       → outDir/GetTickets-<tickets>.response.xml
//   { mode: "run", tool: "wsdlgen" | "node-soap", case: "encode" | "decode", wsdlgenDir, wsdl, metadata,
//     response, tickets, warmupMs, batchMs, batches }
//       sets the tool up (untimed), runs the operation once and checks its output (exit 3 when wrong), warms up
//       for warmupMs (at least that one operation), then times `batches` batches of n operations each, n chosen
//       from the warm-up so that a batch takes about batchMs (1 when an operation takes longer)
// Prints one JSON line on stdout.
//
// The operations:
//   encode, wsdlgen:   encodeRequest(operationRef(metadata, "BasicHttpBinding_Ticket", "BatchReply"), [data], headers)
//   encode, node-soap: client.BatchReply(args, callback) on a client made by soap.createClientAsync(wsdl,
//                      { httpClient }) — the documented `httpClient` option: its `request(url, data, callback, ...)`
//                      keeps `data` (the request envelope node-soap built) and never calls back, so nothing is sent
//                      and no response is parsed. node-soap's client adds headers already serialized
//                      (addSoapHeader turns the object into XML at once), while wsdlgen encodes the header values
//                      with every request; so that both do the same work per request, every node-soap operation
//                      is clearSoapHeaders() + addSoapHeader(ApplicationToken) + addSoapHeader(Credentials) +
//                      BatchReply(...).
//   decode, wsdlgen:   decodeResponse(operationRef(metadata, "BasicHttpBinding_Ticket", "GetTickets"), xml).result
//   decode, node-soap: client.wsdl.xmlToObject(xml).Body.GetTicketsResponse — exactly what node-soap's client does
//                      with a response body (Client._invoke: parseSync → wsdl.xmlToObject, then finish() takes
//                      Body[output.$name]); calling client.GetTicketsAsync through a stub httpClient would add the
//                      encoding of a GetTickets request, an exchange id, events and promises, none of which is
//                      decoding.
// wsdlgen decodes xs:dateTime to Date here (scalars { dateTime: "Date" }; the generator's default is the text) because
// node-soap makes Dates: both map the response to the same JavaScript values (numbers, booleans, Dates, strings).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import {
  envelopeLeaves,
  expectedBatchReplyLeaves,
  expectedTickets,
  getTicketsResponseXml,
  nodeSoapBatchReply,
  readServices88Types,
  ARRAYS_NS,
  TNS,
  wsdlgenBatchReply,
} from "./codec-data.mjs";

export const PORT = "BasicHttpBinding_Ticket";
export const SCALARS = { dateTime: "Date" };

const config = JSON.parse(process.argv[2] ?? "{}");

function fail(message) {
  process.stderr.write(`codec check failed: ${message}\n`);
  process.exit(3);
}

async function prepare() {
  const t0 = performance.now();
  const { loadMetadata } = await import(pathToFileURL(path.join(config.wsdlgenDir, "dist/generator/index.js")).href);
  const { metadata } = await loadMetadata(config.wsdl, { scalars: SCALARS });
  mkdirSync(config.outDir, { recursive: true });
  const metadataFile = path.join(config.outDir, "metadata.json");
  writeFileSync(metadataFile, JSON.stringify(metadata));
  const xml = getTicketsResponseXml(readServices88Types(readFileSync(config.wsdl, "utf8")), config.tickets);
  const responseFile = path.join(config.outDir, `GetTickets-${config.tickets}.response.xml`);
  writeFileSync(responseFile, xml);
  return { metadataFile, responseFile, responseBytes: Buffer.byteLength(xml), ms: performance.now() - t0 };
}

/** The operation to time, set up; returns { op, check } where check(first result) returns what the parent compares. */
async function setUp() {
  if (config.tool === "wsdlgen") {
    const rt = await import(pathToFileURL(path.join(config.wsdlgenDir, "runtime/dist/index.js")).href);
    const metadata = JSON.parse(readFileSync(config.metadata, "utf8"));
    if (config.case === "encode") {
      const ref = rt.operationRef(metadata, PORT, "BatchReply");
      const { args, headers } = wsdlgenBatchReply();
      return { op: () => rt.encodeRequest(ref, args, headers).body, check: checkEncoded };
    }
    const ref = rt.operationRef(metadata, PORT, "GetTickets");
    const xml = readFileSync(config.response, "utf8");
    return { op: () => rt.decodeResponse(ref, xml).result, check: checkDecoded };
  }
  const { default: soap } = await import("soap");
  let sent = null;
  const httpClient = {
    request(url, data) {
      sent = data;
    },
  };
  const client = await soap.createClientAsync(config.wsdl, { httpClient });
  if (config.case === "encode") {
    const args = nodeSoapBatchReply();
    const { ApplicationToken, Credentials } = wsdlgenBatchReply().headers;
    const ignore = () => {};
    return {
      op: () => {
        sent = null;
        client.clearSoapHeaders();
        client.addSoapHeader({ ApplicationToken }, "", "tns", TNS);
        client.addSoapHeader({ Credentials }, "", "tns", TNS);
        client.BatchReply(args, ignore);
        return sent;
      },
      check: checkEncoded,
    };
  }
  const xml = readFileSync(config.response, "utf8");
  return { op: () => client.wsdl.xmlToObject(xml).Body.GetTicketsResponse, check: checkDecoded };
}

/** A leaf for a message: namespaces as the prefixes tns: (Services88) and arr: (Serialization/Arrays). */
const shortLeaf = (leaf) =>
  leaf
    ? JSON.stringify([leaf[0].replaceAll(`{${TNS}}`, "tns:").replaceAll(`{${ARRAYS_NS}}`, "arr:"), leaf[1]])
    : "nothing";

/** The request envelope carries exactly the expected leaf elements (namespaces, order, text). */
function checkEncoded(body) {
  if (typeof body !== "string") fail(`${config.tool} produced no request text`);
  const got = envelopeLeaves(body);
  const want = expectedBatchReplyLeaves();
  for (const part of ["header", "body"]) {
    if (!isDeepStrictEqual(got[part], want[part])) {
      const i = want[part].findIndex((w, k) => !isDeepStrictEqual(w, got[part][k]));
      const k = i === -1 ? want[part].length : i;
      fail(
        `${config.tool}'s BatchReply request: ${part} leaf ${k} is ${shortLeaf(got[part][k])}, ` +
          `expected ${shortLeaf(want[part][k])} (${got[part].length} leaves, expected ${want[part].length})`,
      );
    }
  }
  return { envelopeNs: got.envelopeNs, header: got.header, body: got.body, bytes: Buffer.byteLength(body) };
}

/** node-soap keeps attributes (the xsi:type of every element): a value is then `{ attributes, $value }`. */
const valueOf = (v) => (v !== null && typeof v === "object" && !(v instanceof Date) && "$value" in v ? v.$value : v);

/** 1,000 tickets with the expected TicketId (a number), Title and CreatedAt (a Date of the same instant). */
function checkDecoded(result) {
  const tickets = config.tool === "wsdlgen" ? result : result?.Response?.Ticket;
  if (!Array.isArray(tickets)) fail(`${config.tool}'s GetTickets result has no ticket array`);
  const want = expectedTickets(config.tickets);
  if (tickets.length !== want.length) fail(`${config.tool} decoded ${tickets.length} tickets, expected ${want.length}`);
  tickets.forEach((t, i) => {
    const id = valueOf(t?.TicketId);
    const title = valueOf(t?.Title);
    const created = valueOf(t?.CreatedAt);
    if (id !== want[i].TicketId)
      fail(`${config.tool}: ticket ${i} has TicketId ${JSON.stringify(id)}, expected ${want[i].TicketId}`);
    if (title !== want[i].Title)
      fail(`${config.tool}: ticket ${i} has Title ${JSON.stringify(title)}, expected ${JSON.stringify(want[i].Title)}`);
    if (!(created instanceof Date) || created.getTime() !== new Date(want[i].CreatedAt).getTime()) {
      fail(
        `${config.tool}: ticket ${i} has CreatedAt ${JSON.stringify(created)}, expected the Date ${want[i].CreatedAt}`,
      );
    }
  });
  return { tickets: tickets.length, ticketIds: tickets.map((t) => valueOf(t.TicketId)) };
}

async function run() {
  const t0 = performance.now();
  const { op, check } = await setUp();
  const setupMs = performance.now() - t0;
  let sink = 0;
  const consume = (r) => {
    sink = (sink + (typeof r === "string" ? r.length : Array.isArray(r) ? r.length : 1)) | 0;
  };
  // the first operation, checked before anything is timed
  const f0 = performance.now();
  const first = op();
  const firstMs = performance.now() - f0;
  const checked = check(first);
  consume(first);
  // warm-up
  let warmupOps = 1;
  const w0 = performance.now();
  while (performance.now() - w0 < config.warmupMs) {
    consume(op());
    warmupOps++;
  }
  const warmupMs = performance.now() - w0;
  const perOpMs = warmupOps > 1 ? warmupMs / (warmupOps - 1) : firstMs;
  const batchOps = Math.max(1, Math.round(config.batchMs / Math.max(perOpMs, 1e-6)));
  const batches = [];
  for (let b = 0; b < config.batches; b++) {
    const s = performance.now();
    for (let i = 0; i < batchOps; i++) consume(op());
    const ms = performance.now() - s;
    batches.push({ ops: batchOps, ms, opsPerSec: (batchOps * 1000) / ms });
  }
  return {
    tool: config.tool,
    case: config.case,
    setupMs,
    firstMs,
    warmupOps,
    warmupMs,
    batchOps,
    batches,
    checked,
    sink,
  };
}

try {
  const out = config.mode === "prepare" ? await prepare() : await run();
  process.stdout.write(JSON.stringify(out) + "\n");
} catch (e) {
  process.stderr.write(`codec worker failed: ${e?.stack ?? e}\n`);
  process.exit(1);
}
