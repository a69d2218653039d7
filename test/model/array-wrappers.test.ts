/**
 * model/array-wrappers.ts: which named complex types are array wrappers (one repeated element and nothing else),
 * and `recogniseArrayWrappers` giving them WCF's collection shape unless asked to keep them.
 */
import { describe, expect, it } from "vitest";
import { isArrayWrapper, recogniseArrayWrappers } from "../../generator/model/array-wrappers.js";
import { MODEL_VERSION, type ComplexType, type Field, type Model } from "../../generator/model/model.js";

const NS = "urn:a";
const item = (over: Partial<Field> = {}): Field => ({
  name: "string",
  ns: NS,
  type: { kind: "builtin", name: "string" },
  minOccurs: 0,
  maxOccurs: "unbounded",
  nillable: true,
  ...over,
});
const type = (local: string, over: Partial<ComplexType> = {}): ComplexType => ({
  kind: "complex",
  name: { ns: NS, local },
  fields: [item()],
  attributes: [],
  location: { file: "a.xsd" },
  ...over,
});
const model = (types: ComplexType[]): Model => ({
  modelVersion: MODEL_VERSION,
  documents: [],
  types,
  elements: [],
  services: [],
});

describe("isArrayWrapper", () => {
  it("is one element repeated more than once, and nothing else", () => {
    expect(isArrayWrapper(type("stringArray"))).toBe(true);
    expect(isArrayWrapper(type("Pair", { fields: [item({ maxOccurs: 2 })] }))).toBe(true);
  });

  it.each<[string, Partial<ComplexType>]>([
    ["an element that occurs once", { fields: [item({ maxOccurs: 1 })] }],
    ["two elements", { fields: [item(), item({ name: "other" })] }],
    ["no element", { fields: [] }],
    [
      "an attribute",
      { attributes: [{ name: "total", ns: "", type: { kind: "builtin", name: "int" }, required: false }] },
    ],
    ["an attribute wildcard", { anyAttribute: true }],
    ["an element wildcard", { fields: [item({ name: "$any", particle: "any" })], anyElement: true }],
    ["a repeated choice", { fields: [item({ name: "$AOrB", particle: "group" })] }],
    ["a base", { base: { ns: NS, local: "Base" }, derivation: "extension" }],
    ["abstract", { abstract: true }],
    ["mixed content", { mixed: true }],
    ["a collection shape already", { wcf: { shape: "array", item: item() } }],
  ])("is not a type with %s", (_what, over) => {
    expect(isArrayWrapper(type("T", over))).toBe(false);
  });
});

describe("recogniseArrayWrappers", () => {
  it("gives array wrappers the array shape, except a type another one derives from", () => {
    const array = type("stringArray");
    const base = type("Batch");
    const derived = type("SignedBatch", { fields: [], base: { ns: NS, local: "Batch" }, derivation: "extension" });
    recogniseArrayWrappers(model([array, base, derived]));
    expect(array.wcf).toEqual({ shape: "array", item: array.fields[0] });
    expect(base.wcf).toBeUndefined();
    expect(derived.wcf).toBeUndefined();
  });

  it("leaves them objects with keep", () => {
    const array = type("stringArray");
    recogniseArrayWrappers(model([array]), "keep");
    expect(array.wcf).toBeUndefined();
  });
});
