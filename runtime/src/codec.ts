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
  FieldMeta,
  HeaderMeta,
  MessageMeta,
  OperationMeta,
  PartMeta,
  PortMeta,
  ServiceMetadata,
} from "./metadata.js";
import { SOAP11_ENV, SOAP12_ENV, XSI_NS } from "./namespaces.js";
import type { OutNode } from "./encode.js";
import { PrefixMap } from "./prefixes.js";
import { isRepeated } from "./type-resolver.js";
import { ValueCodec } from "./values.js";
import { readXml, XmlSyntaxError, type XmlNode } from "./xml-reader.js";
import { declarationsText, writeElements } from "./xml-writer.js";

export { SOAP11_ENV, SOAP12_ENV };

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
  const port = metadata.ports[portName];
  if (!port) throw new SoapCodecError(`port ${portName} is not in the metadata of ${metadata.service}`);
  const operation = port.operations[operationName];
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
): OutNode[] {
  const codec = valueCodec(ref.metadata);
  const path = ref.operationName;
  if (message.wrapper) {
    const children = message.wrapper.fields.flatMap((f, i) => codec.encodeField(w, f, values[i], path));
    return [{ [w.qname(message.wrapper.ns, message.wrapper.name)]: children }];
  }
  const parts = message.parts ?? [];
  if (ref.operation.style === "rpc") {
    const name = direction === "input" ? ref.operationName : `${ref.operationName}Response`;
    const children = parts.flatMap((p, i) => codec.encodeField(w, partField(p, true), values[i], path));
    return [{ [w.qname(message.namespace ?? "", name)]: children }];
  }
  return parts.flatMap((p, i) => codec.encodeField(w, partField(p, false), values[i], path));
}

function headerNodes(
  ref: OperationRef,
  headers: readonly HeaderMeta[],
  values: Record<string, unknown>,
  w: PrefixMap,
): OutNode[] {
  const codec = valueCodec(ref.metadata);
  const out: OutNode[] = [];
  for (const h of headers) {
    const value = values[h.name];
    if (value === undefined) continue;
    out.push(codec.encodeElement(w, h.element?.ns ?? "", h.element?.name ?? h.name, h.type, value, `header ${h.name}`));
  }
  return out;
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

function newPrefixes(port: PortMeta): PrefixMap {
  return new PrefixMap([
    [envelopeNs(port), "soap"],
    [XSI_NS, "xsi"],
  ]);
}

/** Encodes a request: `args` in the method's parameter order, `headers` by header name. */
export function encodeRequest(
  ref: OperationRef,
  args: readonly unknown[],
  headers: Record<string, unknown> = {},
): EncodedMessage {
  const message = messageOf(ref, "input");
  const w = newPrefixes(ref.port);
  const body = bodyNodes(ref, message, args, w, "input");
  const header = headerNodes(ref, message.headers, headers, w);
  return { body: envelope(ref.port, w, header, body), httpHeaders: requestHttpHeaders(ref) };
}

/** Encodes a response from the method's result (as the generated method returns it) and response headers. */
export function encodeResponse(
  ref: OperationRef,
  result: unknown,
  headers: Record<string, unknown> = {},
): EncodedMessage {
  const message = messageOf(ref, "output");
  const count = message.wrapper ? message.wrapper.fields.length : (message.parts ?? []).length;
  const names = message.wrapper ? message.wrapper.fields.map((f) => f.name) : (message.parts ?? []).map((p) => p.name);
  const values =
    message.result === "single" || (message.result === undefined && count === 1)
      ? [result]
      : message.result === "void"
        ? []
        : names.map((n) => (result as Record<string, unknown> | undefined)?.[n]);
  const w = newPrefixes(ref.port);
  const body = bodyNodes(ref, message, values, w, "output");
  const header = headerNodes(ref, message.headers, headers, w);
  return { body: envelope(ref.port, w, header, body), httpHeaders: responseHttpHeaders(ref.port) };
}

/** Encodes a Fault in the port's SOAP version. `detail` is written as text unless it is already XML nodes. */
export function encodeFault(
  port: PortMeta,
  fault: { code: "client" | "server" | string; reason: string; detail?: string },
): EncodedMessage {
  const w = newPrefixes(port);
  const env = envelopeNs(port);
  const text = (s: string) => [{ "#text": s }];
  const standard =
    port.soapVersion === "1.2" ? { client: "Sender", server: "Receiver" } : { client: "Client", server: "Server" };
  const code = fault.code === "client" || fault.code === "server" ? w.qname(env, standard[fault.code]) : fault.code;
  const children: OutNode[] =
    port.soapVersion === "1.2"
      ? [
          { [w.qname(env, "Code")]: [{ [w.qname(env, "Value")]: text(code) }] },
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

interface ParsedEnvelope {
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
  const body = root.children.find((c) => c.local === "Body" && c.ns === env);
  if (!body) throw new SoapCodecError("the SOAP envelope has no Body");
  const headers: XmlNode[] = [];
  for (const c of root.children) {
    if (c.ns === env && c.local === "Header") headers.push(...c.children);
    else if (c !== body) headers.push(c);
  }
  return { env, headers, body };
}

function decodeHeaders(ref: OperationRef, metas: readonly HeaderMeta[], nodes: XmlNode[]): Record<string, unknown> {
  const codec = valueCodec(ref.metadata);
  const out: Record<string, unknown> = {};
  for (const h of metas) {
    const name = h.element?.name ?? h.name;
    const node =
      nodes.find((n) => n.local === name && n.ns === (h.element?.ns ?? "")) ?? nodes.find((n) => n.local === name);
    if (node) out[h.name] = codec.decodeElement(node, h.type, `header ${h.name}`);
  }
  return out;
}

/** The values carried by a body, in method order (wrapper fields or parts). */
function decodeBodyValues(
  ref: OperationRef,
  message: MessageMeta,
  body: XmlNode,
  direction: "input" | "output",
): { names: string[]; values: Record<string, unknown>; fields: FieldMeta[] } {
  const codec = valueCodec(ref.metadata);
  const first = body.children[0];
  if (message.wrapper) {
    const fields = message.wrapper.fields;
    if (!first)
      throw new SoapCodecError(
        `the ${direction} of ${ref.operationName} has an empty Body (expected ${message.wrapper.name})`,
      );
    return {
      names: fields.map((f) => f.name),
      values: codec.decodeFields(first.children, fields, ref.operationName),
      fields,
    };
  }
  const rpc = ref.operation.style === "rpc";
  const fields = (message.parts ?? []).map((p) => partField(p, rpc));
  const container = rpc ? first : body;
  if (!container) throw new SoapCodecError(`the ${direction} of ${ref.operationName} has an empty Body`);
  return {
    names: fields.map((f) => f.name),
    values: codec.decodeFields(container.children, fields, ref.operationName),
    fields,
  };
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

/** Decodes a request on the server side: the method's arguments and the request headers. Faults are not expected here. */
export function decodeRequest(ref: OperationRef, xml: string): { args: unknown[]; headers: Record<string, unknown> } {
  const message = messageOf(ref, "input");
  const { headers, body } = parseEnvelope(xml);
  const { names, values } = decodeBodyValues(ref, message, body, "input");
  return { args: names.map((n) => values[n]), headers: decodeHeaders(ref, message.headers, headers) };
}

/**
 * Decodes a response into `{ result, headers }`. A Fault becomes a thrown {@link SoapFault}; a non-success HTTP
 * status without a fault, or a body that is not a SOAP envelope, a thrown {@link SoapHttpError}.
 */
export function decodeResponse(
  ref: OperationRef,
  xml: string,
  httpStatus = 200,
): { result: unknown; headers: Record<string, unknown> } {
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
  const headers = decodeHeaders(ref, message.headers, parsed.headers);
  const { names, values, fields } = decodeBodyValues(ref, message, parsed.body, "output");
  const result = message.result ?? (names.length === 0 ? "void" : names.length === 1 ? "single" : "object");
  if (result === "void") return { result: undefined, headers };
  if (result === "object") return { result: values, headers };
  const field = fields[0]!;
  let value = values[field.name];
  if (value === undefined) {
    if (isRepeated(field)) value = [];
    else if (field.nillable) value = null;
    else throw new SoapCodecError(`the response of ${ref.operationName} has no ${field.name}`);
  }
  return { result: value, headers };
}
