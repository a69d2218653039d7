/**
 * naming/type-names.ts: TypeScript names for named schema types. Unique local names are kept (made legal); a name
 * declared in several namespaces is tagged with a namespace-derived prefix on every one of them, independently of
 * the order the types were read in. TypeNames: the names of one model, its anonymous types (the types of global
 * elements included) and $type families.
 */
import { describe, expect, it } from "vitest";
import { ModelIndex } from "../../generator/model/model-index.js";
import {
  MODEL_VERSION,
  type ComplexBody,
  type ComplexType,
  type ElementDecl,
  type Field,
  type Model,
  type Operation,
} from "../../generator/model/model.js";
import { markWrappers } from "../../generator/model/wrapper.js";
import type { QName } from "../../generator/model/qname.js";
import { assignTypeNames, namespaceTag, TypeNames } from "../../generator/naming/type-names.js";
import { generateFromText, tempDir, typecheck, writeFiles } from "../helpers.js";

const ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";
const SERVICES = "http://www.superoffice.net/ws/crm/NetServer/Services88";

const q = (ns: string, local: string): QName => ({ ns, local });
const sorted = (m: Map<string, string>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));

describe("namespaceTag", () => {
  it("takes the last non-numeric path segment, PascalCased", () => {
    expect(namespaceTag(ARRAYS)).toBe("Arrays");
    expect(namespaceTag(SERVICES)).toBe("Services88");
    expect(namespaceTag("http://schemas.microsoft.com/2003/10/Serialization/")).toBe("Serialization");
    expect(namespaceTag("urn:test")).toBe("Test");
    expect(namespaceTag("http://tempuri.org/")).toBe("TempuriOrg");
    expect(namespaceTag("http://example.com/billing-api/")).toBe("BillingApi");
    expect(namespaceTag("urn:other:Billing")).toBe("Billing");
  });

  it("returns a legal identifier even for odd namespaces", () => {
    for (const ns of ["", "urn:1", "http://x/2003/10/", "urn:class"])
      expect(namespaceTag(ns)).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
  });
});

describe("assignTypeNames", () => {
  it("keeps unique local names (made legal)", () => {
    const names = assignTypeNames([
      q("urn:test", "Ticket"),
      q(ARRAYS, "ArrayOfint"),
      q("urn:test", "my-type"),
      q("urn:test", "Date"),
    ]);
    expect(sorted(names)).toEqual(
      sorted(
        new Map([
          ["{urn:test}Ticket", "Ticket"],
          [`{${ARRAYS}}ArrayOfint`, "ArrayOfint"],
          ["{urn:test}my-type", "my_type"],
          ["{urn:test}Date", "Date_"],
        ]),
      ),
    );
  });

  it("tags every type of a name declared in two namespaces, whatever the input order", () => {
    const a = q(ARRAYS, "ArrayOfint");
    const b = q(SERVICES, "ArrayOfint");
    const other = q(SERVICES, "Ticket");
    const forward = assignTypeNames([a, b, other]);
    const backward = assignTypeNames([other, b, a]);
    expect(forward.get(`{${ARRAYS}}ArrayOfint`)).toBe("Arrays_ArrayOfint");
    expect(forward.get(`{${SERVICES}}ArrayOfint`)).toBe("Services88_ArrayOfint");
    expect(forward.get(`{${SERVICES}}Ticket`)).toBe("Ticket");
    expect(sorted(backward)).toEqual(sorted(forward));
  });

  it("breaks ties between equal tags by namespace order, independently of input order", () => {
    const a = q("http://a.example/Common", "Item");
    const b = q("urn:b:Common", "Item");
    const forward = assignTypeNames([a, b]);
    const backward = assignTypeNames([b, a]);
    expect(sorted(forward)).toEqual(sorted(backward));
    expect(new Set(forward.values()).size).toBe(2);
    expect(forward.get("{http://a.example/Common}Item")).toBe("Common_Item");
    expect(forward.get("{urn:b:Common}Item")).toBe("Common_Item_");
  });

  it("gives distinct names to local names that only become equal when made legal", () => {
    const names = assignTypeNames([q("urn:test", "a-b"), q("urn:test", "a_b")]);
    expect(new Set(names.values()).size).toBe(2);
    expect(sorted(assignTypeNames([q("urn:test", "a_b"), q("urn:test", "a-b")]))).toEqual(sorted(names));
  });

  // Regression (fixed): a tagged name was not checked against the untagged names: `{urn:a}Item` becomes `A_Item`, which is also
  // the name kept by `{urn:c}A_Item`, so two schema types are declared under one TypeScript name.
  it("never gives two types the same name, even when a tagged name equals another type's own name", () => {
    const names = assignTypeNames([q("urn:a", "Item"), q("urn:b", "Item"), q("urn:c", "A_Item")]);
    expect(new Set(names.values()).size).toBe(3);
  });

  it("tags colliding types in generated code, and the result type-checks", async () => {
    const wsdl = `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="TestService" targetNamespace="urn:test" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
  xmlns:tns="urn:test" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <wsdl:types>
    <xs:schema elementFormDefault="qualified" targetNamespace="urn:test" xmlns:other="urn:other:Billing">
      <xs:import namespace="urn:other:Billing" />
      <xs:complexType name="Item">
        <xs:sequence>
          <xs:element name="Name" type="xs:string" />
          <xs:element name="Billing" type="other:Item" />
        </xs:sequence>
      </xs:complexType>
    </xs:schema>
    <xs:schema elementFormDefault="qualified" targetNamespace="urn:other:Billing">
      <xs:complexType name="Item">
        <xs:sequence>
          <xs:element name="Amount" type="xs:decimal" />
        </xs:sequence>
      </xs:complexType>
    </xs:schema>
  </wsdl:types>
</wsdl:definitions>
`;
    const result = await generateFromText(wsdl);
    const types = result.file("types.ts");
    expect(types).toContain("export interface Billing_Item {");
    expect(types).toContain("export interface Test_Item {\n  Name: string;\n  Billing: Billing_Item;\n}");
    expect(types).not.toMatch(/interface Item\b/);
    await typecheck(await writeFiles(await tempDir("type-names"), result.files), "NodeNext");
  });
});

describe("TypeNames", () => {
  const NS = "urn:n";
  const at = { file: "n.xsd" };
  const field = (name: string, type: Field["type"] = { kind: "builtin", name: "int" }): Field => ({
    name,
    ns: NS,
    type,
    minOccurs: 1,
    maxOccurs: 1,
    nillable: false,
  });
  const body = (fields: Field[], over: Partial<ComplexBody> = {}): ComplexBody => ({
    kind: "complex",
    fields,
    attributes: [],
    ...over,
  });
  const complex = (local: string, fields: Field[] = [], over: Partial<ComplexBody> = {}): ComplexType => ({
    ...body(fields, over),
    name: q(NS, local),
    location: at,
  });
  const model = (types: ComplexType[]): Model => ({
    modelVersion: MODEL_VERSION,
    documents: ["n.wsdl"],
    types,
    elements: [],
    services: [],
  });

  const deep = body([field("Leaf")]);
  const inner = body([field("Deep", { kind: "inline", type: deep })]);
  const clash = body([field("X")]);
  const types = [
    complex("Holder", [
      field("Inner", { kind: "inline", type: inner }),
      field("Part", { kind: "inline", type: clash }),
    ]),
    // A schema type already named like the anonymous type of Holder.Part.
    complex("Holder_Part"),
    complex("Shape"),
    complex("Square", [], { base: q(NS, "Shape"), derivation: "extension" }),
    complex("Circle", [], { base: q(NS, "Shape"), derivation: "extension" }),
    complex("Blob", [], { base: q(NS, "Shape"), derivation: "extension", abstract: true }),
  ];
  const names = new TypeNames(new ModelIndex(model(types)));

  it("names named types by their local names", () => {
    expect(names.tsName(q(NS, "Holder"))).toBe("Holder");
    expect(() => names.tsName(q(NS, "Nothing"))).toThrow(/no TypeScript name/);
  });

  it("names an anonymous type <Owner>_<Field>, nested ones after their enclosing anonymous type", () => {
    expect(names.anonymousName(inner)).toBe("Holder_Inner");
    expect(names.anonymousName(deep)).toBe("Holder_Inner_Deep");
    expect(names.anonymousDeclarations(q(NS, "Holder")).map((a) => [a.name, a.label])).toEqual([
      ["Holder_Inner", "Holder.Inner"],
      ["Holder_Inner_Deep", "Holder.Inner.Deep"],
      ["Holder_Part_", "Holder.Part"],
    ]);
  });

  it("appends _ to an anonymous type's name that a schema type has", () => {
    expect(names.anonymousName(clash)).toBe("Holder_Part_");
  });

  it("lists a type family's TypeScript names, sorted, without abstract types", () => {
    expect(names.typeFamily(q(NS, "Shape"))).toEqual(["Circle", "Shape", "Square"]);
    expect(names.typeFamily(q(NS, "Holder"))).toBeUndefined();
  });

  it("takes names and families from the whole models for a subset", () => {
    const subsetIndex = new ModelIndex(model([types[3]!]), [names.index]);
    const subset = new TypeNames(subsetIndex, new Map([[`{${NS}}Square`, "Square"]]), [names]);
    expect(subset.typeFamily(q(NS, "Square"))).toEqual(["Square"]);
    expect(subset.typeFamily(q(NS, "Shape"))).toEqual(["Circle", "Shape", "Square"]);
    expect(subset.anonymousName(inner)).toBe("Holder_Inner");
  });
});

describe("TypeNames: the anonymous types of global elements", () => {
  const A = "urn:a";
  const B = "urn:b";
  const at = { file: "e.xsd" };
  const field = (name: string, type: Field["type"] = { kind: "builtin", name: "int" }): Field => ({
    name,
    ns: A,
    type,
    minOccurs: 1,
    maxOccurs: 1,
    nillable: false,
  });
  const body = (fields: Field[]): ComplexBody => ({ kind: "complex", fields, attributes: [] });
  const element = (ns: string, local: string, type: ComplexBody): ElementDecl => ({
    name: q(ns, local),
    type: { kind: "inline", type },
    nillable: false,
    location: at,
  });
  const op = (name: string, input: string, output: string): Operation => ({
    name,
    style: "document",
    faults: [],
    input: { message: q(A, `${name}In`), use: "literal", body: [{ name: "p", element: q(A, input) }], headers: [] },
    output: { message: q(A, `${name}Out`), use: "literal", body: [{ name: "p", element: q(A, output) }], headers: [] },
  });
  const make = (elements: ElementDecl[], types: ComplexType[] = [], operations: Operation[] = []) => {
    const model: Model = {
      modelVersion: MODEL_VERSION,
      documents: ["e.wsdl"],
      types,
      elements,
      services: [
        {
          name: "S",
          ports: [{ name: "P", binding: q(A, "B"), portType: q(A, "T"), soapVersion: "1.1", operations }],
        },
      ],
    };
    markWrappers(new ModelIndex(model), model);
    return new TypeNames(new ModelIndex(model));
  };

  it("declares an element's anonymous type under the element's name, and the types inside it <Element>_<Field>", () => {
    const lines = body([field("Sku")]);
    const request = body([field("Lines", { kind: "inline", type: lines })]);
    const names = make([element(A, "ShipmentRequest", request)]);
    expect(names.anonymousName(request)).toBe("ShipmentRequest");
    expect(names.anonymousName(lines)).toBe("ShipmentRequest_Lines");
    expect(
      names.anonymousDeclarations(q(A, "ShipmentRequest"), "element").map((d) => [d.name, d.label, d.ofElement]),
    ).toEqual([
      ["ShipmentRequest", "ShipmentRequest", true],
      ["ShipmentRequest_Lines", "ShipmentRequest.Lines", false],
    ]);
    expect([...names.declaredNames()].sort()).toEqual(["ShipmentRequest", "ShipmentRequest_Lines"]);
  });

  it("tags elements of one name in several namespaces, and appends _ to a name a schema type has", () => {
    const inA = body([field("X")]);
    const inB = body([field("Y")]);
    const order = body([field("Z")]);
    const type: ComplexType = { ...body([]), name: q(A, "Order"), location: at };
    const names = make([element(A, "Item", inA), element(B, "Item", inB), element(B, "Order", order)], [type]);
    expect(names.anonymousName(inA)).toBe("A_Item");
    expect(names.anonymousName(inB)).toBe("B_Item");
    expect(names.anonymousName(order)).toBe("Order_");
    // The same names whatever order the elements come in.
    const reversed = make([element(B, "Order", order), element(B, "Item", inB), element(A, "Item", inA)], [type]);
    for (const b of [inA, inB, order]) expect(reversed.anonymousName(b)).toBe(names.anonymousName(b));
  });

  it("does not declare the wrapper elements of a wrapped operation, but names the anonymous types inside them", () => {
    const options = body([field("Express")]);
    const submit = body([field("Options", { kind: "inline", type: options })]);
    const response = body([field("Id")]);
    const bare = body([field("Text")]);
    const names = make(
      [element(A, "Submit", submit), element(A, "SubmitResponse", response), element(A, "Note", bare)],
      [],
      [op("Submit", "Submit", "SubmitResponse")],
    );
    expect(names.anonymousName(submit)).toBeUndefined();
    expect(names.anonymousName(response)).toBeUndefined();
    expect(names.anonymousName(options)).toBe("Submit_Options");
    // An element nothing refers to is declared all the same.
    expect(names.anonymousName(bare)).toBe("Note");
    // Not wrapped (the input element is not named like the operation): both are parameters' and results' types.
    const unwrapped = make(
      [element(A, "SubmitRequest", submit), element(A, "SubmitResponse", response)],
      [],
      [op("Submit", "SubmitRequest", "SubmitResponse")],
    );
    expect(unwrapped.anonymousName(submit)).toBe("SubmitRequest");
    expect(unwrapped.anonymousName(response)).toBe("SubmitResponse");
  });
});
