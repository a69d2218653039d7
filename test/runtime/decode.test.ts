/**
 * The value codec's decoding, one construct per row: the element `<v>` (in the unit namespace, with `xsi`, `xs`,
 * `a` (WCF arrays) and `x` declared) read as a value of a metadata type (metadata: value-metadata.ts), and the
 * texts it refuses with the message the user sees.
 */
import { describe, expect, it } from "vitest";
import { SoapCodecError } from "../../runtime/src/errors.js";
import type { TypeRefMeta } from "../../runtime/src/metadata.js";
import { XSD_NS, XSI_NS } from "../../runtime/src/namespaces.js";
import { withUnknownContent } from "../../runtime/src/unknown.js";
import { ValueCodec } from "../../runtime/src/values.js";
import { parseXmlTree } from "../../runtime/src/xml.js";
import { ARRAYS, NS, TYPED, unitMetadata } from "./value-metadata.js";

const lossless = new ValueCodec(unitMetadata());
const typed = new ValueCodec(unitMetadata(TYPED));

const DECLARATIONS = `xmlns="${NS}" xmlns:xsi="${XSI_NS}" xmlns:xs="${XSD_NS}" xmlns:a="${ARRAYS}" xmlns:x="urn:x"`;

/** `<v ${attributes}>${content}</v>` read as a value of type `ref`. */
function decode(ref: TypeRefMeta, content: string, attributes = "", codec = lossless): unknown {
  const node = parseXmlTree(`<v ${DECLARATIONS} ${attributes}>${content}</v>`);
  return codec.decodeElement(node, ref, "v");
}

/** The message of the SoapCodecError decoding throws. */
function refusal(ref: TypeRefMeta, content: string, codec = lossless): string {
  try {
    decode(ref, content, "", codec);
  } catch (e) {
    if (e instanceof SoapCodecError) return e.message;
    throw e;
  }
  throw new Error(`decoding ${JSON.stringify(content)} as ${String(ref)} did not fail`);
}

describe("decoding built-ins", () => {
  it.each<[string, TypeRefMeta, string, unknown]>([
    ["text exactly as written", "xs:string", " a &amp; b ", " a & b "],
    ["an empty element as empty text", "xs:string", "", ""],
    ["a number, spaces around it ignored", "xs:int", " 5 ", 5],
    ["1 as true", "xs:boolean", "1", true],
    ["false", "xs:boolean", "false", false],
    ["INF", "xs:double", "INF", Infinity],
    ["-INF", "xs:float", "-INF", -Infinity],
    ["NaN", "xs:double", "NaN", NaN],
    ["an integer kept as text", "xs:long", "007", "007"],
    ["a decimal kept as text", "xs:decimal", "1.50", "1.50"],
    ["a dateTime kept as text", "xs:dateTime", "2024-01-02T03:04:05+01:00", "2024-01-02T03:04:05+01:00"],
    ["binary kept as text", "xs:base64Binary", "AQID", "AQID"],
    ["anyType text", "xs:anyType", "plain", "plain"],
    [
      "anyType elements as an object, repeated ones as arrays",
      "xs:anyType",
      "<a>1</a><b>2</b><b>3</b>",
      { a: "1", b: ["2", "3"] },
    ],
  ])("%s", (_, ref, content, value) => {
    expect(decode(ref, content)).toStrictEqual(value);
  });

  it.each<[string, TypeRefMeta, string, unknown]>([
    ["an integer as bigint", "xs:long", "-007", -7n],
    ["a decimal as number", "xs:decimal", "1.50", 1.5],
    ["a dateTime as Date", "xs:dateTime", "2024-01-02T03:04:05Z", new Date(Date.UTC(2024, 0, 2, 3, 4, 5))],
    ["a date as Date", "xs:date", "2024-01-02", new Date(Date.UTC(2024, 0, 2))],
    ["base64 as bytes, whitespace ignored", "xs:base64Binary", "AQ\n ID", new Uint8Array([1, 2, 3])],
    ["hex as bytes", "xs:hexBinary", "00abFF", new Uint8Array([0, 171, 255])],
  ])("typed scalars: %s", (_, ref, content, value) => {
    expect(decode(ref, content, "", typed)).toStrictEqual(value);
  });

  it.each([
    ['xsi:nil="true"', 'xsi:nil="true"'],
    ['xsi:nil="1"', 'xsi:nil="1"'],
  ])("%s as null", (_, attribute) => {
    expect(decode("Item", "", attribute)).toBeNull();
  });

  it("an xsi:type naming a built-in inside anyType", () => {
    expect(decode("xs:anyType", "5", 'xsi:type="xs:int"')).toBe(5);
  });
});

describe("decoding simple types", () => {
  it.each<[string, TypeRefMeta, string, unknown]>([
    ["an enumeration value", "Color", "Red", "Red"],
    ["an enumeration value with spaces around it, trimmed", "Color", " Green ", "Green"],
    ["a value outside the enumeration, kept (a newer server's)", "Color", "Blue", "Blue"],
    ["a list", "Flags", " Red  Green ", ["Red", "Green"]],
    ["an empty list", "Flags", "", []],
    ["a union: the first member that reads the text back unchanged", "IntOrBool", "5", 5],
    ["a union: a later member", "IntOrBool", "true", true],
    ["a union no member reads, as text", "IntOrBool", "x", "x"],
    ["a textual union as its text", "IntOrCode", "5", "5"],
    ["a restriction by its base", "Count", "3", 3],
  ])("%s", (_, ref, content, value) => {
    expect(decode(ref, content)).toStrictEqual(value);
  });
});

describe("decoding complex types", () => {
  it.each<[string, TypeRefMeta, string, string, unknown]>([
    [
      "fields, attributes, nil; a repeated field is an array even with one item; absent stays absent",
      "Item",
      'version="2" xml:lang="en"',
      '<Id>1</Id><Name xsi:nil="true"/><Tag>a</Tag>',
      { version: 2, lang: "en", Id: 1, Name: null, Tag: ["a"] },
    ],
    [
      "unknown elements are kept as undeclared content, placed after the element they followed",
      "Item",
      "",
      "<Id>1</Id><Surprise>x</Surprise>",
      withUnknownContent({ Id: 1 }, { elements: [{ after: "Id", element: { name: "Surprise", ns: NS, text: "x" } }] }),
    ],
    ["a field with maxOccurs 2 is an array", "Item", "", "<Id>1</Id><Pair>x</Pair>", { Id: 1, Pair: ["x"] }],
    [
      "xsi:type naming a derived type: its fields, and $type",
      "Base",
      'xsi:type="Derived"',
      "<Id>1</Id><Extra>e</Extra>",
      { $type: "Derived", Id: 1, Extra: "e" },
    ],
    ["xsi:type naming a schema type inside anyType", "xs:anyType", 'xsi:type="Count"', "4", 4],
    ["simple content: $value", "Price", 'currency="EUR"', "9.99", { currency: "EUR", $value: "9.99" }],
    ["a WCF array: its items", "ArrayOfint", "", "<a:int>1</a:int><a:int>2</a:int>", [1, 2]],
    [
      "a WCF dictionary",
      "Scores",
      "",
      "<a:KeyValueOfstringint><a:Key>a</a:Key><a:Value>1</a:Value></a:KeyValueOfstringint>",
      { a: 1 },
    ],
    [
      "a repeated choice, wildcard elements and attributes",
      "Open",
      'x:flag="on" plain="p"',
      '<A>1</A><B>x</B><A>2</A><x:Extra k="v">t</x:Extra>',
      {
        $anyAttributes: { "{urn:x}flag": "on", plain: "p" },
        $items: [{ A: 1 }, { B: "x" }, { A: 2 }],
        $any: [{ name: "Extra", ns: "urn:x", attributes: { k: "v" }, text: "t" }],
      },
    ],
  ])("%s", (_, ref, attributes, content, value) => {
    expect(decode(ref, content, attributes)).toStrictEqual(value);
  });

  it("keeps a dictionary key such as __proto__ as an own member", () => {
    const entry = (key: string) =>
      `<a:KeyValueOfstringint><a:Key>${key}</a:Key><a:Value>1</a:Value></a:KeyValueOfstringint>`;
    const value = decode("Scores", entry("__proto__")) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
  });
});

describe("values decoding refuses", () => {
  it.each<[string, TypeRefMeta, string, string]>([
    ["a number that is not one", "xs:double", "x", 'v: "x" is not a number (xs:double)'],
    ["an empty number", "xs:double", "", 'v: "" is not a number (xs:double)'],
    ["a boolean that is not one", "xs:boolean", "yes", 'v: "yes" is not a boolean (xs:boolean)'],
    ["an integer with a fraction", "xs:long", "1.5", 'v: "1.5" is not an integer (xs:long)'],
    ["a decimal that is not one", "xs:decimal", "1e3", 'v: "1e3" is not a decimal (xs:decimal)'],
    ["a field's bad text, naming the field", "Item", "<Id>one</Id>", 'v.Id: "one" is not an integer (xs:int)'],
    ["a type the metadata does not have", "Nope", "", "type Nope is not in the metadata"],
  ])("%s", (_, ref, content, message) => {
    expect(refusal(ref, content)).toBe(message);
  });

  it("an xsi:type naming an unrelated type", () => {
    const node = parseXmlTree(`<v ${DECLARATIONS} xsi:type="Unrelated"><Id>1</Id></v>`);
    expect(() => lossless.decodeElement(node, "Base", "v")).toThrowError(
      new SoapCodecError(`v: xsi:type {${NS}}Unrelated is not Base or a type derived from it`),
    );
  });
});
