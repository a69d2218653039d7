/**
 * xsd/annotation.ts: documentation text and the WCF appinfo markers (`ActualType`, `EnumerationValue`,
 * `IsDictionary`) as read from an element's `xs:annotation`, and how documentation reaches the generated JSDoc.
 */
import { describe, expect, it } from "vitest";
import { parseXml, type XmlElement } from "../../generator/load/xml.js";
import { normalizeDoc, readAnnotation } from "../../generator/xsd/annotation.js";
import { generateFromText, tempDir, typecheck, writeFiles, wsdlWithSchema } from "../helpers.js";

const SERIALIZATION = "http://schemas.microsoft.com/2003/10/Serialization/";

/** Parses `<xs:… xmlns:xs>` text and returns its root element. */
function el(xml: string): XmlElement {
  return parseXml(xml.replace(/^<xs:(\w+)/, '<xs:$1 xmlns:xs="http://www.w3.org/2001/XMLSchema"'), "test.xsd");
}

describe("readAnnotation", () => {
  it("reads nothing from an element without xs:annotation", () => {
    expect(readAnnotation(el('<xs:element name="A" />'))).toEqual({});
  });

  it("reads ActualType as a QName", () => {
    const a = readAnnotation(
      el(`<xs:simpleType name="E"><xs:annotation><xs:appinfo>
            <ActualType Name="short" Namespace="http://www.w3.org/2001/XMLSchema" xmlns="${SERIALIZATION}" />
          </xs:appinfo></xs:annotation></xs:simpleType>`),
    );
    expect(a).toEqual({ actualType: { ns: "http://www.w3.org/2001/XMLSchema", local: "short" } });
  });

  it("reads EnumerationValue as trimmed text", () => {
    const a = readAnnotation(
      el(
        `<xs:enumeration value="Update"><xs:annotation><xs:appinfo>` +
          `<EnumerationValue xmlns="${SERIALIZATION}"> 16 </EnumerationValue></xs:appinfo></xs:annotation></xs:enumeration>`,
      ),
    );
    expect(a).toEqual({ enumerationValue: "16" });
  });

  it("reads IsDictionary true and false", () => {
    const dict = (text: string) =>
      el(
        `<xs:complexType name="D"><xs:annotation><xs:appinfo>` +
          `<IsDictionary xmlns="${SERIALIZATION}">${text}</IsDictionary></xs:appinfo></xs:annotation></xs:complexType>`,
      );
    expect(readAnnotation(dict("true"))).toEqual({ isDictionary: true });
    expect(readAnnotation(dict("false"))).toEqual({ isDictionary: false });
  });

  it("ignores markers in other namespaces", () => {
    const a = readAnnotation(
      el(
        `<xs:enumeration value="A"><xs:annotation><xs:appinfo>` +
          `<EnumerationValue xmlns="urn:other">3</EnumerationValue></xs:appinfo></xs:annotation></xs:enumeration>`,
      ),
    );
    expect(a).toEqual({});
  });

  it("joins documentation paragraphs and strips indentation", () => {
    const a = readAnnotation(
      el(`<xs:element name="A"><xs:annotation>
            <xs:documentation>
              First line.
              Second line.
            </xs:documentation>
            <xs:documentation>Second paragraph.</xs:documentation>
          </xs:annotation></xs:element>`),
    );
    expect(a.doc).toBe("First line.\nSecond line.\n\nSecond paragraph.");
  });

  // Regression (fixed): deepText (xsd/annotation.ts) used to concatenate an element's own text (all of its text nodes, already joined by
  // load/xml.ts) before its children's text, so markup inside documentation comes out of order:
  // "Has <b>bold</b> text." is read as "Has  text.bold".
  it("keeps the text of markup inside documentation in document order", () => {
    const a = readAnnotation(
      el(
        `<xs:element name="A"><xs:annotation><xs:documentation>Has <b xmlns="">bold</b> text.</xs:documentation></xs:annotation></xs:element>`,
      ),
    );
    expect(a.doc).toBe("Has bold text.");
  });
});

describe("normalizeDoc", () => {
  it("trims lines and surrounding blank lines; empty text is undefined", () => {
    expect(normalizeDoc("\r\n   a\r\n   b  \n\n")).toBe("a\nb");
    expect(normalizeDoc("  \n  ")).toBeUndefined();
  });
});

describe("documentation in generated code", () => {
  it("becomes JSDoc on types and members, with comment terminators escaped, and type-checks", async () => {
    const result = await generateFromText(
      wsdlWithSchema(`
      <xs:complexType name="Ticket">
        <xs:annotation><xs:documentation>A ticket. Ends a comment: */ and goes on.</xs:documentation></xs:annotation>
        <xs:sequence>
          <xs:element name="Id" type="xs:int">
            <xs:annotation><xs:documentation>The id; not */ the end.</xs:documentation></xs:annotation>
          </xs:element>
        </xs:sequence>
      </xs:complexType>
      <xs:simpleType name="Level">
        <xs:restriction base="xs:string">
          <xs:enumeration value="Low"><xs:annotation><xs:documentation>Low */ priority.</xs:documentation></xs:annotation></xs:enumeration>
        </xs:restriction>
      </xs:simpleType>`),
    );
    const types = result.file("types.ts");
    expect(types).toContain("/** A ticket. Ends a comment: *\\/ and goes on. */\nexport interface Ticket {");
    expect(types).toContain("  /** The id; not *\\/ the end. */\n  Id: number;");
    expect(types).toContain('  /** Low *\\/ priority. */\n  Low: "Low",');
    await typecheck(await writeFiles(await tempDir("annotation"), result.files), "NodeNext");
  });
});
