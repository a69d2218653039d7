/**
 * `wsdl:binding` joined with its `wsdl:portType`: the SOAP version, style and use, soapAction, body parts and
 * bound headers (WCF binds them from separate `*_Headers` messages), faults. Operations keep portType order.
 */
import type { DiagnosticSink, SourceLocation } from "../diagnostics.js";
import { NS } from "../load/namespaces.js";
import { childrenNamed, firstChild, type XmlElement } from "../load/xml.js";
import { qnameKey, type QName } from "../model/qname.js";
import type { Fault, Header, Message, Operation } from "../model/model.js";
import type { XsdReader } from "../xsd/reader.js";
import { documentation, findInTargetNamespace, wsdlQName, type WsdlEntry, type WsdlIndex } from "./definitions.js";
import { readMessageParts } from "./message.js";

export interface ReadBinding {
  /** The binding's QName (the one referred to, or the one found in the referring document's namespace). */
  name: QName;
  soapVersion: "1.1" | "1.2";
  portType: QName;
  portTypeDoc?: string;
  operations: Operation[];
}

/** Reads a SOAP binding; returns undefined (with a warning) for non-SOAP bindings such as HTTP GET/POST. */
export function readBinding(
  wsdl: WsdlIndex,
  reader: XsdReader,
  bindingName: QName,
  sink: DiagnosticSink,
  refLocation: SourceLocation,
  /** The construct that refers to the binding (a service), for the namespace fallback. */
  from?: WsdlEntry,
): ReadBinding | undefined {
  const entry = findInTargetNamespace(wsdl.bindings, bindingName, from, sink, "binding", "wsdl:port", refLocation);
  if (!entry)
    return sink.fail(
      "binding-missing",
      `binding ${qnameKey(bindingName)} is referenced but not declared`,
      "wsdl:port",
      refLocation,
    );
  const binding = entry.el;
  const construct = `wsdl:binding ${entry.name.local}`;
  const soap11 = firstChild(binding, NS.soap11, "binding");
  const soap12 = firstChild(binding, NS.soap12, "binding");
  const soapBinding = soap11 ?? soap12;
  if (!soapBinding) {
    sink.warn("binding-not-soap", "binding is not a SOAP binding and is skipped", construct, binding.location);
    return undefined;
  }
  const soapNs = soap11 ? NS.soap11 : NS.soap12;
  const defaultStyle = soapBinding.attrs.style === "rpc" ? "rpc" : "document";
  const portTypeName = wsdlQName(binding, "type", sink, construct);
  const portType = findInTargetNamespace(
    wsdl.portTypes,
    portTypeName,
    entry,
    sink,
    "portType",
    construct,
    binding.location,
  );
  if (!portType)
    return sink.fail(
      "port-type-missing",
      `portType ${qnameKey(portTypeName)} is referenced but not declared`,
      construct,
      binding.location,
    );

  const bound = new Map<string, XmlElement>();
  for (const op of childrenNamed(binding, NS.wsdl, "operation")) bound.set(op.attrs.name ?? "", op);

  const operations: Operation[] = [];
  const seen = new Set<string>();
  for (const abstractOp of childrenNamed(portType.el, NS.wsdl, "operation")) {
    const name = abstractOp.attrs.name ?? "";
    const opConstruct = `wsdl:operation ${portType.name.local}.${name}`;
    if (seen.has(name)) {
      sink.warn(
        "operation-overloaded",
        "overloaded operation names are not supported; only the first is generated",
        opConstruct,
        abstractOp.location,
      );
      continue;
    }
    seen.add(name);
    const boundOp = bound.get(name);
    if (!boundOp) {
      sink.warn(
        "operation-unbound",
        `operation is not bound in ${entry.name.local} and is skipped`,
        opConstruct,
        abstractOp.location,
      );
      continue;
    }
    const soapOp = firstChild(boundOp, soapNs, "operation");
    const style =
      soapOp?.attrs.style === "rpc" ? "rpc" : soapOp?.attrs.style === "document" ? "document" : defaultStyle;
    const operation: Operation = { name, style, faults: [] };
    const doc = documentation(abstractOp);
    if (doc) operation.doc = doc;
    if (soapOp?.attrs.soapAction !== undefined) operation.soapAction = soapOp.attrs.soapAction;
    for (const direction of ["input", "output"] as const) {
      const abstractMsg = firstChild(abstractOp, NS.wsdl, direction);
      if (!abstractMsg) continue;
      const boundMsg = firstChild(boundOp, NS.wsdl, direction);
      operation[direction] = readMessage(
        wsdl,
        reader,
        sink,
        abstractMsg,
        boundMsg,
        soapNs,
        style,
        direction,
        opConstruct,
        entry,
        portType,
      );
    }
    for (const faultEl of childrenNamed(abstractOp, NS.wsdl, "fault")) {
      const written = wsdlQName(faultEl, "message", sink, opConstruct);
      const { message, parts } = readMessageParts(wsdl, reader, written, sink, opConstruct, faultEl.location, portType);
      const fault: Fault = { name: faultEl.attrs.name ?? message.local, message, parts };
      operation.faults.push(fault);
    }
    operations.push(operation);
  }
  const result: ReadBinding = {
    name: entry.name,
    soapVersion: soap11 ? "1.1" : "1.2",
    portType: portType.name,
    operations,
  };
  const portTypeDoc = documentation(portType.el);
  if (portTypeDoc) result.portTypeDoc = portTypeDoc;
  return result;
}

function readMessage(
  wsdl: WsdlIndex,
  reader: XsdReader,
  sink: DiagnosticSink,
  abstractMsg: XmlElement,
  boundMsg: XmlElement | undefined,
  soapNs: string,
  style: "document" | "rpc",
  direction: "input" | "output",
  construct: string,
  binding: WsdlEntry,
  portType: WsdlEntry,
): Message {
  const bindingNs = binding.name.ns;
  const { message: messageName, parts } = readMessageParts(
    wsdl,
    reader,
    wsdlQName(abstractMsg, "message", sink, construct),
    sink,
    `${construct} ${direction}`,
    abstractMsg.location,
    portType,
  );
  const body = boundMsg ? firstChild(boundMsg, soapNs, "body") : undefined;
  const use = body?.attrs.use === "encoded" ? "encoded" : "literal";
  const headers: Header[] = [];
  for (const headerEl of boundMsg ? childrenNamed(boundMsg, soapNs, "header") : []) {
    const headerMessage = wsdlQName(headerEl, "message", sink, construct);
    const partName = headerEl.attrs.part ?? "";
    const { message: headerMessageName, parts: headerParts } = readMessageParts(
      wsdl,
      reader,
      headerMessage,
      sink,
      `${construct} soap:header`,
      headerEl.location,
      binding,
    );
    const part = headerParts.find((p) => p.name === partName);
    if (!part)
      sink.fail(
        "header-part-missing",
        `soap:header names part "${partName}" that message ${headerMessage.local} does not have`,
        construct,
        headerEl.location,
      );
    const header: Header = {
      name: part.name,
      message: headerMessageName,
      use: headerEl.attrs.use === "encoded" ? "encoded" : "literal",
    };
    if (part.element) header.element = part.element;
    if (part.type) header.type = part.type;
    headers.push(header);
  }
  // Parts bound as headers in the same message are not body parts; soap:body parts= restricts the body further.
  const headerPartsHere = new Set(
    headers.filter((h) => qnameKey(h.message) === qnameKey(messageName)).map((h) => h.name),
  );
  const listed = body?.attrs.parts?.split(/\s+/).filter(Boolean);
  const bodyParts = parts.filter((p) => !headerPartsHere.has(p.name) && (!listed || listed.includes(p.name)));
  const message: Message = { message: messageName, use, body: bodyParts, headers };
  // rpc: the wrapper's namespace is soap:body's namespace attribute; WSDLs that leave it out get the binding's
  // target namespace (what most toolkits send).
  if (body?.attrs.namespace) message.namespace = body.attrs.namespace;
  else if (style === "rpc") message.namespace = bindingNs;
  return message;
}
