/**
 * Bad input in schemas (rule 11): references to undeclared types, undeclared prefixes and other unresolvable
 * references reject with a GeneratorError whose message names the construct and the file:line:col where it is.
 */
import { describe, expect, it } from "vitest";
import { GeneratorError } from "../../generator/index.js";
import { generateFromText, wsdlWithSchema } from "../helpers.js";

/** Generates from `wsdl` and returns the GeneratorError it rejects with. */
async function rejection(wsdl: string): Promise<GeneratorError> {
  const error = await generateFromText(wsdl).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GeneratorError);
  return error as GeneratorError;
}

/** 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`${needle} not in text`);
  return index + 1;
}

describe("schema errors", () => {
  it("a member of an undeclared type names the QName and the referencing element's file:line", async () => {
    const wsdl = wsdlWithSchema(`
      <xs:complexType name="Holder">
        <xs:sequence>
          <xs:element name="Ok" type="xs:int" />
          <xs:element name="Broken" type="tns:Missing" />
        </xs:sequence>
      </xs:complexType>`);
    const error = await rejection(wsdl);
    const line = lineOf(wsdl, 'name="Broken"');
    expect(error.message).toContain("{urn:test}Missing");
    expect(error.message).toMatch(new RegExp(`Test\\.wsdl:${line}:\\d+: error type-missing: `));
    expect(error.message).toContain("xs:element Broken");
    expect(error.diagnostics).toHaveLength(1);
    expect(error.diagnostics[0]).toMatchObject({
      severity: "error",
      code: "type-missing",
      construct: "xs:element Broken",
      location: { line, column: 11 },
    });
    expect(error.diagnostics[0]!.location!.file).toMatch(/Test\.wsdl$/);
  });

  it("an undeclared prefix in type= names the prefixed value and the place", async () => {
    const wsdl = wsdlWithSchema(`
      <xs:complexType name="Holder">
        <xs:sequence>
          <xs:element name="Broken" type="zz:Foo" />
        </xs:sequence>
      </xs:complexType>`);
    const error = await rejection(wsdl);
    const line = lineOf(wsdl, 'type="zz:Foo"');
    expect(error.message).toContain('type="zz:Foo"');
    expect(error.message).toMatch(/prefix/);
    expect(error.message).toMatch(new RegExp(`Test\\.wsdl:${line}:\\d+: error schema-undeclared-prefix: `));
    expect(error.diagnostics[0]).toMatchObject({
      code: "schema-undeclared-prefix",
      construct: "xs:element Broken",
      location: { line },
    });
  });

  it("a WCF-style prefix declared on a sibling element does not leak to the next element", async () => {
    const wsdl = wsdlWithSchema(`
      <xs:complexType name="Known">
        <xs:sequence><xs:element name="A" type="xs:int" /></xs:sequence>
      </xs:complexType>
      <xs:complexType name="Holder">
        <xs:sequence>
          <xs:element name="First" type="q1:Known" xmlns:q1="urn:test" />
          <xs:element name="More" type="q1:Known" />
        </xs:sequence>
      </xs:complexType>`);
    const error = await rejection(wsdl);
    expect(error.diagnostics[0]).toMatchObject({
      code: "schema-undeclared-prefix",
      construct: "xs:element More",
      location: { line: lineOf(wsdl, 'name="More"') },
    });
  });

  it("an undeclared base type names the QName and the xs:extension", async () => {
    const wsdl = wsdlWithSchema(`
      <xs:complexType name="Derived">
        <xs:complexContent>
          <xs:extension base="tns:NoSuchBase">
            <xs:sequence><xs:element name="A" type="xs:int" /></xs:sequence>
          </xs:extension>
        </xs:complexContent>
      </xs:complexType>`);
    const error = await rejection(wsdl);
    expect(error.message).toContain("{urn:test}NoSuchBase");
    expect(error.diagnostics[0]).toMatchObject({
      code: "type-missing",
      location: { line: lineOf(wsdl, "<xs:extension") },
    });
  });

  it("an unknown xs: built-in is named", async () => {
    const wsdl = wsdlWithSchema(`
      <xs:complexType name="Holder">
        <xs:sequence>
          <xs:element name="Broken" type="xs:strng" />
        </xs:sequence>
      </xs:complexType>`);
    const error = await rejection(wsdl);
    expect(error.message).toContain("xs:strng");
    expect(error.diagnostics[0]).toMatchObject({
      code: "type-unknown-builtin",
      location: { line: lineOf(wsdl, 'type="xs:strng"') },
    });
  });

  it("a ref to an undeclared element names it", async () => {
    const wsdl = wsdlWithSchema(`
      <xs:complexType name="Holder">
        <xs:sequence>
          <xs:element ref="tns:Nowhere" />
        </xs:sequence>
      </xs:complexType>`);
    const error = await rejection(wsdl);
    expect(error.message).toContain("Nowhere");
    expect(error.diagnostics[0]).toMatchObject({
      code: "element-missing",
      location: { line: lineOf(wsdl, 'ref="tns:Nowhere"') },
    });
  });

  it("an undeclared list item type names the QName", async () => {
    const wsdl = wsdlWithSchema(`
      <xs:simpleType name="Flags">
        <xs:list itemType="tns:NoSuchEnum" />
      </xs:simpleType>`);
    const error = await rejection(wsdl);
    expect(error.message).toContain("{urn:test}NoSuchEnum");
    expect(error.diagnostics[0]).toMatchObject({ code: "type-missing", location: { line: lineOf(wsdl, "<xs:list") } });
  });

  it("a type used only by an unused element is still checked", async () => {
    const wsdl = wsdlWithSchema(`<xs:element name="Lonely" type="tns:Missing" />`);
    const error = await rejection(wsdl);
    expect(error.message).toContain("{urn:test}Missing");
    expect(error.diagnostics[0]).toMatchObject({ code: "type-missing", construct: "xs:element Lonely" });
  });

  it("invalid occurrence bounds are reported", async () => {
    const wsdl = wsdlWithSchema(`
      <xs:complexType name="Holder">
        <xs:sequence>
          <xs:element maxOccurs="many" name="Broken" type="xs:int" />
        </xs:sequence>
      </xs:complexType>`);
    const error = await rejection(wsdl);
    expect(error.diagnostics[0]).toMatchObject({
      code: "schema-occurs",
      construct: "xs:element Broken",
      location: { line: lineOf(wsdl, 'name="Broken"') },
    });
  });
});
