/**
 * The decoder builds the path of an element (`Put.Order.Lines[1]`) only when a message needs it, from segments it
 * keeps while it walks (issue 13): every form a path takes — a member, a repeated member's index, an array item, a
 * dictionary entry, an item of a repeated choice, an attribute, a simple content's `$value` — must read exactly as
 * it did when the decoder built the path string for every element. And the fast readers of the common built-ins
 * (lexical.ts fastReader) must give exactly what builtinValue gives, or leave the text to it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SoapCodecError } from "../../runtime/src/errors.js";
import { builtinValue, fastReader, NOT_PLAIN } from "../../runtime/src/lexical.js";
import type { ScalarRepresentation, TypeRefMeta } from "../../runtime/src/metadata.js";
import { XSD_NS, XSI_NS } from "../../runtime/src/namespaces.js";
import { ValueCodec } from "../../runtime/src/values.js";
import { parseXmlTree } from "../../runtime/src/xml.js";
import { ARRAYS, LOSSLESS, NS, TYPED, unitMetadata } from "./value-metadata.js";

const codec = new ValueCodec(unitMetadata());
const DECLARATIONS = `xmlns="${NS}" xmlns:xsi="${XSI_NS}" xmlns:xs="${XSD_NS}" xmlns:a="${ARRAYS}" xmlns:x="urn:x"`;

/** The message of the SoapCodecError that decoding `<v>content</v>` as `ref` throws. */
function refusal(ref: TypeRefMeta, content: string, options: { strict?: boolean; attributes?: string } = {}): string {
  const node = parseXmlTree(`<v ${DECLARATIONS} ${options.attributes ?? ""}>${content}</v>`);
  try {
    codec.decodeElement(node, ref, "v", { strict: !!options.strict });
  } catch (e) {
    if (e instanceof SoapCodecError) return e.message;
    throw e;
  }
  throw new Error(`decoding ${JSON.stringify(content)} as ${String(ref)} did not fail`);
}

describe("the paths in the decoder's messages", () => {
  it.each<[string, TypeRefMeta, string, string, { strict?: boolean; attributes?: string }?]>([
    ["a member", "Item", `<Id>x</Id>`, 'v.Id: "x" is not an integer (xs:int)'],
    [
      "a member given twice",
      "Item",
      `<Id>1</Id><Id>2</Id>`,
      "v.Id: the element is given more than once (it is single-valued)",
    ],
    [
      "a repeated member's index",
      "Item",
      `<Id>1</Id><Tag>a</Tag><Tag>b</Tag><Tag xsi:nil="true"/>`,
      'v.Tag[2]: xsi:nil="true" on an element that is not nillable',
    ],
    ["maxOccurs", "Item", `<Pair>a</Pair><Pair>b</Pair><Pair>c</Pair>`, "v.Pair: more than 2 elements (maxOccurs)"],
    ["an attribute", "Item", `<Id>1</Id>`, 'v@version: "x" is not an integer (xs:int)', { attributes: `version="x"` }],
    [
      "a simple content's value",
      "Price",
      `abc`,
      'v.$value: "abc" is not a decimal (xs:decimal)',
      { attributes: `currency="EUR"` },
    ],
    ["an array item", "ArrayOfint", `<a:int>1</a:int><a:int>x</a:int>`, 'v[1]: "x" is not an integer (xs:int)'],
    [
      "a dictionary entry's member",
      "Scores",
      `<a:KeyValueOfstringint><a:Key>a</a:Key><a:Value>1</a:Value></a:KeyValueOfstringint>` +
        `<a:KeyValueOfstringint><a:Key>b</a:Key><a:Value>x</a:Value></a:KeyValueOfstringint>`,
      'v[1].Value: "x" is not an integer (xs:int)',
    ],
    [
      "a dictionary's key given twice",
      "Scores",
      `<a:KeyValueOfstringint><a:Key>k</a:Key><a:Value>1</a:Value></a:KeyValueOfstringint>` +
        `<a:KeyValueOfstringint><a:Key>k</a:Key><a:Value>2</a:Value></a:KeyValueOfstringint>`,
      'v: the key "k" is given more than once',
    ],
    [
      "an item of a repeated choice",
      "Open",
      `<A>1</A><B>b</B><A>zz</A>`,
      'v.$items[2].A: "zz" is not an integer (xs:int)',
    ],
    [
      "xsi:nil that is not a boolean",
      "Item",
      `<Id>1</Id><Name xsi:nil="maybe"/>`,
      'v.Name: xsi:nil="maybe" is not a boolean',
    ],
    [
      "an xsi:type of no type of the service",
      "Item",
      `<Id xsi:type="x:Nope">1</Id>`,
      "v.Id: xsi:type {urn:x}Nope is not a type of this service",
    ],
    [
      "an xsi:type that is not derived",
      "Base",
      ``,
      `v: xsi:type {${NS}}Unrelated is not Base or a type derived from it`,
      { attributes: `xsi:type="Unrelated"` },
    ],
    [
      "strict: an element inside a repeated member",
      "Item",
      `<Id>1</Id><Tag>a</Tag><Tag>b<x:y/></Tag>`,
      "v.Tag[1]: element {urn:x}y is not declared here (strict decoding)",
      { strict: true },
    ],
    [
      "strict: an attribute of an array item",
      "ArrayOfint",
      `<a:int>1</a:int><a:int x:a="1">2</a:int>`,
      "v[1]: attribute {urn:x}a is not declared here (strict decoding)",
      { strict: true },
    ],
    [
      "strict: an element in a dictionary entry",
      "Scores",
      `<a:KeyValueOfstringint><a:Key>k</a:Key><a:Value>1</a:Value><x:y/></a:KeyValueOfstringint>`,
      "v[0]: element {urn:x}y is not declared here (strict decoding)",
      { strict: true },
    ],
  ])("%s", (_, ref, content, message, options) => {
    expect(refusal(ref, content, options)).toBe(message);
  });

  it("in the warnings of lenientNamespaces, for a member and for an array item", () => {
    const warnings: string[] = [];
    const onWarning = (w: string) => warnings.push(w);
    codec.decodeElement(parseXmlTree(`<v ${DECLARATIONS}><x:Id>1</x:Id></v>`), "Item", "v", {
      lenientNamespaces: true,
      onWarning,
    });
    codec.decodeElement(parseXmlTree(`<v ${DECLARATIONS}><a:int>1</a:int><x:int>2</x:int></v>`), "ArrayOfint", "v", {
      lenientNamespaces: true,
      onWarning,
    });
    expect(warnings).toEqual([
      `v: element {urn:x}Id read as Id ({${NS}}Id) by its local name (lenientNamespaces)`,
      `v: element {urn:x}int read as an item ({${ARRAYS}}int) by its local name (lenientNamespaces)`,
    ]);
  });

  it("of an element after a repeated one, in a decoding after a failed one (the walk starts afresh)", () => {
    expect(refusal("Item", `<Tag>a</Tag><Tag>b</Tag><Id>x</Id>`)).toBe('v.Id: "x" is not an integer (xs:int)');
    expect(refusal("Open", `<A>1</A><B>b</B><B>zz</B><A>y</A>`)).toBe('v.$items[3].A: "y" is not an integer (xs:int)');
  });
});

/** What builtinValue gives for `text`, or the message it throws. */
function generic(name: string, text: string, scalars: ScalarRepresentation): unknown {
  try {
    return builtinValue(name, text, "p", scalars);
  } catch (e) {
    if (e instanceof SoapCodecError) return { refused: e.message };
    throw e;
  }
}

const FAST_NAMES = [
  "string",
  "anySimpleType",
  "boolean",
  "int",
  "short",
  "byte",
  "unsignedInt",
  "unsignedShort",
  "unsignedByte",
  "long",
  "integer",
  "dateTime",
];
const SCALARS: ScalarRepresentation[] = [LOSSLESS, TYPED, { ...LOSSLESS, integer: "number" }];

/** Texts at the edges of the plain forms the fast readers take. */
const EDGES = [
  "",
  " ",
  "0",
  "-0",
  "+0",
  "00",
  "007",
  "-007",
  " 5",
  "5 ",
  "1e3",
  "1.0",
  "-",
  "--1",
  "x",
  "127",
  "128",
  "-128",
  "-129",
  "255",
  "256",
  "32767",
  "32768",
  "-32768",
  "-32769",
  "65535",
  "65536",
  "2147483647",
  "2147483648",
  "-2147483648",
  "-2147483649",
  "4294967295",
  "4294967296",
  "99999999999",
  "999999999999999999",
  "-999999999999999999",
  "1000000000000000000",
  "9223372036854775807",
  "9223372036854775808",
  "true",
  "false",
  "1",
  "TRUE",
  " true",
  "2024-03-04T07:30:00",
  "0001-01-01T00:00:00",
  "0000-01-01T00:00:00",
  "9999-12-31T23:59:59",
  "2024-02-29T00:00:00",
  "2023-02-29T00:00:00",
  "1900-02-29T00:00:00",
  "2000-02-29T00:00:00",
  "2024-04-31T00:00:00",
  "2024-13-01T00:00:00",
  "2024-00-01T00:00:00",
  "2024-01-00T00:00:00",
  "2024-01-01T24:00:00",
  "2024-01-01T23:60:00",
  "2024-01-01T23:00:60",
  "2024-01-01T00:00:00Z",
  "2024-01-01T00:00:00+14:00",
  "2024-01-01T00:00:00+14:01",
  "2024-01-01T00:00:00-13:59",
  "2024-01-01T00:00:00+01:60",
  "2024-01-01T00:00:00-00:00",
  "2024-01-01T00:00:00.5",
  "2024-01-01T00:00:00.123456Z",
  "2024-01-01T00:00:00.",
  "2024-01-01T00:00:00.1x",
  "2024-01-01T00:00:00Zx",
  "2024-01-01T00:00:00+0100",
  "2024-01-01 00:00:00",
  "2024-1-01T00:00:00",
  "-2024-01-01T00:00:00",
  "12024-01-01T00:00:00",
  " 2024-01-01T00:00:00",
  "0099-06-15T12:00:00+02:00",
  "1970-01-01T00:00:00.999-12:00",
];

/** Texts made of the characters the plain forms use, so that many are plain and many almost. */
const texts = fc.oneof(
  fc.constantFrom(...EDGES),
  fc.string({ unit: fc.constantFrom("0", "1", "2", "5", "9", "-", "+", " ", "T", ":", ".", "Z"), maxLength: 30 }),
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 61 }),
      fc.integer({ min: 0, max: 61 }),
      fc.constantFrom("", ".5", ".0625", ".999999"),
      fc.constantFrom("", "Z", "+01:00", "-05:30", "+14:00", "-14:30", "+13:59"),
    )
    .map(
      ([y, mo, d, h, mi, s, f, tz]) =>
        `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}T` +
        `${String(h).padStart(2, "0")}:${String(mi).padStart(2, "0")}:${String(s).padStart(2, "0")}${f}${tz}`,
    ),
  fc.integer({ min: -3_000_000_000, max: 5_000_000_000 }).map(String),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
);

/** Values compared as the decoder's users see them: a Date by its instant. */
const comparable = (v: unknown) => (v instanceof Date ? { date: v.getTime() } : v);

describe("the fast readers of the common built-ins", () => {
  it("give exactly what builtinValue gives for every text they read, and leave every other text to it", () => {
    for (const scalars of SCALARS)
      for (const name of FAST_NAMES) {
        const read = fastReader(name, scalars)!;
        expect(read, name).toBeTypeOf("function");
        fc.assert(
          fc.property(texts, (text) => {
            const fast = read(text);
            if (fast === NOT_PLAIN) return;
            expect(comparable(fast), `${name} ${JSON.stringify(text)}`).toStrictEqual(
              comparable(generic(name, text, scalars)),
            );
          }),
          { numRuns: 600 },
        );
      }
  });

  it("read the plain forms themselves (not every text is left to builtinValue)", () => {
    const read = (name: string, text: string) => fastReader(name, TYPED)!(text);
    expect(read("int", "-2147483648")).toBe(-2147483648);
    expect(read("int", "-0")).toBe(0);
    expect(read("long", "-999999999999999999")).toBe(-999999999999999999n);
    expect(read("boolean", "false")).toBe(false);
    expect((read("dateTime", "2024-03-04T07:30:00.25Z") as Date).toISOString()).toBe("2024-03-04T07:30:00.250Z");
    expect(read("dateTime", "2024-02-30T00:00:00")).toBe(NOT_PLAIN);
    expect(read("int", "2147483648")).toBe(NOT_PLAIN);
    expect(fastReader("decimal", TYPED)).toBeUndefined();
  });
});
