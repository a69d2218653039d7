// The XML readers the runtime could decode SOAP with, in MB/s (UTF-8 bytes of the document per second of reading):
//   - readXml (runtime/src/xml-reader.ts): the purpose-built reader, building the runtime's XmlNode tree;
//   - buildXmlTree (generator/load/xml-tree.ts): the generator's reader and the runtime's before readXml,
//     fast-xml-parser then a conversion to XmlNode;
//   - fast-xml-parser's parse alone, with buildXmlTree's options (its generic tree, no namespaces);
//   - saxes 6 with xmlns: true, events only (no tree is built: a lower bound on what a tree over it would cost).
// Documents: the GetTickets response with 1,000 tickets that the codec bench decodes (codec-data.mjs, 7.3 MB) and
// SuperOffice's documented BatchReply request and response (../shared/examples/superoffice/Ticket/).
// Runs on the built code: `npm run build && node test/bench/xml-reader.mjs [--rounds N] [--batch-ms N]`.
// Method: one process; before timing, each tree reader's output on each document is checked against
// buildXmlTree's (a wrong reader is not timed). Then per document, `rounds` rounds; in each round every tool runs
// one batch (repeating the read until batch-ms have passed, at least once), the tools in a rotated order each
// round so none is always first after another. Result: the median of each tool's batches (time per read).
// The machine's other load shows in wall time; CPU time (process.cpuUsage, all threads, so GC helper threads
// count) is printed beside it for readXml.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { XMLParser } from "fast-xml-parser";
import { SaxesParser } from "saxes";
import { getTicketsResponseXml, readServices88Types } from "./codec-data.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SHARED = path.resolve(ROOT, "../shared");
const DIST = path.join(ROOT, "runtime/dist");

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}
const ROUNDS = option("rounds", 7);
const BATCH_MS = option("batch-ms", 300);
const TICKETS = 1000;

if (!existsSync(path.join(DIST, "xml-reader.js"))) {
  console.error("dist/ has no xml-reader.js: run `npm run build` first");
  process.exit(1);
}
const { readXml } = await import(path.join(DIST, "xml-reader.js"));
const { buildXmlTree } = await import(path.join(ROOT, "dist/generator/load/xml-tree.js"));

// ------------------------------------------------------------------------------------------ documents

const documents = [];
const ticketWsdl = path.join(SHARED, "wsdl/superoffice/Services88-Ticket.wsdl");
const ticketWsdlFallback = path.join(ROOT, "wsdl/Services88-Ticket.wsdl");
const wsdlText = readFileSync(existsSync(ticketWsdl) ? ticketWsdl : ticketWsdlFallback, "utf8");
documents.push({
  name: `GetTickets response, ${TICKETS.toLocaleString("en-US")} tickets`,
  xml: getTicketsResponseXml(readServices88Types(wsdlText), TICKETS),
});
for (const which of ["request", "response"]) {
  const file = path.join(SHARED, `examples/superoffice/Ticket/BatchReply.${which}.xml`);
  if (existsSync(file)) documents.push({ name: `BatchReply ${which} (documented)`, xml: readFileSync(file, "utf8") });
  else console.warn(`SKIPPED BatchReply ${which}: ${file} is not there`);
}

// ------------------------------------------------------------------------------------------ tools

const fxp = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: "#cdata",
  jPath: false,
});

function saxesEvents(xml) {
  const parser = new SaxesParser({ xmlns: true });
  let elements = 0;
  parser.on("opentag", () => elements++);
  parser.on("text", () => {});
  parser.write(xml).close();
  return elements;
}

const TOOLS = [
  { name: "readXml", read: (xml) => readXml(xml) },
  { name: "buildXmlTree", read: (xml) => buildXmlTree(xml) },
  { name: "fast-xml-parser", read: (xml) => fxp.parse(xml) },
  { name: "saxes (events)", read: saxesEvents },
];

// ------------------------------------------------------------------------------------------ check, then time

/** The tree as plain data (scope maps as entries), for comparing readXml's with buildXmlTree's. */
function plain(node) {
  return {
    local: node.local,
    ns: node.ns,
    attrs: { ...node.attrs },
    text: node.text,
    scope: [...node.scope],
    children: node.children.map(plain),
    mixed: node.mixed?.map((m) => (typeof m === "string" ? m : plain(m))),
  };
}
for (const doc of documents) {
  if (!isDeepStrictEqual(plain(readXml(doc.xml)), plain(buildXmlTree(doc.xml)))) {
    console.error(`readXml and buildXmlTree read ${doc.name} differently: not timing a wrong reader`);
    process.exit(1);
  }
}

function batch(read, xml) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  let runs = 0;
  let elapsed = 0;
  do {
    read(xml);
    runs++;
    elapsed = performance.now() - start;
  } while (elapsed < BATCH_MS);
  const used = process.cpuUsage(cpu);
  return { wallMs: elapsed / runs, cpuMs: (used.user + used.system) / 1000 / runs };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const rows = [];
for (const doc of documents) {
  const bytes = Buffer.byteLength(doc.xml, "utf8");
  const times = new Map(TOOLS.map((t) => [t.name, []]));
  for (const tool of TOOLS) batch(tool.read, doc.xml); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < TOOLS.length; i++) {
      const tool = TOOLS[(i + round) % TOOLS.length];
      times.get(tool.name).push(batch(tool.read, doc.xml));
    }
  }
  const mbps = (ms) => bytes / 1e6 / (ms / 1000);
  const result = { document: doc.name, bytes };
  for (const tool of TOOLS) {
    result[tool.name] = mbps(median(times.get(tool.name).map((t) => t.wallMs)));
    if (tool.name === "readXml") result.readXmlCpu = mbps(median(times.get(tool.name).map((t) => t.cpuMs)));
  }
  rows.push(result);
}

// ------------------------------------------------------------------------------------------ table

const fmt = (n) => n.toFixed(1);
const header = ["document", "size", ...TOOLS.map((t) => t.name), "readXml (CPU time)", "readXml ÷ fast-xml-parser"];
const lines = rows.map((r) => [
  r.document,
  r.bytes >= 1e6 ? `${(r.bytes / 1e6).toFixed(2)} MB` : `${(r.bytes / 1e3).toFixed(1)} kB`,
  ...TOOLS.map((t) => fmt(r[t.name])),
  fmt(r.readXmlCpu),
  `${fmt(r.readXml / r["fast-xml-parser"])}×`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
const row = (cells) =>
  "| " + cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
console.log(`XML readers, MB/s (median of ${ROUNDS} batches of ≥ ${BATCH_MS} ms each; Node ${process.version})`);
console.log(row(header));
console.log("| " + widths.map((w, i) => (i < 2 ? "-".repeat(w) : "-".repeat(w - 1) + ":")).join(" | ") + " |");
for (const l of lines) console.log(row(l));

// ------------------------------------------------------------------------------------------ escaping (writing)

const { escapeText, escapeAttribute } = await import(path.join(DIST, "xml-escape.js"));
const chained = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const plainText = "Customer Service, Nordic Supplies AS: invoice run of 12 March, corrected. ".repeat(14);
const markupText = documents.length > 1 ? documents[1].xml : getTicketsResponseXml(readServices88Types(wsdlText), 1);
const escapes = [
  ["escapeText", escapeText],
  ["escapeAttribute", escapeAttribute],
  ["three chained replace() (text only, no checks)", chained],
];
console.log("");
console.log("Escaping, MB/s (median of the same batches):");
const escapeHeader = ["input", ...escapes.map(([name]) => name)];
const escapeRows = [
  [`${plainText.length} chars, nothing to escape`, plainText],
  [`${markupText.length} chars of XML (escape everything)`, markupText],
].map(([label, input]) => {
  const bytes = Buffer.byteLength(input, "utf8");
  return [
    label,
    ...escapes.map(([, escape]) => {
      const runs = [];
      for (let round = 0; round < ROUNDS; round++) runs.push(batch(escape, input).wallMs);
      return fmt(bytes / 1e6 / (median(runs) / 1000));
    }),
  ];
});
const escapeWidths = escapeHeader.map((h, i) => Math.max(h.length, ...escapeRows.map((r) => r[i].length)));
const escapeRow = (cells) =>
  "| " + cells.map((c, i) => (i === 0 ? c.padEnd(escapeWidths[i]) : c.padStart(escapeWidths[i]))).join(" | ") + " |";
console.log(escapeRow(escapeHeader));
console.log("| " + escapeWidths.map((w, i) => (i === 0 ? "-".repeat(w) : "-".repeat(w - 1) + ":")).join(" | ") + " |");
for (const r of escapeRows) console.log(escapeRow(r));
