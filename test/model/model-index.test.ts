/**
 * model/model-index.ts and model/wrapper.ts, on models written by hand: lookups by QName, extension families,
 * union shape, anonymous-type discovery, subsets resolving against their whole models, and the fields of a wrapped
 * message (the wrapper rule itself: test/model/wrapper.test.ts).
 */
import { describe, expect, it } from "vitest";
import { MAX_TYPE_FAMILY, ModelIndex } from "../../generator/model/model-index.js";
import {
  MODEL_VERSION,
  type ComplexBody,
  type ComplexType,
  type ElementDecl,
  type Field,
  type Message,
  type Model,
  type SchemaType,
} from "../../generator/model/model.js";
import { qnameKey } from "../../generator/model/qname.js";
import { wrapperFields } from "../../generator/model/wrapper.js";

const NS = "urn:m";
const q = (local: string) => ({ ns: NS, local });
const at = { file: "m.xsd" };

const field = (name: string, type: Field["type"] = { kind: "builtin", name: "int" }, over: Partial<Field> = {}) =>
  ({ name, ns: NS, type, minOccurs: 1, maxOccurs: 1, nillable: false, ...over }) satisfies Field;
const body = (fields: Field[], over: Partial<ComplexBody> = {}): ComplexBody => ({
  kind: "complex",
  fields,
  attributes: [],
  ...over,
});
const complex = (local: string, fields: Field[] = [], over: Partial<ComplexBody> = {}): ComplexType => ({
  ...body(fields, over),
  name: q(local),
  location: at,
});
const extending = (local: string, base: string, over: Partial<ComplexBody> = {}) =>
  complex(local, [], { base: q(base), derivation: "extension", ...over });
const model = (types: SchemaType[], elements: ElementDecl[] = []): Model => ({
  modelVersion: MODEL_VERSION,
  documents: ["m.wsdl"],
  types,
  elements,
  services: [],
});
const keys = (names: { ns: string; local: string }[] | undefined) => names?.map((n) => n.local).sort();

describe("ModelIndex lookups", () => {
  const wrapper: ElementDecl = {
    name: q("Op"),
    type: { kind: "inline", type: body([field("a"), field("b")]) },
    nillable: false,
    location: at,
  };
  const bare: ElementDecl = {
    name: q("Bare"),
    type: { kind: "named", name: q("Point") },
    nillable: false,
    location: at,
  };
  const index = new ModelIndex(model([complex("Point", [field("X")])], [wrapper, bare]));

  it("finds types and elements by QName, and nothing under another namespace", () => {
    expect(index.type(q("Point"))?.name.local).toBe("Point");
    expect(index.type({ ns: "urn:other", local: "Point" })).toBeUndefined();
    expect(index.element(q("Op"))).toBe(wrapper);
    expect(index.element(q("Missing"))).toBeUndefined();
    expect(() => index.requiredElement(q("Missing"))).toThrow(/element \{urn:m\}Missing missing/);
  });

  it("unwraps a wrapped message into its wrapper element's fields (anonymous or named type); others are parts", () => {
    const message = (over: Partial<Message>): Message => ({
      message: q("M"),
      use: "literal",
      body: [],
      headers: [],
      ...over,
    });
    expect(wrapperFields(index, message({ wrapper: q("Op") }))?.map((f) => f.name)).toEqual(["a", "b"]);
    expect(wrapperFields(index, message({}))).toBeUndefined();
    // A wrapper element of a named type is unwrapped into that type's fields.
    expect(wrapperFields(index, message({ wrapper: q("Bare") }))?.map((f) => f.name)).toEqual(["X"]);
  });
});

describe("ModelIndex.extensionFamily", () => {
  const types = [
    complex("Shape"),
    extending("Circle", "Shape"),
    extending("BigCircle", "Circle"),
    extending("Ghost", "Shape", { abstract: true }),
    complex("Alone"),
    complex("Choosy", [field("x", undefined, { choice: true })], { choices: [{ alternatives: [], optional: false }] }),
    extending("MoreChoosy", "Choosy"),
  ];
  const index = new ModelIndex(model(types));

  it("lists a type and every type derived from it, transitively, leaving out abstract ones", () => {
    expect(keys(index.extensionFamily(q("Shape")))).toEqual(["BigCircle", "Circle", "Shape"]);
    expect(keys(index.extensionFamily(q("Circle")))).toEqual(["BigCircle", "Circle"]);
    expect(keys(index.extensionFamily(q("BigCircle")))).toEqual(["BigCircle"]);
    expect(index.extensionFamily(q("Ghost"))).toEqual([]);
    expect(index.extensionFamily(q("Alone"))).toBeUndefined();
  });

  it(`stops a family just past ${MAX_TYPE_FAMILY} members`, () => {
    const many = [complex("Root"), ...Array.from({ length: 300 }, (_, i) => extending(`D${i}`, "Root"))];
    expect(new ModelIndex(model(many)).extensionFamily(q("Root"))).toHaveLength(MAX_TYPE_FAMILY + 1);
  });

  it("knows a type is union-shaped when it or a base it extends has choices", () => {
    expect(index.isUnionShaped(q("Choosy"))).toBe(true);
    expect(index.isUnionShaped(q("MoreChoosy"))).toBe(true);
    expect(index.isUnionShaped(q("Circle"))).toBe(false);
  });

  it("resolves a subset's references and families against the whole models", () => {
    const whole = new ModelIndex(model(types));
    const subset = new ModelIndex(model([types[1]!]), [whole]);
    expect(subset.type(q("Shape"))?.name.local).toBe("Shape");
    expect(keys(subset.extensionFamily(q("Circle")))).toEqual(["BigCircle", "Circle"]);
  });
});

describe("ModelIndex.anonymousTypes", () => {
  const deep = body([field("Leaf")]);
  const inner = body([field("Deep", { kind: "inline", type: deep })]);
  const alternative = body([field("Alt")]);
  const repeatedChoice = body([field("Alt", { kind: "inline", type: alternative })]);
  const item = body([field("Name", { kind: "builtin", name: "string" })]);
  const types = [
    complex("Holder", [
      field("Inner", { kind: "inline", type: inner }),
      field("$AltOrB", { kind: "inline", type: repeatedChoice }, { particle: "group", maxOccurs: "unbounded" }),
    ]),
    complex("ArrayOfItem", [], {
      wcf: { shape: "array", item: field("Item", { kind: "inline", type: item }, { maxOccurs: "unbounded" }) },
    }),
  ];
  const sites = new ModelIndex(model(types)).anonymousTypes();

  it("finds anonymous complex types depth first, with the field names that lead to them", () => {
    expect(sites.map((s) => [qnameKey(s.owner), s.steps.join("/"), s.label])).toEqual([
      [`{${NS}}Holder`, "Inner", "Holder.Inner"],
      [`{${NS}}Holder`, "Inner/Deep", "Holder.Inner.Deep"],
      // A repeated choice's items are transparent: their anonymous types belong to the owner directly.
      [`{${NS}}Holder`, "Alt", "Holder.$AltOrB.Alt"],
      // A collection is declared as its items: their anonymous type is found through the array.
      [`{${NS}}ArrayOfItem`, "Item", "ArrayOfItem.Item"],
    ]);
    expect(sites[1]!.body).toBe(deep);
    expect(sites.some((s) => s.body === repeatedChoice)).toBe(false);
  });
});
