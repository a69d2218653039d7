/**
 * Reading SOAP messages: {@link parseEnvelope}, {@link decodeRequest}, {@link decodeResponse} and
 * {@link decodeFault}. Either envelope version is accepted, and header elements placed directly under `Envelope`
 * are read as headers.
 */
import { SoapCodecError, SoapFault, SoapHttpError } from "./errors.js";
import type { FieldMeta, HeaderMeta, MessageMeta } from "./metadata.js";
import { SOAP11_ENV, SOAP12_ENV } from "./namespaces.js";
import { decodeContext, expandedName, UnknownCollector, type DecodeContext, type DecodeOptions } from "./decode.js";
import {
  headerName,
  headerNs,
  messageOf,
  partField,
  rpcWrapperName,
  valueCodec,
  type OperationRef,
} from "./operation.js";
import { own, setOwn } from "./own.js";
import { isRepeated } from "./type-resolver.js";
import { readXml, XmlSyntaxError, type XmlNode } from "./xml-reader.js";

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
    let meta = metas.find((h) => headerName(h) === node.local && headerNs(h) === node.ns);
    if (!meta && decoding.lenient) {
      meta = metas.find((h) => headerName(h) === node.local);
      if (meta)
        decoding.warn(
          `header ${expandedName(node.ns, node.local)} read as ${meta.name} ` +
            `(${expandedName(headerNs(meta), node.local)}) by its local name (lenientNamespaces)`,
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
