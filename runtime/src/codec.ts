/**
 * The SOAP codec: four pure functions per operation, driven by the generated metadata and usable without a
 * network — {@link encodeRequest}, {@link decodeRequest}, {@link encodeResponse}, {@link decodeResponse} — plus
 * {@link encodeFault}. SOAP 1.1 or 1.2 is chosen by the binding; document/literal wrapped and bare, and
 * rpc/literal, are supported.
 *
 * What goes on the wire follows the binding: the client sends the envelope version the WSDL binds (a SOAP 1.1
 * binding gets a SOAP 1.1 envelope and a `SOAPAction` HTTP header; 1.2 gets `application/soap+xml; action=`),
 * with bound headers inside `Header`. Decoding is tolerant: either envelope namespace is accepted, and header
 * elements placed directly under `Envelope` (as SuperOffice's documentation examples show) are read as headers.
 */
import { SoapCodecError, SoapFault, SoapHttpError } from "./errors.js";
import type {
  AnyElement,
  FieldMeta,
  HeaderMeta,
  MessageMeta,
  OperationMeta,
  PartMeta,
  PortMeta,
  ServiceMetadata,
} from "./metadata.js";
import { SOAP11_ENV, SOAP12_ENV, XSI_NS } from "./namespaces.js";
import { checkUnknown, unknownOf, ValueEncoder, type OutNode } from "./encode.js";
import {
  hasUnknownContent,
  MessageEncoder,
  ownIfIn,
  newTag,
  PENDING_TAG,
  TextPlans,
  type FieldPlan,
  type Tag,
} from "./encode-text.js";
import { decodeContext, expandedName, UnknownCollector, type DecodeContext, type DecodeOptions } from "./decode.js";
import { own, setOwn } from "./own.js";
import { PrefixMap } from "./prefixes.js";
import { isRepeated, TypeResolver } from "./type-resolver.js";
import type { UnknownContent } from "./unknown.js";
import { ValueCodec } from "./values.js";
import { readXml, XmlSyntaxError, type XmlNode } from "./xml-reader.js";
import { XmlCharacterError } from "./xml-escape.js";
import { declarationsText, writeElements } from "./xml-writer.js";

export { SOAP11_ENV, SOAP12_ENV };
export type { DecodeOptions };
export { UNKNOWN_CONTENT, unknownContent, withUnknownContent } from "./unknown.js";
export type { PlacedElement, UnknownContent } from "./unknown.js";

/** One operation of one port: what every codec function needs. */
export interface OperationRef {
  metadata: ServiceMetadata;
  port: PortMeta;
  operationName: string;
  operation: OperationMeta;
}

/** A SOAP message as text, with the HTTP headers that go with it. */
export interface EncodedMessage {
  body: string;
  httpHeaders: Record<string, string>;
}

const codecs = new WeakMap<ServiceMetadata, ValueCodec>();

/** The value codec for a metadata object (built once, cached). */
export function valueCodec(metadata: ServiceMetadata): ValueCodec {
  let codec = codecs.get(metadata);
  if (!codec) codecs.set(metadata, (codec = new ValueCodec(metadata)));
  return codec;
}

/** Resolves an operation of a port, for the codec functions. */
export function operationRef(metadata: ServiceMetadata, portName: string, operationName: string): OperationRef {
  const port = own(metadata.ports, portName) as PortMeta | undefined;
  if (!port) throw new SoapCodecError(`port ${portName} is not in the metadata of ${metadata.service}`);
  const operation = own(port.operations, operationName) as OperationMeta | undefined;
  if (!operation) throw new SoapCodecError(`operation ${operationName} is not in port ${portName}`);
  return { metadata, port, operationName, operation };
}

function envelopeNs(port: PortMeta): string {
  return port.soapVersion === "1.2" ? SOAP12_ENV : SOAP11_ENV;
}

/** HTTP headers for a request: SOAP 1.1 `SOAPAction`, SOAP 1.2 `action` media-type parameter. */
export function requestHttpHeaders(ref: OperationRef): Record<string, string> {
  const action = ref.operation.soapAction ?? "";
  if (ref.port.soapVersion === "1.2") {
    return { "Content-Type": `application/soap+xml; charset=utf-8${action ? `; action="${action}"` : ""}` };
  }
  return { "Content-Type": "text/xml; charset=utf-8", SOAPAction: `"${action}"` };
}

function responseHttpHeaders(port: PortMeta): Record<string, string> {
  return {
    "Content-Type": port.soapVersion === "1.2" ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8",
  };
}

// ------------------------------------------------------------------ encoding

function messageOf(ref: OperationRef, direction: "input" | "output"): MessageMeta {
  const message = ref.operation[direction];
  if (!message) throw new SoapCodecError(`operation ${ref.operationName} has no ${direction} message`);
  return message;
}

/** rpc style: part accessors are unqualified elements named after the parts. */
function partField(part: PartMeta, rpc: boolean): FieldMeta {
  const field: FieldMeta = {
    name: rpc ? part.name : (part.element?.name ?? part.name),
    ns: rpc ? "" : (part.element?.ns ?? ""),
    type: part.type,
    min: 0,
    max: 1,
  };
  if (part.nillable) field.nillable = true;
  return field;
}

function bodyNodes(
  ref: OperationRef,
  message: MessageMeta,
  values: readonly unknown[],
  w: PrefixMap,
  direction: "input" | "output",
  unknown: UnknownContent | undefined,
): OutNode[] {
  const codec = valueCodec(ref.metadata);
  const path = ref.operationName;
  const wrapped = (ns: string, name: string, fields: FieldMeta[]): OutNode[] => {
    const groups = fields.map((f, i) => ({
      field: f,
      nodes: codec.encodeField(w, f, values[i], path),
    }));
    const node: OutNode = { [w.qname(ns, name)]: codec.placeUnknown(w, groups, unknown, path) };
    const attrs: Record<string, string> = {};
    codec.unknownAttributes(w, unknown, attrs, path);
    if (Object.keys(attrs).length) node[":@"] = attrs;
    return [node];
  };
  if (message.wrapper) return wrapped(message.wrapper.ns, message.wrapper.name, message.wrapper.fields);
  const parts = message.parts ?? [];
  if (ref.operation.style === "rpc")
    return wrapped(
      message.namespace ?? "",
      rpcWrapperName(ref, direction),
      parts.map((p) => partField(p, true)),
    );
  const groups = parts.map((p, i) => {
    const field = partField(p, false);
    return { names: [field.name], nodes: codec.encodeField(w, field, values[i], path) };
  });
  return codec.placeUnknown(w, groups, unknown, path);
}

/** rpc style: the operation wrapper's local name (the response's is the operation's with `Response`). */
function rpcWrapperName(ref: OperationRef, direction: "input" | "output"): string {
  return direction === "input" ? ref.operationName : `${ref.operationName}Response`;
}

function headerNodes(
  ref: OperationRef,
  headers: readonly HeaderMeta[],
  values: Record<string, unknown>,
  w: PrefixMap,
  unknown: UnknownContent | undefined,
): OutNode[] {
  const codec = valueCodec(ref.metadata);
  const groups = headers.map((h) => {
    const value = own(values, h.name);
    const name = h.element?.name ?? h.name;
    const path = `header ${h.name}`;
    return {
      names: [name],
      // Header blocks are optional: null for one that is not nillable sends none.
      nodes:
        value === undefined || (value === null && !h.nillable)
          ? []
          : [codec.encodeElement(w, h.element?.ns ?? "", name, h.type, value, path, !!h.nillable)],
    };
  });
  return codec.placeUnknown(w, groups, unknown, "Header");
}

const NO_UNKNOWN: { header?: UnknownContent; body?: UnknownContent } = Object.freeze({});

/** The message-level undeclared content kept on decoded headers: that of the Header, and of the Body in `body`. */
function messageUnknown(headers: Record<string, unknown>): { header?: UnknownContent; body?: UnknownContent } {
  if (!hasUnknownContent(headers)) return NO_UNKNOWN;
  const content = unknownOf(headers, "headers");
  if (!content) return {};
  const { body, ...header } = content;
  return { header, ...(body ? { body: checkUnknown(body, "headers (body)") } : {}) };
}

/** The message: the envelope written here, its header and body elements by the writer. */
function envelope(port: PortMeta, w: PrefixMap, header: OutNode[], body: OutNode[]): string {
  const env = envelopeNs(port);
  // Names first, in this order: the prefixes are declared in the order of first use.
  const headerTag = header.length ? w.qname(env, "Header") : undefined;
  const bodyTag = w.qname(env, "Body");
  const tag = w.qname(env, "Envelope");
  let xml = `<?xml version="1.0" encoding="utf-8"?><${tag}${declarationsText(w.namespaces(), [tag])}>`;
  if (headerTag) xml += `<${headerTag}>${writeElements(header, [tag, headerTag])}</${headerTag}>`;
  xml += body.length ? `<${bodyTag}>${writeElements(body, [tag, bodyTag])}</${bodyTag}>` : `<${bodyTag}/>`;
  return `${xml}</${tag}>`;
}

const FIXED_PREFIXES_11: readonly (readonly [string, string])[] = [
  [SOAP11_ENV, "soap"],
  [XSI_NS, "xsi"],
];
const FIXED_PREFIXES_12: readonly (readonly [string, string])[] = [
  [SOAP12_ENV, "soap"],
  [XSI_NS, "xsi"],
];

function newPrefixes(port: PortMeta, more: [ns: string, prefix: string][] = []): PrefixMap {
  const fixed = port.soapVersion === "1.2" ? FIXED_PREFIXES_12 : FIXED_PREFIXES_11;
  return new PrefixMap(more.length ? [...fixed, ...more] : fixed);
}

const textPlans = new WeakMap<ServiceMetadata, TextPlans>();

/** The plans of the text encoder for a metadata object (built as they are needed, kept with it). */
function textPlansOf(metadata: ServiceMetadata): TextPlans {
  let plans = textPlans.get(metadata);
  if (!plans) {
    const types = new TypeResolver(metadata);
    textPlans.set(metadata, (plans = new TextPlans(types, new ValueEncoder(types))));
  }
  return plans;
}

/** Parts as fields, one object per part (the text encoder keeps what it knows of a field with the field object). */
const partFields = new WeakMap<PartMeta, { rpc?: FieldMeta; document?: FieldMeta }>();

function partFieldOf(part: PartMeta, rpc: boolean): FieldMeta {
  let fields = partFields.get(part);
  if (!fields) partFields.set(part, (fields = {}));
  return rpc ? (fields.rpc ??= partField(part, true)) : (fields.document ??= partField(part, false));
}

/** The `xs:any` wildcard that the extra header elements are written as. */
const EXTRA_HEADERS: FieldMeta = { name: "$any", ns: "", type: "anyType", min: 0, max: "unbounded", particle: "any" };

/** The envelope's prefix: `newPrefixes` fixes it, so the open elements' names are known before they are written. */
const ENVELOPE = "soap:Envelope";

/** What a message's text needs of its metadata, computed once per message (and operation). */
interface MessagePlan {
  operationName: string;
  /** The wrapper (document/literal wrapped, rpc), written around the fields. */
  wrapper?: Tag;
  /** The declarations last written for this message, and the namespaces and prefixes they were written for. */
  declarations?: { text: string; uris: string[]; prefixes: string[] };
  /** The body's fields: the wrapper's, or one per part. */
  fields: FieldPlan[];
  headers: { meta: HeaderMeta; tag: Tag; segment: string }[];
}

const messagePlans = new WeakMap<MessageMeta, MessagePlan>();

function messagePlanOf(ref: OperationRef, message: MessageMeta, direction: "input" | "output"): MessagePlan {
  let plan = messagePlans.get(message);
  if (plan?.operationName === ref.operationName) return plan;
  const plans = textPlansOf(ref.metadata);
  const parts = message.parts ?? [];
  const rpc = ref.operation.style === "rpc";
  plan = {
    operationName: ref.operationName,
    ...(message.wrapper
      ? { wrapper: newTag(message.wrapper.ns, message.wrapper.name) }
      : rpc
        ? { wrapper: newTag(message.namespace ?? "", rpcWrapperName(ref, direction)) }
        : {}),
    fields: (message.wrapper ? message.wrapper.fields : parts.map((p) => partFieldOf(p, rpc))).map((f) =>
      plans.field(f),
    ),
    headers: message.headers.map((h) => ({
      meta: h,
      tag: plans.tag(h, h.element?.ns ?? "", h.element?.name ?? h.name, h.type),
      segment: `header ${h.name}`,
    })),
  };
  messagePlans.set(message, plan);
  return plan;
}

const BODY_PATH = [ENVELOPE, "soap:Body"];
const HEADER_PATH = [ENVELOPE, "soap:Header"];

/**
 * A message as text, written straight from the metadata (encode-text.ts): the body first, then the header (the
 * order in which prefixes are assigned), then the envelope around them. Exactly what {@link treeMessage} writes.
 */
function textMessage(
  ref: OperationRef,
  message: MessageMeta,
  direction: "input" | "output",
  values: readonly unknown[],
  headerValues: Record<string, unknown>,
  extraHeaders: readonly AnyElement[],
): string {
  const plans = textPlansOf(ref.metadata);
  const plan = messagePlanOf(ref, message, direction);
  const w = newPrefixes(ref.port);
  const text = new MessageEncoder(plans, w, BODY_PATH);
  text.pushSegment(ref.operationName);
  if (plan.wrapper) text.pushOpen(PENDING_TAG);
  const fields = plan.fields;
  for (let i = 0; i < fields.length; i++) text.field(fields[i]!, values[i]);
  let body = text.take();
  let bodyRefusal = text.takeRefusal();
  if (plan.wrapper) {
    // The wrapper's name after its fields': the order in which the element encoder gave their namespaces prefixes.
    const wrapper = text.tagOf(plan.wrapper);
    const tag = wrapper.qname;
    body = body === "" ? wrapper.open + "/>" : wrapper.openEnd + body + wrapper.close;
    if (bodyRefusal?.where?.includes(PENDING_TAG))
      bodyRefusal = new XmlCharacterError(
        bodyRefusal.codePoint,
        bodyRefusal.index,
        bodyRefusal.where.replace(PENDING_TAG, tag),
      );
  }
  text.startPart(HEADER_PATH);
  for (const h of plan.headers) {
    // `in` first: most headers of most messages are absent, and own() asks the engine
    const value = ownIfIn(headerValues, h.meta.name);
    // Header blocks are optional: null for one that is not nillable sends none.
    if (value === undefined || (value === null && !h.meta.nillable)) continue;
    text.pushSegment(h.segment);
    text.element(h.tag, value, !!h.meta.nillable);
    text.popSegment();
  }
  if (extraHeaders.length) {
    text.pushSegment("extraHeaders");
    text.field(plans.field(EXTRA_HEADERS), extraHeaders);
  }
  const header = text.take();
  const headerRefusal = text.takeRefusal();
  // The envelope's names last, in this order: the prefixes are declared in the order of first use.
  // (Header, Body and Envelope are names: their namespace's prefix is all there is to assign.)
  w.prefix(envelopeNs(ref.port));
  let xml = `<?xml version="1.0" encoding="utf-8"?><${ENVELOPE}${declarations(plan, w)}>`;
  // Values XML cannot carry in attributes are refused now, in the order the writer met them: header, then body.
  if (headerRefusal) throw headerRefusal;
  if (bodyRefusal) throw bodyRefusal;
  if (header !== "") xml += `<soap:Header>${header}</soap:Header>`;
  xml += body === "" ? "<soap:Body/>" : `<soap:Body>${body}</soap:Body>`;
  return `${xml}</${ENVELOPE}>`;
}

const ENVELOPE_PATH = [ENVELOPE];

/** The namespace declarations of a message: those of the last message of its kind when it used the same prefixes. */
function declarations(plan: MessagePlan, w: PrefixMap): string {
  const { uris, prefixes } = w.used();
  const last = plan.declarations;
  if (last !== undefined && last.uris.length === uris.length) {
    let same = true;
    for (let i = 0; i < uris.length && same; i++) same = last.uris[i] === uris[i] && last.prefixes[i] === prefixes[i];
    if (same) return last.text;
  }
  const text = declarationsText(w.namespaces(), ENVELOPE_PATH);
  plan.declarations = { text, uris: uris.slice(), prefixes: prefixes.slice() };
  return text;
}

/**
 * A message with undeclared content of its own (on the headers object: kept from a message decoded earlier), written
 * by the element encoder and the writer, which put it back where it was.
 */
function treeMessage(
  ref: OperationRef,
  message: MessageMeta,
  direction: "input" | "output",
  values: readonly unknown[],
  headerValues: Record<string, unknown>,
  extraHeaders: readonly AnyElement[],
  unknown: { header?: UnknownContent; body?: UnknownContent },
): string {
  const w = newPrefixes(ref.port);
  const body = bodyNodes(ref, message, values, w, direction, unknown.body);
  const header = headerNodes(ref, message.headers, headerValues, w, unknown.header);
  if (extraHeaders.length)
    header.push(...valueCodec(ref.metadata).encodeField(w, EXTRA_HEADERS, extraHeaders, "extraHeaders"));
  return envelope(ref.port, w, header, body);
}

/** The message's text: by the text encoder, or (undeclared content kept on the headers) by the element encoder. */
function messageText(
  ref: OperationRef,
  message: MessageMeta,
  direction: "input" | "output",
  values: readonly unknown[],
  headers: Record<string, unknown>,
  extraHeaders: readonly AnyElement[],
): string {
  const unknown = messageUnknown(headers);
  return unknown.header || unknown.body
    ? treeMessage(ref, message, direction, values, headers, extraHeaders, unknown)
    : textMessage(ref, message, direction, values, headers, extraHeaders);
}

/**
 * Encodes a request: `args` in the method's parameter order, `headers` by header name. `extraHeaders` are header
 * elements the binding does not describe (a WS-Security `wsse:Security`), written after the bound ones.
 */
export function encodeRequest(
  ref: OperationRef,
  args: readonly unknown[],
  headers: Record<string, unknown> = {},
  extraHeaders: readonly AnyElement[] = [],
): EncodedMessage {
  const message = messageOf(ref, "input");
  return {
    body: messageText(ref, message, "input", args, headers, extraHeaders),
    httpHeaders: requestHttpHeaders(ref),
  };
}

/** Encodes a response from the method's result (as the generated method returns it) and response headers. */
export function encodeResponse(
  ref: OperationRef,
  result: unknown,
  headers: Record<string, unknown> = {},
): EncodedMessage {
  const message = messageOf(ref, "output");
  const count = message.wrapper ? message.wrapper.fields.length : (message.parts ?? []).length;
  const values =
    message.result === "single" || (message.result === undefined && count === 1)
      ? [result]
      : message.result === "void"
        ? []
        : (message.wrapper ? message.wrapper.fields.map((f) => f.name) : (message.parts ?? []).map((p) => p.name)).map(
            (n) => own(result, n),
          );
  return {
    body: messageText(ref, message, "output", values, headers, []),
    httpHeaders: responseHttpHeaders(ref.port),
  };
}

/**
 * Encodes a Fault in the port's SOAP version. `detail` is written as text unless it is already XML nodes.
 * `subcode` (a WS-Security code such as `wsse:FailedAuthentication`) is SOAP 1.2's `Subcode/Value`; SOAP 1.1 has no
 * subcodes, so there it is the `faultcode` itself, as WS-Security specifies.
 */
export function encodeFault(
  port: PortMeta,
  fault: {
    /** `client`, `server` and `mustUnderstand` are written as the SOAP version's own codes; any other as given. */
    code: "client" | "server" | "mustUnderstand" | string;
    reason: string;
    detail?: string;
    /** `prefix`: the prefix to declare for the subcode's namespace (`wsse`), instead of a generated `ns1`. */
    subcode?: { ns: string; local: string; prefix?: string };
  },
): EncodedMessage {
  const w = newPrefixes(port, fault.subcode?.prefix ? [[fault.subcode.ns, fault.subcode.prefix]] : []);
  const env = envelopeNs(port);
  const text = (s: string) => [{ "#text": s }];
  const standard =
    port.soapVersion === "1.2"
      ? { client: "Sender", server: "Receiver", mustUnderstand: "MustUnderstand" }
      : { client: "Client", server: "Server", mustUnderstand: "MustUnderstand" };
  const subcode = fault.subcode ? w.qname(fault.subcode.ns, fault.subcode.local) : undefined;
  const code =
    subcode && port.soapVersion !== "1.2"
      ? subcode
      : fault.code === "client" || fault.code === "server" || fault.code === "mustUnderstand"
        ? w.qname(env, standard[fault.code])
        : fault.code;
  const subcodeNodes = subcode ? [{ [w.qname(env, "Subcode")]: [{ [w.qname(env, "Value")]: text(subcode) }] }] : [];
  const children: OutNode[] =
    port.soapVersion === "1.2"
      ? [
          { [w.qname(env, "Code")]: [{ [w.qname(env, "Value")]: text(code) }, ...subcodeNodes] },
          { [w.qname(env, "Reason")]: [{ [w.qname(env, "Text")]: text(fault.reason), ":@": { "xml:lang": "en" } }] },
          ...(fault.detail ? [{ [w.qname(env, "Detail")]: text(fault.detail) }] : []),
        ]
      : [
          { faultcode: text(code) },
          { faultstring: text(fault.reason) },
          ...(fault.detail ? [{ detail: text(fault.detail) }] : []),
        ];
  return {
    body: envelope(port, w, [], [{ [w.qname(env, "Fault")]: children }]),
    httpHeaders: responseHttpHeaders(port),
  };
}

// ------------------------------------------------------------------ decoding

/** A SOAP envelope as read by {@link parseEnvelope}: its namespace, its header blocks and its Body. */
export interface ParsedEnvelope {
  env: string;
  headers: XmlNode[];
  body: XmlNode;
}

/** Parses an envelope; tolerant of either SOAP version and of header elements placed directly under Envelope. */
export function parseEnvelope(xml: string): ParsedEnvelope {
  let root: XmlNode;
  try {
    root = readXml(xml);
  } catch (e) {
    if (e instanceof XmlSyntaxError) {
      const at = e.line === undefined ? "" : ` (line ${e.line}, column ${e.column})`;
      throw new SoapCodecError(`the message is not XML${at}: ${e.message}`);
    }
    throw e;
  }
  if (root.local !== "Envelope" || (root.ns !== SOAP11_ENV && root.ns !== SOAP12_ENV)) {
    throw new SoapCodecError(`the message is not a SOAP envelope (root element {${root.ns}}${root.local})`);
  }
  const env = root.ns;
  const bodies = root.children.filter((c) => c.local === "Body" && c.ns === env);
  if (bodies.length === 0) throw new SoapCodecError("the SOAP envelope has no Body");
  if (bodies.length > 1) throw new SoapCodecError(`the SOAP envelope has ${bodies.length} Body elements`);
  const body = bodies[0]!;
  const headers: XmlNode[] = [];
  for (const c of root.children) {
    if (c.ns === env && c.local === "Header") headers.push(...c.children);
    else if (c !== body) headers.push(c);
  }
  return { env, headers, body };
}

/**
 * The header blocks as the message's headers by name. Blocks are matched by namespace and local name (by local
 * name alone with `lenientNamespaces`); undeclared ones are kept — never refused, strict or not — and so is the
 * Body's undeclared content (`body`), on the returned object as non-enumerable {@link UnknownContent}.
 */
function decodeHeaders(
  ref: OperationRef,
  metas: readonly HeaderMeta[],
  nodes: XmlNode[],
  decoding: DecodeContext,
  body: UnknownCollector,
): Record<string, unknown> {
  const codec = valueCodec(ref.metadata);
  const out: Record<string, unknown> = {};
  const unknown = new UnknownCollector();
  const keep: DecodeContext = { ...decoding, strict: false };
  for (const node of nodes) {
    let meta = metas.find((h) => (h.element?.name ?? h.name) === node.local && (h.element?.ns ?? "") === node.ns);
    if (!meta && decoding.lenient) {
      meta = metas.find((h) => (h.element?.name ?? h.name) === node.local);
      if (meta)
        decoding.warn(
          `header ${expandedName(node.ns, node.local)} read as ${meta.name} ` +
            `(${expandedName(meta.element?.ns ?? "", node.local)}) by its local name (lenientNamespaces)`,
        );
    }
    if (!meta) {
      codec.unknownElement(node, "Header", keep, unknown);
      continue;
    }
    if (Object.hasOwn(out, meta.name))
      throw new SoapCodecError(`header ${meta.name}: the header block is given more than once`);
    const index = unknown.known(node.local);
    const { value, rest } = codec.decodeElementWithRest(
      node,
      meta.type,
      `header ${meta.name}`,
      !!meta.nillable,
      decoding,
    );
    unknown.child(node.local, index, rest);
    setOwn(out, meta.name, value);
  }
  if (!body.empty) unknown.content.body = body.content;
  unknown.attach(out, false);
  return out;
}

/** The Body's one element that a wrapped or rpc message expects, checked by name. */
function bodyElement(
  ref: OperationRef,
  body: XmlNode,
  direction: "input" | "output",
  ns: string,
  name: string,
  decoding: DecodeContext,
): XmlNode {
  const what = `the ${direction === "input" ? "request" : "response"} of ${ref.operationName}`;
  const expected = expandedName(ns, name);
  const [first, ...more] = body.children;
  if (!first) throw new SoapCodecError(`${what} has an empty Body (expected ${expected})`);
  if (more.length)
    throw new SoapCodecError(
      `${what} has ${body.children.length} elements in its Body, where one (${expected}) is expected`,
    );
  if (first.local === name && first.ns === ns) return first;
  if (decoding.lenient && first.local === name) {
    decoding.warn(
      `${what}: ${expandedName(first.ns, first.local)} read as ${expected} by its local name (lenientNamespaces)`,
    );
    return first;
  }
  throw new SoapCodecError(
    `${what} has ${expandedName(first.ns, first.local)} in its Body, where ${expected} is expected`,
  );
}

/** The values carried by a body, in method order (wrapper fields or parts), and the Body's undeclared content. */
function decodeBodyValues(
  ref: OperationRef,
  message: MessageMeta,
  body: XmlNode,
  direction: "input" | "output",
  decoding: DecodeContext,
): { names: string[]; values: Record<string, unknown>; fields: FieldMeta[]; unknown: UnknownCollector } {
  const codec = valueCodec(ref.metadata);
  const path = ref.operationName;
  const unknown = new UnknownCollector();
  const rpc = ref.operation.style === "rpc";
  const fields = message.wrapper ? message.wrapper.fields : (message.parts ?? []).map((p) => partField(p, rpc));
  let container = body;
  if (message.wrapper || rpc) {
    const [ns, name] = message.wrapper
      ? [message.wrapper.ns, message.wrapper.name]
      : [message.namespace ?? "", rpcWrapperName(ref, direction)];
    container = bodyElement(ref, body, direction, ns, name, decoding);
    codec.otherAttributes(container, path, decoding, unknown);
  }
  const values = codec.decodeMessageFields(container.children, fields, path, {}, decoding, unknown);
  if (message.wrapper || rpc) return { names: fields.map((f) => f.name), values, fields, unknown };
  // Document-style parts are read by element name and handed back by part name: the method's parameters and
  // result members are named after the parts.
  const parts = message.parts ?? [];
  const byPart: Record<string, unknown> = {};
  parts.forEach((part, i) => {
    const value = own(values, fields[i]!.name);
    if (value !== undefined)
      Object.defineProperty(byPart, part.name, { value, enumerable: true, writable: true, configurable: true });
  });
  return { names: parts.map((part) => part.name), values: byPart, fields, unknown };
}

/** Turns a Fault element into a {@link SoapFault}, decoding the detail with the operation's fault types where one matches. */
export function decodeFault(
  ref: OperationRef | undefined,
  fault: XmlNode,
  env: string,
  httpStatus?: number,
): SoapFault {
  const child = (parent: XmlNode | undefined, local: string) => parent?.children.find((c) => c.local === local);
  if (env === SOAP12_ENV) {
    const code = child(fault, "Code");
    const subcodes: string[] = [];
    for (let sub = child(code, "Subcode"); sub; sub = child(sub, "Subcode"))
      subcodes.push(child(sub, "Value")?.text.trim() ?? "");
    const detailNode = child(fault, "Detail");
    return new SoapFault({
      code: child(code, "Value")?.text.trim() ?? "",
      subcodes,
      reason: child(child(fault, "Reason"), "Text")?.text ?? "",
      ...(child(fault, "Role") ? { actor: child(fault, "Role")!.text.trim() } : {}),
      ...decodeDetail(ref, detailNode),
      ...(httpStatus !== undefined ? { httpStatus } : {}),
    });
  }
  const detailNode = child(fault, "detail");
  return new SoapFault({
    code: child(fault, "faultcode")?.text.trim() ?? "",
    reason: child(fault, "faultstring")?.text ?? "",
    ...(child(fault, "faultactor") ? { actor: child(fault, "faultactor")!.text.trim() } : {}),
    ...decodeDetail(ref, detailNode),
    ...(httpStatus !== undefined ? { httpStatus } : {}),
  });
}

function decodeDetail(
  ref: OperationRef | undefined,
  detail: XmlNode | undefined,
): { detail?: unknown; faultName?: string } {
  if (!detail) return {};
  const codec = ref ? valueCodec(ref.metadata) : undefined;
  for (const entry of detail.children) {
    for (const f of ref?.operation.faults ?? []) {
      const part = f.parts.find((p) => p.element?.name === entry.local && p.element.ns === entry.ns);
      if (part && codec) return { detail: codec.decodeElement(entry, part.type, `fault ${f.name}`), faultName: f.name };
    }
  }
  return { detail: detail.children.length ? detail.children.map(serializeNode).join("") : detail.text };
}

/** A compact XML rendering of a decoded node (for undeclared fault details). */
function serializeNode(node: XmlNode): string {
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => ` ${k}="${v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;")}"`)
    .join("");
  const inner = node.text.replace(/&/g, "&amp;").replace(/</g, "&lt;") + node.children.map(serializeNode).join("");
  return `<${node.local}${attrs}${node.ns ? ` xmlns="${node.ns}"` : ""}>${inner}</${node.local}>`;
}

function faultIn(body: XmlNode): XmlNode | undefined {
  const first = body.children[0];
  return first && first.local === "Fault" && (first.ns === SOAP11_ENV || first.ns === SOAP12_ENV) ? first : undefined;
}

/**
 * Decodes a request on the server side: the method's arguments and the request headers (which carry the message's
 * undeclared content, see {@link UnknownContent}). Faults are not expected here.
 */
export function decodeRequest(
  ref: OperationRef,
  xml: string | ParsedEnvelope,
  options?: DecodeOptions,
): { args: unknown[]; headers: Record<string, unknown> } {
  const decoding = decodeContext(options);
  const message = messageOf(ref, "input");
  const { headers, body } = typeof xml === "string" ? parseEnvelope(xml) : xml;
  const { names, values, unknown } = decodeBodyValues(ref, message, body, "input", decoding);
  return {
    args: names.map((n) => own(values, n)),
    headers: decodeHeaders(ref, message.headers, headers, decoding, unknown),
  };
}

/**
 * Decodes a response into `{ result, headers }`. A Fault becomes a thrown {@link SoapFault}; a non-success HTTP
 * status without a fault, or a body that is not a SOAP envelope, a thrown {@link SoapHttpError}.
 */
export function decodeResponse(
  ref: OperationRef,
  xml: string,
  httpStatus = 200,
  options?: DecodeOptions,
): { result: unknown; headers: Record<string, unknown> } {
  const decoding = decodeContext(options);
  let parsed: ParsedEnvelope;
  try {
    parsed = parseEnvelope(xml);
  } catch (e) {
    if (httpStatus < 200 || httpStatus >= 300)
      throw new SoapHttpError(`HTTP ${httpStatus} without a SOAP envelope`, httpStatus, xml.slice(0, 500));
    throw e;
  }
  const fault = faultIn(parsed.body);
  if (fault) throw decodeFault(ref, fault, parsed.env, httpStatus);
  if (httpStatus < 200 || httpStatus >= 300)
    throw new SoapHttpError(`HTTP ${httpStatus}`, httpStatus, xml.slice(0, 500));
  const message = messageOf(ref, "output");
  const { names, values, fields, unknown } = decodeBodyValues(ref, message, parsed.body, "output", decoding);
  const headers = decodeHeaders(ref, message.headers, parsed.headers, decoding, unknown);
  const result = message.result ?? (names.length === 0 ? "void" : names.length === 1 ? "single" : "object");
  if (result === "void") return { result: undefined, headers };
  if (result === "object") return { result: values, headers };
  const field = fields[0]!;
  let value = own(values, names[0]!);
  if (value === undefined) {
    if (isRepeated(field)) value = [];
    else if (field.nillable) value = null;
    else throw new SoapCodecError(`the response of ${ref.operationName} has no ${field.name}`);
  }
  return { result: value, headers };
}
