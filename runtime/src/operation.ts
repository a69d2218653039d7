/**
 * One operation of one port, as every codec function takes it ({@link OperationRef}), and what encoding and decoding
 * share about it: its messages, its HTTP headers, how a part becomes a field, the value codec of its metadata.
 */
import { SoapCodecError } from "./errors.js";
import type {
  FieldMeta,
  HeaderMeta,
  MessageMeta,
  OperationMeta,
  PartMeta,
  PortMeta,
  ServiceMetadata,
} from "./metadata.js";
import { SOAP11_ENV, SOAP12_ENV } from "./namespaces.js";
import { own } from "./own.js";
import { ValueCodec } from "./values.js";

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

export function envelopeNs(port: PortMeta): string {
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

export function responseHttpHeaders(port: PortMeta): Record<string, string> {
  return {
    "Content-Type": port.soapVersion === "1.2" ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8",
  };
}

export function messageOf(ref: OperationRef, direction: "input" | "output"): MessageMeta {
  const message = ref.operation[direction];
  if (!message) throw new SoapCodecError(`operation ${ref.operationName} has no ${direction} message`);
  return message;
}

/** rpc style: part accessors are unqualified elements named after the parts. */
export function partField(part: PartMeta, rpc: boolean): FieldMeta {
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

/** rpc style: the operation wrapper's local name (the response's is the operation's with `Response`). */
export function rpcWrapperName(ref: OperationRef, direction: "input" | "output"): string {
  return direction === "input" ? ref.operationName : `${ref.operationName}Response`;
}

/** The local name of the element a header part is on the wire: its element's, or (a type part) the part's name. */
export function headerName(header: HeaderMeta): string {
  return header.element?.name ?? header.name;
}

/** The namespace of the element a header part is on the wire: its element's, or none (a type part). */
export function headerNs(header: HeaderMeta): string {
  return header.element?.ns ?? "";
}
