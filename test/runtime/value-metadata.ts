/**
 * A small hand-written metadata for the value codec's unit tests (encode.test.ts, decode.test.ts): one type per
 * construct the codec treats specially, written the way the emitter writes metadata. Element namespace: {@link NS}.
 */
import { XMLBuilder } from "fast-xml-parser";
import {
  METADATA_FORMAT,
  type ScalarRepresentation,
  type ServiceMetadata,
  type TypeMeta,
} from "../../runtime/src/metadata.js";
import { XSI_NS } from "../../runtime/src/namespaces.js";
import type { OutNode } from "../../runtime/src/encode.js";
import { PrefixMap } from "../../runtime/src/prefixes.js";

export const NS = "urn:wsdlgen:unit";
export const ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";

export const LOSSLESS: ScalarRepresentation = {
  integer: "string",
  decimal: "string",
  dateTime: "string",
  date: "string",
  binary: "string",
};
export const TYPED: ScalarRepresentation = {
  integer: "bigint",
  decimal: "number",
  dateTime: "Date",
  date: "Date",
  binary: "Uint8Array",
};

const types: Record<string, TypeMeta> = {
  Item: {
    kind: "complex",
    xml: { ns: NS, name: "Item" },
    fields: [
      { name: "Id", ns: NS, type: "xs:int", min: 1, max: 1 },
      { name: "Name", ns: NS, type: "xs:string", min: 0, max: 1, nillable: true },
      { name: "Tag", ns: NS, type: "xs:string", min: 0, max: "unbounded" },
      { name: "Pair", ns: NS, type: "xs:string", min: 0, max: 2 },
    ],
    attributes: [
      { name: "version", ns: "", type: "xs:int" },
      { name: "lang", ns: "http://www.w3.org/XML/1998/namespace", type: "xs:string" },
    ],
  },
  Base: {
    kind: "complex",
    xml: { ns: NS, name: "Base" },
    fields: [{ name: "Id", ns: NS, type: "xs:int", min: 0, max: 1 }],
  },
  Derived: {
    kind: "complex",
    xml: { ns: NS, name: "Derived" },
    base: "Base",
    derivation: "extension",
    fields: [{ name: "Extra", ns: NS, type: "xs:string", min: 0, max: 1 }],
  },
  Unrelated: {
    kind: "complex",
    xml: { ns: NS, name: "Unrelated" },
    fields: [],
  },
  Shape: {
    kind: "complex",
    xml: { ns: NS, name: "Shape" },
    abstract: true,
    fields: [],
  },
  Circle: {
    kind: "complex",
    xml: { ns: NS, name: "Circle" },
    base: "Shape",
    derivation: "extension",
    fields: [{ name: "Radius", ns: NS, type: "xs:double", min: 1, max: 1 }],
  },
  Price: {
    kind: "complex",
    xml: { ns: NS, name: "Price" },
    fields: [],
    text: "xs:decimal",
    attributes: [{ name: "currency", ns: "", type: "xs:string", required: true }],
  },
  Color: { kind: "simple", xml: { ns: NS, name: "Color" }, variety: "enumeration", values: ["Red", "Green"] },
  Flags: { kind: "simple", xml: { ns: NS, name: "Flags" }, variety: "list", item: "Color" },
  IntOrBool: {
    kind: "simple",
    xml: { ns: NS, name: "IntOrBool" },
    variety: "union",
    members: ["xs:int", "xs:boolean"],
  },
  IntOrCode: { kind: "simple", xml: { ns: NS, name: "IntOrCode" }, variety: "union", members: ["xs:int", "xs:string"] },
  Count: { kind: "simple", xml: { ns: NS, name: "Count" }, variety: "atomic", base: "xs:int" },
  ArrayOfint: {
    kind: "complex",
    xml: { ns: ARRAYS, name: "ArrayOfint" },
    fields: [],
    array: { item: { name: "int", ns: ARRAYS, type: "xs:int", min: 0, max: "unbounded" } },
  },
  Scores: {
    kind: "complex",
    xml: { ns: ARRAYS, name: "ArrayOfKeyValueOfstringint" },
    fields: [],
    dictionary: {
      entry: { ns: ARRAYS, name: "KeyValueOfstringint" },
      key: { name: "Key", ns: ARRAYS, type: "xs:string", min: 1, max: 1 },
      value: { name: "Value", ns: ARRAYS, type: "xs:int", min: 1, max: 1 },
    },
  },
  /** `<xs:choice>` of `Email` or `Phone`, required. */
  Contact: {
    kind: "complex",
    xml: { ns: NS, name: "Contact" },
    fields: [
      { name: "Email", ns: NS, type: "xs:string", min: 0, max: 1 },
      { name: "Phone", ns: NS, type: "xs:string", min: 0, max: 1 },
    ],
    choices: [{ alternatives: [["Email"], ["Phone"]] }],
  },
  /** A repeated choice (`$items`) of `A` or `B`, then an `xs:any` wildcard, and `xs:anyAttribute`. */
  Open: {
    kind: "complex",
    xml: { ns: NS, name: "Open" },
    fields: [
      {
        name: "$items",
        ns: "",
        min: 0,
        max: "unbounded",
        particle: "group",
        type: {
          kind: "complex",
          fields: [
            { name: "A", ns: NS, type: "xs:int", min: 0, max: 1 },
            { name: "B", ns: NS, type: "xs:string", min: 0, max: 1 },
          ],
          choices: [{ alternatives: [["A"], ["B"]] }],
        },
      },
      { name: "$any", ns: "", type: "xs:anyType", min: 0, max: "unbounded", particle: "any" },
    ],
    anyAttribute: true,
  },
};

/** The unit-test metadata, with the given representation of the lossy-prone built-ins. */
export function unitMetadata(scalars: ScalarRepresentation = LOSSLESS): ServiceMetadata {
  return { format: METADATA_FORMAT, service: "Unit", scalars, types, ports: {} };
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  suppressEmptyNode: true,
  processEntities: true,
});

/** Prefixes as the codec's envelope assigns them: `xsi` fixed, the others `ns1`, `ns2`… in order of first use. */
export function newPrefixes(): PrefixMap {
  return new PrefixMap([[XSI_NS, "xsi"]]);
}

/** Encoded nodes as XML text (without the namespace declarations, which the envelope carries). */
export function xmlOf(nodes: OutNode[]): string {
  return builder.build(nodes) as string;
}
