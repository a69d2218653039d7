/**
 * The value codec's encoding, one construct per row: a value of a metadata type as the element `<ns1:v>` that
 * carries it (metadata: value-metadata.ts), and the values it refuses with the message the user sees.
 */
import { describe, expect, it } from "vitest";
import { SoapCodecError } from "../../runtime/src/errors.js";
import type { ComplexTypeMeta, TypeRefMeta } from "../../runtime/src/metadata.js";
import { ValueCodec } from "../../runtime/src/values.js";
import { writeElements } from "../../runtime/src/xml-writer.js";
import { newPrefixes, NS, TYPED, unitMetadata, xmlOf } from "./value-metadata.js";

const lossless = new ValueCodec(unitMetadata());
const typed = new ValueCodec(unitMetadata(TYPED));

/** `value` of type `ref` as the XML text of `<ns1:v>`. */
function encode(ref: TypeRefMeta, value: unknown, codec = lossless): string {
  return xmlOf([codec.encodeElement(newPrefixes(), NS, "v", ref, value, "v")]);
}

/** The message of the SoapCodecError encoding throws (writing with the runtime's writer, which refuses text too). */
function refusal(ref: TypeRefMeta, value: unknown): string {
  try {
    writeElements([lossless.encodeElement(newPrefixes(), NS, "v", ref, value, "v")]);
  } catch (e) {
    if (e instanceof SoapCodecError) return e.message;
    throw e;
  }
  throw new Error(`encoding ${JSON.stringify(value)} as ${String(ref)} did not fail`);
}

describe("encoding built-ins", () => {
  it.each<[string, TypeRefMeta, unknown, string]>([
    ["text, escaped", "xs:string", "a<b&c", "<ns1:v>a&lt;b&amp;c</ns1:v>"],
    ["empty text as an empty element", "xs:string", "", "<ns1:v/>"],
    ["null as xsi:nil", "xs:string", null, '<ns1:v xsi:nil="true"/>'],
    ["a boolean", "xs:boolean", false, "<ns1:v>false</ns1:v>"],
    ["a number", "xs:int", -42, "<ns1:v>-42</ns1:v>"],
    ["infinity as INF", "xs:double", Infinity, "<ns1:v>INF</ns1:v>"],
    ["negative infinity as -INF", "xs:float", -Infinity, "<ns1:v>-INF</ns1:v>"],
    ["negative zero keeps its sign", "xs:double", -0, "<ns1:v>-0</ns1:v>"],
    ["NaN", "xs:double", NaN, "<ns1:v>NaN</ns1:v>"],
    ["an integer kept as text, as written", "xs:long", "007", "<ns1:v>007</ns1:v>"],
    ["a bigint", "xs:long", 1234567890123456789n, "<ns1:v>1234567890123456789</ns1:v>"],
    ["a large integral number without exponent", "xs:integer", 1e21, "<ns1:v>1000000000000000000000</ns1:v>"],
    ["a decimal kept as text", "xs:decimal", "1.50", "<ns1:v>1.50</ns1:v>"],
    ["a small decimal number without exponent", "xs:decimal", 1e-7, "<ns1:v>0.0000001</ns1:v>"],
    [
      "a dateTime text as written",
      "xs:dateTime",
      "2024-01-02T03:04:05+01:00",
      "<ns1:v>2024-01-02T03:04:05+01:00</ns1:v>",
    ],
    [
      "a Date as UTC dateTime",
      "xs:dateTime",
      new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      "<ns1:v>2024-01-02T03:04:05.000Z</ns1:v>",
    ],
    ["a Date as date", "xs:date", new Date(Date.UTC(2024, 0, 2)), "<ns1:v>2024-01-02</ns1:v>"],
    ["bytes as base64", "xs:base64Binary", new Uint8Array([1, 2, 3]), "<ns1:v>AQID</ns1:v>"],
    ["bytes as upper-case hex", "xs:hexBinary", new Uint8Array([0, 171, 255]), "<ns1:v>00ABFF</ns1:v>"],
    ["an anyType scalar as its text", "xs:anyType", 5, "<ns1:v>5</ns1:v>"],
    [
      "an anyType object as elements",
      "xs:anyType",
      { a: "1", b: ["2", "3"] },
      "<ns1:v><a>1</a><b>2</b><b>3</b></ns1:v>",
    ],
  ])("%s", (_, ref, value, xml) => {
    expect(encode(ref, value, typed)).toBe(xml);
  });
});

describe("encoding simple types", () => {
  it.each<[string, TypeRefMeta, unknown, string]>([
    ["an enumeration value", "Color", "Green", "<ns1:v>Green</ns1:v>"],
    ["a list, space-separated", "Flags", ["Red", "Green"], "<ns1:v>Red Green</ns1:v>"],
    ["an empty list as an empty element", "Flags", [], "<ns1:v/>"],
    ["a union: the first member that writes the value", "IntOrBool", true, "<ns1:v>true</ns1:v>"],
    ["a union of numbers and booleans, a number", "IntOrBool", 5, "<ns1:v>5</ns1:v>"],
    ["a textual union as its text", "IntOrCode", "abc", "<ns1:v>abc</ns1:v>"],
    ["a restriction by its base", "Count", 3, "<ns1:v>3</ns1:v>"],
  ])("%s", (_, ref, value, xml) => {
    expect(encode(ref, value)).toBe(xml);
  });
});

describe("encoding complex types", () => {
  it.each<[string, TypeRefMeta, unknown, string]>([
    [
      "fields in schema order, attributes, nil and repeated elements",
      "Item",
      { Tag: ["a", "b"], Name: null, Id: 1, version: 2, lang: "en" },
      '<ns1:v version="2" xml:lang="en"><ns1:Id>1</ns1:Id><ns1:Name xsi:nil="true"/><ns1:Tag>a</ns1:Tag><ns1:Tag>b</ns1:Tag></ns1:v>',
    ],
    [
      "absent optional members write nothing; an empty repeated field neither",
      "Item",
      { Id: 1, Tag: [] },
      "<ns1:v><ns1:Id>1</ns1:Id></ns1:v>",
    ],
    [
      "a field with maxOccurs 2 is repeated",
      "Item",
      { Id: 1, Pair: ["x", "y"] },
      "<ns1:v><ns1:Id>1</ns1:Id><ns1:Pair>x</ns1:Pair><ns1:Pair>y</ns1:Pair></ns1:v>",
    ],
    [
      "a derived value says so with xsi:type, with the base's fields first",
      "Base",
      { $type: "Derived", Extra: "e", Id: 1 },
      '<ns1:v xsi:type="ns1:Derived"><ns1:Id>1</ns1:Id><ns1:Extra>e</ns1:Extra></ns1:v>',
    ],
    [
      "an abstract type's value by its derived type",
      "Shape",
      { $type: "Circle", Radius: 2 },
      '<ns1:v xsi:type="ns1:Circle"><ns1:Radius>2</ns1:Radius></ns1:v>',
    ],
    [
      "simple content: $value as text",
      "Price",
      { $value: "9.99", currency: "EUR" },
      '<ns1:v currency="EUR">9.99</ns1:v>',
    ],
    [
      "a WCF array: its items in the wrapper",
      "ArrayOfint",
      [1, 2],
      "<ns1:v><ns2:int>1</ns2:int><ns2:int>2</ns2:int></ns1:v>",
    ],
    [
      "a WCF dictionary: key/value entries",
      "Scores",
      { a: 1 },
      "<ns1:v><ns2:KeyValueOfstringint><ns2:Key>a</ns2:Key><ns2:Value>1</ns2:Value></ns2:KeyValueOfstringint></ns1:v>",
    ],
    ["one alternative of a choice", "Contact", { Phone: "1" }, "<ns1:v><ns1:Phone>1</ns1:Phone></ns1:v>"],
    [
      "a repeated choice, wildcard elements and attributes",
      "Open",
      {
        $items: [{ A: 1 }, { B: "x" }, { A: 2 }],
        $any: [{ name: "Extra", ns: "urn:x", attributes: { k: "v" }, text: "t" }],
        $anyAttributes: { "{urn:x}flag": "on", plain: "p" },
      },
      '<ns1:v ns2:flag="on" plain="p"><ns1:A>1</ns1:A><ns1:B>x</ns1:B><ns1:A>2</ns1:A><ns2:Extra k="v">t</ns2:Extra></ns1:v>',
    ],
  ])("%s", (_, ref, value, xml) => {
    expect(encode(ref, value)).toBe(xml);
  });

  it("writes nothing for an absent optional field, and refuses an absent required one", () => {
    const [id, name] = (unitMetadata().types.Item as ComplexTypeMeta).fields;
    expect(lossless.encodeField(newPrefixes(), name!, undefined, "v")).toEqual([]);
    expect(() => lossless.encodeField(newPrefixes(), id!, undefined, "v")).toThrow("v.Id is required");
  });
});

describe("values encoding refuses", () => {
  it.each<[string, TypeRefMeta, unknown, string | RegExp]>([
    ["a missing required field", "Item", {}, "v.Id is required"],
    ["a repeated field that is not an array", "Item", { Id: 1, Tag: "a" }, "v.Tag must be an array"],
    ["a missing required attribute", "Price", { $value: "1" }, "v@currency is required"],
    ["a number for a string", "xs:string", 1, "v: expected a string for xs:string, got 1"],
    ["a string for a number", "xs:int", "1", "v: expected a number for xs:int, got 1"],
    ["a fraction for an integer", "xs:long", 1.5, "v: expected an integer for xs:long, got 1.5"],
    ["an integer text that is not one", "xs:long", "1e3", "expected an integer"],
    ["an invalid Date", "xs:dateTime", new Date(NaN), "expected a date-time"],
    ["a character XML cannot carry", "xs:string", "a\u0001", "ns1:v: U+0001 at index 1 cannot be written in XML 1.0"],
    ["a value outside the enumeration", "Color", "Blue", 'v: "Blue" is not one of Red, Green'],
    ["a list that is not an array", "Flags", "Red", "v must be an array (an xs:list)"],
    ["a value no union member writes", "IntOrBool", "x", 'v: "x" fits no member type of the union'],
    ["an array value that is not an array", "ArrayOfint", 1, "v must be an array"],
    ["a dictionary that is not an object", "Scores", [], "v must be an object (a dictionary)"],
    ["$type of a type not derived from the field's", "Base", { $type: "Unrelated" }, /is not a type derived from Base/],
    ["an abstract type without $type", "Shape", {}, "v: Shape is abstract; set $type to the derived type of the value"],
    ["both alternatives of a choice", "Contact", { Email: "e", Phone: "1" }, "Email and Phone are alternatives"],
    ["no alternative of a required choice", "Contact", {}, "v: one of Email, Phone is required (xs:choice)"],
    ["a wildcard element without a name", "Open", { $any: [{ ns: "" }] }, "v.$any[0] must be an AnyElement"],
    ["an attribute name that is no XML name", "Open", { $anyAttributes: { "a b": "x" } }, "is not an attribute name"],
    ["an anyType member name that is no XML name", "xs:anyType", { "<x>": "1" }, "is not an XML name"],
    ["a type the metadata does not have", "Nope", 1, "type Nope is not in the metadata"],
  ])("%s", (_, ref, value, message) => {
    const text = refusal(ref, value);
    if (typeof message === "string") expect(text).toContain(message);
    else expect(text).toMatch(message);
  });
});
