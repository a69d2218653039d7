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
export { SOAP11_ENV, SOAP12_ENV } from "./namespaces.js";
export type { DecodeOptions } from "./decode.js";
export { UNKNOWN_CONTENT, unknownContent, withUnknownContent } from "./unknown.js";
export type { PlacedElement, UnknownContent } from "./unknown.js";
export { operationRef, requestHttpHeaders, valueCodec, type EncodedMessage, type OperationRef } from "./operation.js";
export { encodeFault, encodeRequest, encodeResponse } from "./encode-message.js";
export { decodeFault, decodeRequest, decodeResponse, parseEnvelope, type ParsedEnvelope } from "./decode-message.js";
