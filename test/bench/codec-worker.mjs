// One child process of the runtime-codec benchmark (codec.mjs starts it; not meant to be run by hand, though
// `node test/bench/codec-worker.mjs '<json>'` works). The JSON argument:
//   { mode: "prepare", wsdlgenDir, wsdl, outDir, tickets }
//       loadMetadata(wsdl) with the benchmark's scalars → outDir/metadata.json (what a generated metadata.ts holds,
//       so the measuring children load only the runtime, as a generated client does), and the GetTickets response
//       → outDir/GetTickets-<tickets>.response.xml
//   { mode: "run", tool: "wsdlgen" | "node-soap", case: <a case id of codec.mjs>, wsdlgenDir, wsdl, sharedDir,
//     metadata, response, tickets, warmupMs, batchMs, batches }
//       sets the tool up (untimed), runs the operation once and checks its output (exit 3 when wrong), warms up
//       for warmupMs (at least that one operation), then times `batches` batches of n operations each, n chosen
//       from the warm-up so that a batch takes about batchMs (1 when an operation takes longer); each batch's wall
//       time and CPU time (process.cpuUsage: this process, all threads, so the collector's helper threads count)
// Prints one JSON line on stdout.
//
// The operations, per case (what each side of a SOAP exchange does with a message):
//   encode-request, encode-documented-request (a client sends a request):
//     wsdlgen:   encodeRequest(operationRef(metadata, "BasicHttpBinding_Ticket", "BatchReply"), [data], headers)
//     node-soap: client.BatchReply(args, callback) on a client made by soap.createClientAsync(wsdl,
//                { httpClient }) — the documented `httpClient` option: its `request(url, data, callback, ...)`
//                keeps `data` (the request envelope node-soap built) and never calls back, so nothing is sent
//                and no response is parsed. node-soap's client adds headers already serialized
//                (addSoapHeader turns the object into XML at once), while wsdlgen encodes the header values
//                with every request; so that both do the same work per request, every node-soap operation
//                is clearSoapHeaders() + addSoapHeader(ApplicationToken) + addSoapHeader(Credentials) +
//                BatchReply(...).
//   decode-documented-request (a server reads a request):
//     wsdlgen:   decodeRequest(ref, xml)
//     node-soap: client.wsdl.xmlToObject(xml) — what node-soap's Server._process does with a request body
//   encode-documented-response, encode-tickets (a server answers):
//     wsdlgen:   encodeResponse(ref, result).body
//     node-soap: what node-soap's Server does with a method's result (Server._executeMethod, document style):
//                wsdl.objectToDocumentXML(output.$name, result, output.targetNSAlias, output.targetNamespace),
//                then Server.prototype._envelope(body, "", false) — called directly, without HTTP
//   decode-documented-response, decode-tickets (a client reads a response):
//     wsdlgen:   decodeResponse(ref, xml).result
//     node-soap: client.wsdl.xmlToObject(xml).Body.<Operation>Response — exactly what node-soap's client does
//                with a response body (Client._invoke: parseSync → wsdl.xmlToObject, then finish() takes
//                Body[output.$name]); calling client.GetTicketsAsync through a stub httpClient would add the
//                encoding of a request, an exchange id, events and promises, none of which is decoding.
// The values encoded: for the tickets, what each tool's own decoder made of the response (node-soap's with the kept
// xsi:type attributes dropped and Dates as ISO text, see codec-data.mjs nodeSoapPlain); for BatchReply, the values
// of codec-data.mjs. wsdlgen decodes xs:dateTime to Date here (scalars { dateTime: "Date" }; the generator's
// default is the text) because node-soap makes Dates: both map the response to the same JavaScript values.
// Every check is made on the first operation's output, before anything is timed: an encoded message's leaf
// elements (read with sax, see envelopeLeaves) must be the expected ones (a digest of them goes to the parent,
// which compares the two tools'), and wsdlgen must decode it back to the values encoded; a decoded value must be
// the expected one.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import {
  documentedBatchReplyXml,
  documentedRequestValues,
  DOCUMENTED_RESPONSE,
  envelopeLeaves,
  expectedBatchReplyLeaves,
  expectedTickets,
  getTicketsResponseXml,
  nodeSoapBatchReply,
  nodeSoapDocumentedRequest,
  nodeSoapPlain,
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

/**
 * The cases (ids as in codec.mjs): the operation, encode or decode, and what is read (`message`: the documented
 * request or response, or the tickets) or written (`response`: a response, else a request with `values`).
 */
const CASES = {
  "encode-request": { operation: "BatchReply", kind: "encode", values: () => wsdlgenBatchReply() },
  "encode-documented-request": { operation: "BatchReply", kind: "encode", values: () => documentedRequestValues() },
  "decode-documented-request": { operation: "BatchReply", kind: "decode", message: "request" },
  "encode-documented-response": { operation: "BatchReply", kind: "encode", response: true },
  "decode-documented-response": { operation: "BatchReply", kind: "decode", message: "response" },
  "encode-tickets": { operation: "GetTickets", kind: "encode", response: true },
  "decode-tickets": { operation: "GetTickets", kind: "decode", message: "tickets" },
};

/** The message a decode case reads. */
function messageXml(c) {
  if (c.message === "tickets") return readFileSync(config.response, "utf8");
  return documentedBatchReplyXml(config.sharedDir)[c.message];
}

async function wsdlgenRuntime() {
  const rt = await import(pathToFileURL(path.join(config.wsdlgenDir, "runtime/dist/index.js")).href);
  const metadata = JSON.parse(readFileSync(config.metadata, "utf8"));
  return { rt, ref: (operation) => rt.operationRef(metadata, PORT, operation) };
}

/** The operation to time, set up; returns { op, check } where check(first result) returns what the parent compares. */
async function setUp() {
  const c = CASES[config.case];
  if (!c) fail(`unknown case ${config.case}`);
  const { rt, ref: refOf } = await wsdlgenRuntime();
  const ref = refOf(c.operation);
  // wsdlgen's own reading of an encoded message, for the round-trip check of both tools' output
  const decodeBack = (xml) =>
    c.response
      ? rt.decodeResponse(ref, xml).result
      : (({ args, headers }) => ({ args, headers }))(rt.decodeRequest(ref, xml));
  const ticketsValue = () => rt.decodeResponse(refOf("GetTickets"), readFileSync(config.response, "utf8")).result;
  if (config.tool === "wsdlgen") {
    if (c.kind === "decode") {
      const xml = messageXml(c);
      if (c.message === "request") return { op: () => rt.decodeRequest(ref, xml), check: checkDecoded };
      return { op: () => rt.decodeResponse(ref, xml).result, check: checkDecoded };
    }
    if (c.response) {
      const result = c.operation === "GetTickets" ? ticketsValue() : DOCUMENTED_RESPONSE;
      return { op: () => rt.encodeResponse(ref, result).body, check: (body) => checkEncoded(body, result, decodeBack) };
    }
    const { args, headers } = c.values();
    return {
      op: () => rt.encodeRequest(ref, args, headers).body,
      check: (body) => checkEncoded(body, { args, headers }, decodeBack),
    };
  }
  const { default: soap } = await import("soap");
  let sent = null;
  const httpClient = {
    request(url, data) {
      sent = data;
    },
  };
  const client = await soap.createClientAsync(config.wsdl, { httpClient });
  if (c.kind === "decode") {
    const xml = messageXml(c);
    if (c.message === "request") return { op: () => client.wsdl.xmlToObject(xml), check: checkDecoded };
    return { op: () => client.wsdl.xmlToObject(xml).Body[`${c.operation}Response`], check: checkDecoded };
  }
  if (c.response) {
    const output = client.wsdl.definitions.services.WcfTicketService.ports[PORT].binding.methods[c.operation].output;
    const envelope = soap.Server.prototype._envelope;
    const server = { wsdl: client.wsdl };
    const result =
      c.operation === "GetTickets"
        ? nodeSoapPlain(client.wsdl.xmlToObject(readFileSync(config.response, "utf8")).Body.GetTicketsResponse)
        : { Response: DOCUMENTED_RESPONSE };
    const expected = c.operation === "GetTickets" ? ticketsValue() : DOCUMENTED_RESPONSE;
    return {
      op: () => {
        const body = client.wsdl.objectToDocumentXML(
          output.$name,
          result,
          output.targetNSAlias,
          output.targetNamespace,
        );
        return envelope.call(server, body, "", false);
      },
      check: (body) => checkEncoded(body, expected, decodeBack),
    };
  }
  const documented = config.case === "encode-documented-request";
  const args = documented ? nodeSoapDocumentedRequest() : nodeSoapBatchReply();
  const values = documented ? documentedRequestValues() : wsdlgenBatchReply();
  const { ApplicationToken, Credentials } = values.headers;
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
    check: (body) => checkEncoded(body, values, decodeBack),
  };
}

/** A leaf for a message: namespaces as the prefixes tns: (Services88) and arr: (Serialization/Arrays). */
const shortLeaf = (leaf) =>
  leaf
    ? JSON.stringify([leaf[0].replaceAll(`{${TNS}}`, "tns:").replaceAll(`{${ARRAYS_NS}}`, "arr:"), leaf[1]])
    : "nothing";

/**
 * An encoded message: its leaf elements (namespaces, order, text) are the expected ones where the bench knows them
 * (the BatchReply request with the bench's values), wsdlgen decodes it back to the values encoded, and the parent
 * gets a digest of its leaves to compare the two tools' messages.
 */
function checkEncoded(body, values, decodeBack) {
  if (typeof body !== "string") fail(`${config.tool} produced no message text`);
  const got = envelopeLeaves(body);
  if (config.case === "encode-request") {
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
  }
  let back;
  try {
    back = decodeBack(body);
  } catch (e) {
    fail(`${config.tool}'s message does not decode with wsdlgen: ${e.message}`);
  }
  if (!isDeepStrictEqual(back, values))
    fail(`${config.tool}'s message decodes (with wsdlgen) to other values than those encoded`);
  const digest = createHash("sha256")
    .update(JSON.stringify([got.header, got.body]))
    .digest("hex");
  return {
    envelopeNs: got.envelopeNs,
    leaves: got.header.length + got.body.length,
    digest,
    bytes: Buffer.byteLength(body),
  };
}

/** node-soap keeps attributes (the xsi:type of every element): a value is then `{ attributes, $value }`. */
const valueOf = (v) => (v !== null && typeof v === "object" && !(v instanceof Date) && "$value" in v ? v.$value : v);

/** What each tool must make of the documented BatchReply messages (node-soap reads an empty HtmlBody as {}). */
const DOCUMENTED_DECODED = {
  request: {
    wsdlgen: documentedRequestValues(),
    "node-soap": {
      ApplicationToken: "1234567-1234-9876",
      Credentials: { Ticket: "7T:1234abcxyzExample==" },
      Body: {
        BatchReply: {
          BatchReplyData: {
            TicketIds: { int: [0] },
            CloseTickets: false,
            AttachmentIds: { int: [0] },
            HtmlBody: {},
            Slevel: "Unknown",
            TimeSpent: 0,
            SendCopyToCustomer: false,
          },
        },
      },
    },
  },
  response: { wsdlgen: DOCUMENTED_RESPONSE, "node-soap": { Response: DOCUMENTED_RESPONSE } },
};

/**
 * A decoded message: the documented BatchReply values, or 1,000 tickets with the expected TicketId (a number), Title
 * and CreatedAt (a Date of the same instant).
 */
function checkDecoded(result) {
  const c = CASES[config.case];
  if (c.message !== "tickets") {
    const got = config.tool === "wsdlgen" ? result : nodeSoapPlain(result);
    if (!isDeepStrictEqual(got, DOCUMENTED_DECODED[c.message][config.tool]))
      fail(`${config.tool} decoded the documented BatchReply ${c.message} as ${JSON.stringify(got)}`);
    return { documented: c.message };
  }
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
    const cpu = process.cpuUsage();
    const s = performance.now();
    for (let i = 0; i < batchOps; i++) consume(op());
    const ms = performance.now() - s;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    batches.push({
      ops: batchOps,
      ms,
      cpuMs,
      opsPerSec: (batchOps * 1000) / ms,
      cpuOpsPerSec: (batchOps * 1000) / cpuMs,
    });
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
