/**
 * Simple-type values as the decoder reads them (issue 13): the decoder reads an element of a simple type with a
 * fast reader made once per type (an enumeration value as written, a list of items, a restriction of a built-in),
 * which builds no element path; any other text goes to simpleValue with the path. Whatever the text, the decoded
 * value, or the error and its message, must be simpleValue's. And a complex type's objects, which the decoder makes
 * with a maker per type (for V8 to size them), are plain objects all the same.
 */
import { inspect, isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  METADATA_FORMAT,
  type ScalarRepresentation,
  type ServiceMetadata,
  type SimpleTypeMeta,
} from "../../runtime/src/metadata.js";
import { ValueCodec } from "../../runtime/src/values.js";
import { parseXmlTree } from "../../runtime/src/xml.js";
import { LOSSLESS, TYPED } from "./value-metadata.js";

const TYPES: Record<string, SimpleTypeMeta> = {
  Color: { kind: "simple", variety: "enumeration", base: "xs:string", values: ["Red", "Green", " Blue"] },
  Colors: { kind: "simple", variety: "list", item: "Color" },
  Ints: { kind: "simple", variety: "list", item: "xs:int" },
  Dates: { kind: "simple", variety: "list", item: "xs:dateTime" },
  Flags: { kind: "simple", variety: "list", item: "xs:boolean" },
  Count: { kind: "simple", variety: "atomic", base: "xs:int" },
  CountOfCount: { kind: "simple", variety: "atomic", base: "Count" },
  Long: { kind: "simple", variety: "atomic", base: "xs:long" },
  Decimal: { kind: "simple", variety: "atomic", base: "xs:decimal" },
  When: { kind: "simple", variety: "atomic", base: "xs:dateTime" },
  Code: { kind: "simple", variety: "atomic", base: "xs:string" },
  NoBase: { kind: "simple", variety: "atomic" },
  NoValues: { kind: "simple", variety: "enumeration", base: "xs:string" },
  IntOrColor: { kind: "simple", variety: "union", members: ["xs:int", "Color"] },
  ColorsOfColors: { kind: "simple", variety: "list", item: "Colors" },
};

const codecOf = (scalars: ScalarRepresentation) =>
  new ValueCodec({ format: METADATA_FORMAT, service: "Simple", scalars, types: TYPES, ports: {} } as ServiceMetadata);

/** What `read` gives: its value, or its error's class and message. */
function outcome(read: () => unknown): unknown {
  try {
    return { value: read() };
  } catch (e) {
    return { error: (e as Error).name, message: (e as Error).message };
  }
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\r/g, "&#13;");

/** Texts made of the tokens the types read, and near misses: spaces around, signs, out of range, other words. */
const TOKENS = [
  "Red",
  "Green",
  " Blue",
  "Blue",
  "red",
  "Other",
  "0",
  "5",
  "-7",
  "+5",
  "007",
  "2147483648",
  "1.5",
  "true",
  "false",
  "1",
  "2024-02-29T12:30:00",
  "2024-02-29T12:30:00Z",
  "2023-02-29T12:30:00",
  "24:00:00",
  "",
];
const text = fc
  .array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom("", " ", "  ", "\t", "\n", " \n ")), { maxLength: 4 })
  .map((parts) => parts.map(([token, space]) => token + space).join(""));

describe("simple-type elements: the decoder's value is simpleValue's", () => {
  for (const [label, scalars] of [
    ["lossless", LOSSLESS],
    ["typed", TYPED],
  ] as const) {
    it(`the same value or error for any text (${label} scalars)`, () => {
      const codec = codecOf(scalars);
      // The same codec throughout: the plans (and their readers) made once serve every text after.
      fc.assert(
        fc.property(fc.constantFrom(...Object.keys(TYPES)), text, (name, t) => {
          const node = parseXmlTree(`<v>${escape(t)}</v>`);
          const decoded = outcome(() => codec.decodeElement(node, name, "Order.v"));
          expect(decoded).toEqual(outcome(() => codec.simpleValue(TYPES[name]!, node.text, "Order.v")));
        }),
        { numRuns: 3000 },
      );
    });
  }

  it("reads the common forms as simpleValue does, and names the item in an error", () => {
    const codec = codecOf(LOSSLESS);
    const decode = (name: string, t: string) => codec.decodeElement(parseXmlTree(`<v>${t}</v>`), name, "Order.v");
    expect(decode("Color", "Red")).toBe("Red");
    expect(decode("Color", " Red ")).toBe("Red");
    expect(decode("Color", "Other")).toBe("Other");
    expect(decode("Colors", " Red  Green\nOther ")).toEqual(["Red", "Green", "Other"]);
    expect(decode("Ints", "1 -2 3")).toEqual([1, -2, 3]);
    expect(decode("CountOfCount", "42")).toBe(42);
    expect(() => decode("Ints", "1 x 3")).toThrow(/^Order\.v\[1\]: /);
    expect(() => decode("Count", "x")).toThrow(/^Order\.v: /);
  });
});

describe("complex-type objects: plain objects, whatever makes them", () => {
  it("have Object.prototype, no constructor of their own, and equal object literals strictly", () => {
    const metadata = {
      format: METADATA_FORMAT,
      service: "Simple",
      scalars: LOSSLESS,
      types: {
        ...TYPES,
        Order: {
          kind: "complex",
          xml: { ns: "", name: "Order" },
          fields: [
            { name: "Id", ns: "", type: "xs:int", min: 0, max: 1 },
            { name: "constructor", ns: "", type: "xs:string", min: 0, max: 1 },
            { name: "Colors", ns: "", type: "Colors", min: 0, max: 1 },
          ],
        },
      },
      ports: {},
    } as ServiceMetadata;
    const codec = new ValueCodec(metadata);
    const decode = (xml: string) => codec.decodeElement(parseXmlTree(xml), "Order", "Order") as object;
    for (let i = 0; i < 20; i++) {
      const order = decode(`<o><Id>${i}</Id><Colors>Red</Colors></o>`);
      expect(Object.getPrototypeOf(order)).toBe(Object.prototype);
      expect(order.constructor).toBe(Object);
      expect(isDeepStrictEqual(order, { Id: i, Colors: ["Red"] })).toBe(true);
      expect(order).toStrictEqual({ Id: i, Colors: ["Red"] });
      expect(inspect(order)).toBe(`{ Id: ${i}, Colors: [ 'Red' ] }`);
    }
    const named = decode(`<o><constructor>x</constructor></o>`);
    expect(Object.keys(named)).toEqual(["constructor"]);
    expect(isDeepStrictEqual(named, { constructor: "x" })).toBe(true);
  });
});
