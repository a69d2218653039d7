/**
 * Encoding plain data only (issue 15 item 14): a value's own enumerable properties are its members — inherited and
 * non-enumerable ones are never sent — and a dictionary may be given as a `Map` (its entries, in insertion order).
 */
import { describe, expect, it } from "vitest";
import { SoapCodecError } from "../../runtime/src/errors.js";
import type { TypeRefMeta } from "../../runtime/src/metadata.js";
import { ValueCodec } from "../../runtime/src/values.js";
import { newPrefixes, NS, unitMetadata, xmlOf } from "./value-metadata.js";

const codec = new ValueCodec(unitMetadata());
const encode = (ref: TypeRefMeta, value: unknown) =>
  xmlOf([codec.encodeElement(newPrefixes(), NS, "v", ref, value, "v")]);

describe("only own enumerable properties are members", () => {
  it("an inherited member is not sent (and a required one inherited is missing)", () => {
    const inherited = Object.assign(Object.create({ Name: "from the prototype", Tag: ["x"] }), { Id: 1 });
    expect(encode("Item", inherited)).toBe("<ns1:v><ns1:Id>1</ns1:Id></ns1:v>");
    expect(() => encode("Item", Object.create({ Id: 1 }))).toThrowError(new SoapCodecError("v.Id is required"));
  });

  it("an inherited attribute, $type, $value or $any is not sent", () => {
    const price = Object.assign(Object.create({ currency: "EUR" }), { $value: "1" });
    expect(() => encode("Price", price)).toThrowError(new SoapCodecError("v@currency is required"));
    expect(encode("Base", Object.assign(Object.create({ $type: "Derived" }), { Id: 1 }))).toBe(
      "<ns1:v><ns1:Id>1</ns1:Id></ns1:v>",
    );
    expect(encode("Open", Object.create({ $any: [{ name: "X", ns: "" }], $anyAttributes: { a: "1" } }))).toBe(
      "<ns1:v/>",
    );
  });

  it("a non-enumerable own member is not sent; an enumerable getter is", () => {
    const value = { Id: 1 };
    Object.defineProperty(value, "Name", { value: "hidden", enumerable: false });
    Object.defineProperty(value, "Tag", { get: () => ["got"], enumerable: true });
    expect(encode("Item", value)).toBe("<ns1:v><ns1:Id>1</ns1:Id><ns1:Tag>got</ns1:Tag></ns1:v>");
  });

  it("a dictionary's inherited entries are not sent", () => {
    const scores = Object.assign(Object.create({ inherited: 1 }), { own: 2 });
    expect(encode("Scores", scores)).toBe(
      "<ns1:v><ns2:KeyValueOfstringint><ns2:Key>own</ns2:Key><ns2:Value>2</ns2:Value></ns2:KeyValueOfstringint></ns1:v>",
    );
  });
});

describe("a Map where a dictionary is expected", () => {
  it("is encoded as its entries, in insertion order", () => {
    const scores = new Map<string, number>([
      ["b", 2],
      ["__proto__", 1],
      ["10", 3],
    ]);
    const entry = (k: string, v: number) =>
      `<ns2:KeyValueOfstringint><ns2:Key>${k}</ns2:Key><ns2:Value>${v}</ns2:Value></ns2:KeyValueOfstringint>`;
    expect(encode("Scores", scores)).toBe(`<ns1:v>${entry("b", 2)}${entry("__proto__", 1)}${entry("10", 3)}</ns1:v>`);
  });

  it("refuses a key or value its types do not allow, naming the entry", () => {
    expect(() => encode("Scores", new Map([[1, 1]]))).toThrowError(
      new SoapCodecError("v[key].Key: expected a string for xs:string, got 1"),
    );
    expect(() => encode("Scores", new Map([["a", "x"]]))).toThrowError(
      new SoapCodecError('v["a"].Value: expected a number for xs:int, got x'),
    );
  });

  it("is refused where an object of members is expected", () => {
    expect(() => encode("Item", new Map([["Id", 1]]))).toThrowError(
      new SoapCodecError("v must be an object of members, not a Map"),
    );
  });
});
