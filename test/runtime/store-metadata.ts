/**
 * A hand-written service over the unit types of value-metadata.ts, for message-level codec tests (unknown content,
 * namespaces, nil): one port `StorePort` (SOAP 1.1) with a wrapped operation `Put` (headers `Token` and `Session`),
 * a bare one `Send`, and an rpc one `Call`. Element namespace: {@link NS}; a foreign namespace for tests: {@link OTHER}.
 */
import type { ServiceMetadata, TypeMeta } from "../../runtime/src/metadata.js";
import { ARRAYS, NS, unitMetadata } from "./value-metadata.js";

export { ARRAYS, NS };
export const OTHER = "urn:wsdlgen:other";
export const SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
export const XSI = "http://www.w3.org/2001/XMLSchema-instance";

const Order: TypeMeta = {
  kind: "complex",
  xml: { ns: NS, name: "Order" },
  fields: [
    { name: "Item", ns: NS, type: "Item", min: 0, max: 1, nillable: true },
    { name: "Ids", ns: NS, type: "ArrayOfint", min: 0, max: 1 },
    { name: "Scores", ns: NS, type: "Scores", min: 0, max: 1 },
    { name: "Note", ns: NS, type: "xs:string", min: 0, max: 1 },
    { name: "Lines", ns: NS, type: "xs:string", min: 0, max: "unbounded" },
    { name: "Owner", ns: NS, type: "Base", min: 0, max: 1 },
  ],
  attributes: [{ name: "code", ns: "", type: "xs:string" }],
};

const Session: TypeMeta = {
  kind: "complex",
  xml: { ns: NS, name: "Session" },
  fields: [{ name: "Key", ns: NS, type: "xs:string", min: 0, max: 1 }],
};

export function storeMetadata(): ServiceMetadata {
  const unit = unitMetadata();
  return {
    ...unit,
    service: "Store",
    types: { ...unit.types, Order, Session },
    ports: {
      StorePort: {
        soapVersion: "1.1",
        address: "http://localhost/store",
        binding: { ns: NS, name: "StoreBinding" },
        operations: {
          Put: {
            style: "document",
            soapAction: "urn:Put",
            input: {
              use: "literal",
              wrapper: {
                ns: NS,
                name: "Put",
                fields: [
                  { name: "Order", ns: NS, type: "Order", min: 0, max: 1, nillable: true },
                  { name: "Count", ns: NS, type: "xs:int", min: 0, max: 1 },
                ],
              },
              headers: [
                { name: "Token", element: { ns: NS, name: "Token" }, type: "xs:string", nillable: true },
                { name: "Session", element: { ns: NS, name: "Session" }, type: "Session" },
              ],
            },
            output: {
              use: "literal",
              wrapper: {
                ns: NS,
                name: "PutResponse",
                fields: [{ name: "Order", ns: NS, type: "Order", min: 0, max: 1 }],
              },
              result: "single",
              headers: [{ name: "Succeeded", element: { ns: NS, name: "Succeeded" }, type: "xs:boolean" }],
            },
            faults: [],
          },
          Send: {
            style: "document",
            input: {
              use: "literal",
              parts: [{ name: "order", element: { ns: NS, name: "Order" }, type: "Order" }],
              headers: [],
            },
            output: {
              use: "literal",
              parts: [{ name: "receipt", element: { ns: NS, name: "Receipt" }, type: "xs:string" }],
              result: "single",
              headers: [],
            },
            faults: [],
          },
          Call: {
            style: "rpc",
            input: {
              use: "literal",
              namespace: NS,
              parts: [
                { name: "order", type: "Order" },
                { name: "count", type: "xs:int" },
              ],
              headers: [],
            },
            output: { use: "literal", namespace: NS, parts: [{ name: "result", type: "xs:string" }], headers: [] },
            faults: [],
          },
        },
      },
    },
  };
}

/** A SOAP 1.1 envelope around `body` (and `header` in a Header), with `s`, `xsi`, `u` (NS), `o` (OTHER) declared. */
export function envelope(body: string, header = ""): string {
  return (
    `<s:Envelope xmlns:s="${SOAP11}" xmlns:xsi="${XSI}" xmlns:u="${NS}" xmlns:o="${OTHER}" xmlns:a="${ARRAYS}">` +
    `${header ? `<s:Header>${header}</s:Header>` : ""}<s:Body>${body}</s:Body></s:Envelope>`
  );
}
