/**
 * Writing SOAP messages: {@link encodeRequest}, {@link encodeResponse} and {@link encodeFault}. A message is written
 * as text straight from the metadata (encode-text.ts); one that carries undeclared content kept from a decoded
 * message is written by the element encoder (encode.ts) and the writer, which put that content back in place.
 */
import type {
  AnyElement,
  FieldMeta,
  HeaderMeta,
  MessageMeta,
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
import {
  envelopeNs,
  headerName,
  headerNs,
  messageOf,
  partField,
  requestHttpHeaders,
  responseHttpHeaders,
  rpcWrapperName,
  valueCodec,
  type EncodedMessage,
  type OperationRef,
} from "./operation.js";
import { own } from "./own.js";
import { PrefixMap } from "./prefixes.js";
import { TypeResolver } from "./type-resolver.js";
import type { UnknownContent } from "./unknown.js";
import { XmlCharacterError } from "./xml-escape.js";
import { declarationsText, writeElements } from "./xml-writer.js";

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
    const name = headerName(h);
    const path = `header ${h.name}`;
    return {
      names: [name],
      // Header blocks are optional: null for one that is not nillable sends none.
      nodes:
        value === undefined || (value === null && !h.nillable)
          ? []
          : [codec.encodeElement(w, headerNs(h), name, h.type, value, path, !!h.nillable)],
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
      tag: plans.tag(h, headerNs(h), headerName(h), h.type),
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
