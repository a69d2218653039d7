// The messages of the runtime-codec benchmark (codec.mjs), deterministic (no randomness):
//   - a BatchReply request: 10 ticket ids, an HTML reply body, a security level, and the ApplicationToken and
//     Credentials headers — once as wsdlgen's method arguments, once as node-soap's argument object;
//   - SuperOffice's documented BatchReply request and response (../shared/examples/superoffice/Ticket/), and the
//     values they carry, in both tools' forms (the same values test/runtime/batchreply-example.test.ts checks);
//   - a GetTickets response with N `Ticket` items, written as SuperOffice's documentation writes its response
//     examples (../shared/examples/superoffice/Ticket/BatchReply.response.xml): `SOAP-ENV:` envelope, `Ticket:`
//     prefix for the Services88 namespace, the same namespace declarations on the envelope, one-space indentation,
//     and an `xsi:type` on every element. The Ticket elements are written from the WSDL's own `Ticket` type (read
//     from the WSDL with sax, not through wsdlgen): its Carrier base first (TableRight, FieldProperties with
//     nested FieldProperty / FieldRight values), then every member of Ticket in schema order, each with a
//     realistic value. A member of Ticket that the value table below does not know fails the benchmark (update
//     the table), so the response always covers the whole type.
// The envelope is SOAP 1.2's, as in the documentation examples, although the binding is SOAP 1.1 (see
// ../shared/wsdl/superoffice/SOURCES.md): both codecs accept either envelope namespace and map the body the same way.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const sax = require("sax");

export const TNS = "http://www.superoffice.net/ws/crm/NetServer/Services88";
export const ARRAYS_NS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";
export const SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
export const SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope";
const XS = "http://www.w3.org/2001/XMLSchema";

// ------------------------------------------------------------------------------------------ BatchReply request

const TICKET_IDS = [48213, 48217, 48220, 48231, 48236, 48240, 48252, 48255, 48261, 48270];
const HTML_BODY =
  "<p>Dear customer,</p><p>Thank you for your patience. The invoice run of <b>12 March</b> used the old VAT rate " +
  "(25 %) for orders shipped to Sweden &amp; Finland; corrected invoices are on their way and the difference " +
  "will be credited on your next statement.</p><p>If anything is still unclear, reply to this e-mail or call us " +
  'on +47 23 35 44 00 &lt;option 2&gt;.</p><p>Best regards,<br/>Kari Nordmann<br/>Customer Service — "Nordic Supplies AS"</p>';
export const BATCH_REPLY = { TicketIds: TICKET_IDS, HtmlBody: HTML_BODY, Slevel: "External" };
export const REQUEST_HEADERS = {
  ApplicationToken: "a4b1c6d2-93e7-4f0a-8b25-6d1e0c7f3a91",
  Credentials: {
    Ticket: "7T:MQBjADMAZQA4ADEAMgA5AC0AZgA2ADYAOAAtADQAMAA4ADcALQBhADcAZgBmAC0AOQAxADIAMwA0ADUANgA3ADgAOQAwAGEAYgA=",
  },
};

/** wsdlgen: `encodeRequest(ref, args, headers)` — the generated method's parameters in order, headers by name. */
export function wsdlgenBatchReply() {
  return {
    args: [{ TicketIds: [...TICKET_IDS], HtmlBody: HTML_BODY, Slevel: "External" }],
    headers: structuredClone(REQUEST_HEADERS),
  };
}

/** node-soap: `client.BatchReply(args)` — the wrapper element's content, arrays as `{ itemName: [...] }`. */
export function nodeSoapBatchReply() {
  return { BatchReplyData: { TicketIds: { int: [...TICKET_IDS] }, HtmlBody: HTML_BODY, Slevel: "External" } };
}

// ------------------------------------------------------------------------------------------ documented BatchReply

/** SuperOffice's documented BatchReply messages: `{ request, response }` as text, from ../shared/examples. */
export function documentedBatchReplyXml(sharedDir) {
  const dir = `${sharedDir}/examples/superoffice/Ticket`;
  return {
    request: readFileSync(`${dir}/BatchReply.request.xml`, "utf8"),
    response: readFileSync(`${dir}/BatchReply.response.xml`, "utf8"),
  };
}

/** The values of the documented request, as wsdlgen's decodeRequest gives them and encodeRequest takes them. */
export function documentedRequestValues() {
  return {
    args: [
      {
        TicketIds: [0],
        CloseTickets: false,
        AttachmentIds: [0],
        HtmlBody: "",
        Slevel: "Unknown",
        TimeSpent: 0,
        SendCopyToCustomer: false,
      },
    ],
    headers: { ApplicationToken: "1234567-1234-9876", Credentials: { Ticket: "7T:1234abcxyzExample==" } },
  };
}

/** The same request for node-soap's client: the wrapper element's content, arrays as `{ itemName: [...] }`. */
export function nodeSoapDocumentedRequest() {
  const [data] = documentedRequestValues().args;
  return {
    BatchReplyData: {
      ...data,
      TicketIds: { int: [...data.TicketIds] },
      AttachmentIds: { int: [...data.AttachmentIds] },
    },
  };
}

/** The documented response's value: `Response` 0. */
export const DOCUMENTED_RESPONSE = 0;

/**
 * node-soap's decoded object as a plain value it can encode again: `{ attributes, $value }` (kept xsi:type)
 * becomes the value, `attributes` keys go, a Date becomes its ISO text (node-soap writes a Date object as an
 * empty element, so a server using node-soap hands it text).
 */
export function nodeSoapPlain(v) {
  if (Array.isArray(v)) return v.map(nodeSoapPlain);
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === "object") {
    if ("$value" in v) return nodeSoapPlain(v.$value);
    const out = {};
    for (const k of Object.keys(v)) if (k !== "attributes") out[k] = nodeSoapPlain(v[k]);
    return out;
  }
  return v;
}

// ------------------------------------------------------------------------------------------ the WSDL's types

/**
 * The named complex and simple types of the Services88 schema of the WSDL: `name → { base, elements: [{ name,
 * type }], enumeration: [...] }`, elements being the direct members of the type's sequence (of its extension's
 * sequence for a derived type), in schema order.
 */
export function readServices88Types(wsdlText) {
  const types = new Map();
  const parser = sax.parser(true, { xmlns: true });
  const stack = [];
  let schemaNs = null;
  let current = null; // the named type being read
  let currentDepth = -1;
  parser.onopentag = (node) => {
    const depth = stack.length;
    stack.push(node);
    if (node.uri !== XS) return;
    const attr = (n) => node.attributes[n]?.value;
    if (node.local === "schema") schemaNs = attr("targetNamespace");
    if (schemaNs !== TNS) return;
    const parent = stack[depth - 1];
    if ((node.local === "complexType" || node.local === "simpleType") && parent?.local === "schema" && attr("name")) {
      current = { name: attr("name"), base: null, elements: [], enumeration: [] };
      currentDepth = depth;
      types.set(current.name, current);
      return;
    }
    if (!current) return;
    if (node.local === "extension") current.base = localOf(attr("base"));
    if (node.local === "enumeration") current.enumeration.push(attr("value"));
    if (node.local === "element" && parent?.local === "sequence") {
      // only members of the type's own sequence, not of an anonymous type nested in one of them
      const between = stack.slice(currentDepth + 1, depth);
      if (!between.some((n) => n.local === "element"))
        current.elements.push({ name: attr("name"), type: attr("type") });
    }
  };
  parser.onclosetag = () => {
    stack.pop();
    if (current && stack.length === currentDepth) {
      current = null;
      currentDepth = -1;
    }
  };
  parser.write(wsdlText).close();
  return types;
}

function localOf(qname) {
  return qname ? qname.slice(qname.indexOf(":") + 1) : qname;
}

/** The members of a complex type with its bases' first (schema order of an extension). */
function membersOf(types, name) {
  const t = types.get(name);
  if (!t) throw new Error(`type ${name} is not in the WSDL's Services88 schema`);
  return [...(t.base ? membersOf(types, t.base) : []), ...t.elements];
}

// ------------------------------------------------------------------------------------------ GetTickets response

const ASSOCIATES = [
  [12, "Kari Nordmann"],
  [14, "Ola Hansen"],
  [17, "Ingrid Berg"],
  [21, "Lars Eriksson"],
  [23, "Sofia Lindqvist"],
  [28, "Mikko Virtanen"],
];
const CATEGORIES = [
  [3, "Invoicing", "Customer service/Invoicing"],
  [4, "Delivery", "Customer service/Delivery"],
  [5, "Technical support", "Support/Technical support"],
  [7, "Returns", "Customer service/Returns"],
  [9, "Licences", "Sales/Licences"],
];
const PRIORITIES = [
  [1, "Low"],
  [2, "Normal"],
  [3, "High"],
  [4, "Critical"],
];
const SUBJECTS = [
  "Invoice %n shows the wrong VAT rate",
  "Order %n not delivered yet",
  "Cannot log in to the customer centre",
  "Request for credit note on order %n",
  "Damaged goods received (order %n)",
  "Question about licence renewal",
  "Change of delivery address for order %n",
  "Password reset link expired",
];
const PEOPLE = [
  ["Anna", "", "Johansson", "anna.johansson@example.se"],
  ["Erik", "Magnus", "Solberg", "erik.solberg@example.no"],
  ["Maria", "", "Korhonen", "maria.korhonen@example.fi"],
  ["Jonas", "", "Andersen", "jonas.andersen@example.dk"],
  ["Helena", "M.", "Strand", "helena.strand@example.no"],
  ["Pekka", "", "Nieminen", "pekka.nieminen@example.fi"],
  ["Ida", "", "Bakke", "ida.bakke@example.no"],
];
const COMPANIES = [
  [1201, "Nordic Supplies AS"],
  [1340, "Fjord Logistics AB"],
  [1377, "Helsinki Hardware Oy"],
  [1452, "Dansk Kontor ApS"],
  [1519, "Bergen Bygg AS"],
];
const STATUSES = [
  ["Active", 1, "Open"],
  ["Active", 5, "Waiting for customer"],
  ["Closed", 2, "Closed"],
  ["Postponed", 3, "Postponed"],
];
const ORIGINS = ["Email", "Email", "CustomerCentre", "Phone", "Chat", "Form"];
const READ_STATUSES = ["Green", "Yellow", "Red"];
const NEVER = "0001-01-01T00:00:00"; // WCF's DateTime.MinValue: a moment that has not happened

const pick = (list, i) => list[i % list.length];
const BASE_TIME = Date.UTC(2024, 2, 4, 7, 30, 0); // 2024-03-04 07:30

/** A WCF DateTime (no zone designator), `minutes` after BASE_TIME. */
function wcfDate(minutes) {
  return new Date(BASE_TIME + Math.round(minutes) * 60000).toISOString().slice(0, 19);
}

/** The values of ticket number i: one function per member of Ticket (see the file comment). */
function ticketValues(i) {
  const id = 48213 + i;
  const created = i * 47 + (i % 7) * 13; // minutes after BASE_TIME
  const [createdBy, createdByName] = pick(ASSOCIATES, i * 5);
  const [ownedBy, ownedByName] = pick(ASSOCIATES, i);
  const [category, categoryName, categoryFull] = pick(CATEGORIES, i);
  const [priority, priorityName] = pick(PRIORITIES, (i * 3) % 4 === 3 ? 2 : i % 3);
  const [baseStatus, status, statusName] = pick(STATUSES, i);
  const closed = baseStatus === "Closed";
  const [first, middle, last, email] = pick(PEOPLE, i);
  const [contactId, contactName] = pick(COMPANIES, i);
  const replies = 1 + (i % 4);
  const spentInt = 5 + (i % 11) * 6;
  const spentExt = 10 + (i % 9) * 7;
  return {
    TicketId: id,
    Title: pick(SUBJECTS, i).replace("%n", `SO-${20240 + i}`),
    CreatedAt: wcfDate(created),
    LastChanged: wcfDate(created + 190 + (i % 5) * 60),
    ReadByOwner: wcfDate(created + 12),
    ReadByCustomer: i % 3 === 0 ? NEVER : wcfDate(created + 240),
    FirstReadByUser: wcfDate(created + 9),
    Activate: wcfDate(created),
    ClosedAt: closed ? wcfDate(created + 1440) : NEVER,
    RepliedAt: wcfDate(created + 95),
    AlertTimeout: wcfDate(created + 240),
    Deadline: wcfDate(created + 3 * 1440),
    CreatedBy: createdBy,
    CreatedByName: createdByName,
    Author: email,
    OwnedBy: ownedBy,
    OwnedByName: ownedByName,
    Category: category,
    CategoryName: categoryName,
    CategoryFullname: categoryFull,
    Slevel: i % 10 === 0 ? "Internal" : "External",
    Priority: priority,
    PriorityName: priorityName,
    BaseStatus: baseStatus,
    TicketStatus: status,
    TicketStatusDisplayValue: statusName,
    Origin: pick(ORIGINS, i),
    CustId: 30400 + (i % 7) * 11,
    PersonFirstname: first,
    PersonMiddleName: middle,
    PersonLastname: last,
    PersonFullname: [first, middle, last].filter(Boolean).join(" "),
    AlertLevel: i % 4,
    ConnectId: 0,
    ReadStatus: pick(READ_STATUSES, i),
    TimeToReply: 120,
    RealTimeToReply: 95,
    TimeToClose: 2880,
    RealTimeToClose: closed ? 1440 : 0,
    TimeSpentInternally: spentInt,
    TimeSpentExternally: spentExt,
    TimeSpentQueue: 30 + (i % 13),
    RealTimeSpentInternally: spentInt + 3,
    RealTimeSpentExternally: spentExt + 4,
    RealTimeSpentQueue: 31 + (i % 13),
    TimeSpent: spentInt + spentExt,
    HasAttachment: i % 4 === 1,
    NumReplies: replies,
    NumMessages: replies * 2 + 1,
    FromAddress: email,
    ContactId: contactId,
    ContactName: contactName,
    OwnedByAssociateId: ownedBy,
    Language: pick(["en", "nb", "sv", "fi", "da"], i),
    Sentiment: 40 + (i % 50),
    SentimentConfidence: 70 + (i % 30),
    SaleId: i % 6 === 0 ? 7000 + i : 0,
    ProjectId: 0,
    SaleHeading: i % 6 === 0 ? `Renewal ${contactName}` : "",
    ProjectName: "",
    FormSubmissionId: pick(ORIGINS, i) === "Form" ? 900 + i : 0,
    TicketTypeId: 1,
    TicketTypeName: "Standard",
  };
}

// the Carrier part of every ticket: what SuperOffice sends for a user with full rights on tickets
const TABLE_RIGHT = { Mask: "Select Update Insert Delete", Reason: "" };
const FIELD_PROPERTIES = [
  [
    "Title",
    { FieldRight: { Mask: "Read Write UIHintMandatory", Reason: "" }, FieldType: "System.String", FieldLength: 255 },
  ],
  [
    "Deadline",
    { FieldRight: { Mask: "Read Write Nullable", Reason: "" }, FieldType: "System.DateTime", FieldLength: 0 },
  ],
  [
    "OwnedBy",
    {
      FieldRight: { Mask: "Read", Reason: "Only the ticket's queue manager can reassign" },
      FieldType: "System.Int32",
      FieldLength: 0,
    },
  ],
];

const escapeText = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The GetTickets response with `count` tickets, as text. `types` is readServices88Types(wsdl text). Throws when
 * the WSDL's Ticket type has a member the value table does not know, or a value is not in its enumeration.
 */
export function getTicketsResponseXml(types, count) {
  const ticketMembers = membersOf(types, "Ticket");
  const known = new Set([...Object.keys(ticketValues(0)), "TableRight", "FieldProperties"]);
  const unknown = ticketMembers.filter((m) => !known.has(m.name)).map((m) => m.name);
  if (unknown.length)
    throw new Error(`the WSDL's Ticket type has members codec-data.mjs has no value for: ${unknown.join(", ")}`);
  const missing = [...known].filter((n) => !ticketMembers.some((m) => m.name === n));
  if (missing.length)
    throw new Error(`codec-data.mjs writes members the WSDL's Ticket type does not have: ${missing.join(", ")}`);

  const xsiType = (type) => {
    const local = localOf(type);
    if (type.startsWith("xs:")) return `xsd:${local}`;
    if (!types.has(local)) throw new Error(`type ${type} is not in the Services88 schema`);
    return `Ticket:${local}`;
  };
  const checkEnum = (type, text) => {
    const t = types.get(localOf(type));
    if (!t?.enumeration.length) return;
    // a list type (ETableRight, EFieldRight) holds its item enumeration
    for (const item of t.elements.length ? [] : text.split(" ")) {
      if (!t.enumeration.includes(item)) throw new Error(`${JSON.stringify(item)} is not a value of ${type}`);
    }
  };
  const out = [];
  /** An element of a named type of the schema, with its value (an object for a complex type). */
  const element = (indent, name, type, value) => {
    const pad = " ".repeat(indent);
    const complex = types.get(localOf(type))?.elements.length > 0 || localOf(type) === "FieldPropertyDictionary";
    if (!complex) {
      checkEnum(type, String(value));
      out.push(`${pad}<Ticket:${name} xsi:type="${xsiType(type)}">${escapeText(value)}</Ticket:${name}>`);
      return;
    }
    out.push(`${pad}<Ticket:${name} xsi:type="${xsiType(type)}">`);
    if (localOf(type) === "FieldPropertyDictionary") {
      // the key/value pair element has an anonymous type: no xsi:type
      for (const [key, prop] of value) {
        out.push(`${pad} <Ticket:FieldPropertyDictionaryKeyValuePair>`);
        element(indent + 2, "Key", "xs:string", key);
        element(indent + 2, "Value", "tns:FieldProperty", prop);
        out.push(`${pad} </Ticket:FieldPropertyDictionaryKeyValuePair>`);
      }
    } else {
      for (const m of membersOf(types, localOf(type))) {
        if (value[m.name] === undefined) throw new Error(`no value for ${localOf(type)}.${m.name}`);
        element(indent + 1, m.name, m.type, value[m.name]);
      }
    }
    out.push(`${pad}</Ticket:${name}>`);
  };
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push("<SOAP-ENV:Envelope");
  out.push(` xmlns:SOAP-ENV="${SOAP12_ENV}"`);
  out.push(' xmlns:SOAP-ENC="http://www.w3.org/2003/05/soap-encoding"');
  out.push(' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"');
  out.push(' xmlns:xsd="http://www.w3.org/2001/XMLSchema"');
  out.push(` xmlns:NetServerServices882="${ARRAYS_NS}"`);
  out.push(' xmlns:NetServerServices881="http://schemas.microsoft.com/2003/10/Serialization/"');
  out.push(` xmlns:Ticket="${TNS}">`);
  out.push(" <SOAP-ENV:Body>");
  out.push("  <Ticket:GetTicketsResponse>");
  out.push('   <Ticket:Response xsi:type="Ticket:ArrayOfTicket">');
  for (let i = 0; i < count; i++) {
    const v = { TableRight: TABLE_RIGHT, FieldProperties: FIELD_PROPERTIES, ...ticketValues(i) };
    element(4, "Ticket", "tns:Ticket", v);
  }
  out.push("   </Ticket:Response>");
  out.push("  </Ticket:GetTicketsResponse>");
  out.push(" </SOAP-ENV:Body>");
  out.push("</SOAP-ENV:Envelope>");
  return out.join("\n") + "\n";
}

/** What the checks compare for ticket i of the response: its TicketId, Title and CreatedAt (WCF text). */
export function expectedTickets(count) {
  return Array.from({ length: count }, (_, i) => {
    const v = ticketValues(i);
    return { TicketId: v.TicketId, Title: v.Title, CreatedAt: v.CreatedAt };
  });
}

/**
 * The leaf elements a BatchReply request must carry, as `[path, text]` with each step `{namespace}local`:
 * the two headers (in Header) and the BatchReplyData members (in Body), in document order.
 */
export function expectedBatchReplyLeaves() {
  const t = (local) => `{${TNS}}${local}`;
  const data = `${t("BatchReply")}/${t("BatchReplyData")}`;
  return {
    header: [
      [t("ApplicationToken"), REQUEST_HEADERS.ApplicationToken],
      [`${t("Credentials")}/${t("Ticket")}`, REQUEST_HEADERS.Credentials.Ticket],
    ],
    body: [
      ...TICKET_IDS.map((id) => [`${data}/${t("TicketIds")}/{${ARRAYS_NS}}int`, String(id)]),
      [`${data}/${t("HtmlBody")}`, HTML_BODY],
      [`${data}/${t("Slevel")}`, "External"],
    ],
  };
}

/**
 * The leaf elements of a SOAP envelope (elements without child elements) under Header and under Body, as
 * `[path, text]` (path relative to Header / Body, steps `{namespace}local`), read with sax — independently of
 * both codecs. Also returns the envelope's namespace.
 */
export function envelopeLeaves(xml) {
  const parser = sax.parser(true, { xmlns: true });
  const stack = []; // { step, text, hasChildren }
  const out = { envelopeNs: null, header: [], body: [] };
  parser.onopentag = (node) => {
    if (stack.length === 0) out.envelopeNs = node.uri;
    if (stack.length) stack[stack.length - 1].hasChildren = true;
    stack.push({ step: `{${node.uri}}${node.local}`, text: "", hasChildren: false });
  };
  parser.ontext = (text) => {
    if (stack.length) stack[stack.length - 1].text += text;
  };
  parser.oncdata = parser.ontext;
  parser.onclosetag = () => {
    const el = stack.pop();
    if (el.hasChildren || stack.length < 2) return;
    const section = stack[1].step.endsWith("}Header") ? out.header : stack[1].step.endsWith("}Body") ? out.body : null;
    if (section) section.push([[...stack.slice(2).map((s) => s.step), el.step].join("/"), el.text]);
  };
  parser.write(xml).close();
  return out;
}

/** For a quick look: node test/bench/codec-data.mjs [count] prints the response. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const wsdl = new URL("../../../shared/wsdl/superoffice/Services88-Ticket.wsdl", import.meta.url);
  process.stdout.write(
    getTicketsResponseXml(readServices88Types(readFileSync(wsdl, "utf8")), Number(process.argv[2] ?? 2)),
  );
}
