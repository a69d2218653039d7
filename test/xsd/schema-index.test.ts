/** The schema index's own behaviour: chameleon copies and the explanations for a reference that misses. */
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../generator/diagnostics.js";
import { parseXml } from "../../generator/load/xml.js";
import { SchemaIndex, withChameleons } from "../../generator/xsd/schema-index.js";

const XS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema"';

function index(...schemas: string[]): { index: SchemaIndex; sink: DiagnosticSink } {
  const sink = new DiagnosticSink();
  return {
    index: new SchemaIndex(
      schemas.map((s, i) => parseXml(s, `s${i}.xsd`)),
      sink,
    ),
    sink,
  };
}

describe("SchemaIndex.explainMissing", () => {
  it("points at a declaration of another kind (an element used as a type)", () => {
    const { index: ix } = index(
      `<xs:schema targetNamespace="urn:a" ${XS}>\n<xs:element name="Order" type="xs:string"/></xs:schema>`,
    );
    expect(ix.explainMissing(["complexType", "simpleType"], { ns: "urn:a", local: "Order" })).toBe(
      "{urn:a}Order is declared as an xs:element at s0.xsd:2:1, not as xs:complexType or xs:simpleType",
    );
  });

  it("explains a reference without namespace and where the name does exist", () => {
    const { index: ix } = index(
      `<xs:schema targetNamespace="urn:a" ${XS}>\n<xs:complexType name="LineItem"/></xs:schema>`,
    );
    const hint = ix.explainMissing(["complexType", "simpleType"], { ns: "", local: "LineItem" });
    expect(hint).toContain("the reference has no namespace");
    expect(hint).toContain('the name is declared in namespace "urn:a" at s0.xsd:2:1');
  });

  it("names a namespace no loaded schema declares, a case slip and a misspelt construct", () => {
    const { index: ix, sink } = index(
      `<xs:schema targetNamespace="urn:a" ${XS}>\n<xs:simpletype name="Code"/>\n<xs:complexType name="Item"/></xs:schema>`,
    );
    expect(ix.explainMissing(["complexType"], { ns: "urn:none", local: "X" })).toContain(
      "no loaded schema has targetNamespace urn:none",
    );
    expect(ix.explainMissing(["complexType"], { ns: "urn:a", local: "item" })).toContain(
      "names are case-sensitive: Item at s0.xsd:3:1",
    );
    expect(ix.explainMissing(["simpleType"], { ns: "urn:a", local: "Code" })).toBe(
      "xs:simpletype at s0.xsd:2:1 is not an XML Schema construct (names are case-sensitive: xs:simpleType)",
    );
    expect(sink.warnings).toMatchObject([{ code: "schema-unknown-construct", location: { line: 2 } }]);
    expect(ix.explainMissing(["complexType"], { ns: "urn:a", local: "Nothing" })).toBeUndefined();
  });
});

describe("withChameleons", () => {
  it("leaves schemas that were not included untouched", () => {
    const a = parseXml(`<xs:schema ${XS}/>`, "a.xsd");
    const b = parseXml(`<xs:schema targetNamespace="urn:b" ${XS}/>`, "b.xsd");
    expect(withChameleons([a, b])).toEqual([a, b]);
  });
});
