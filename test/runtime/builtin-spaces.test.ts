/**
 * Values outside their type (issue 15 item 8): every XSD built-in of the README's mapping table has its lexical
 * space and value range checked in both directions. One row per built-in: texts it reads (valid and boundary forms,
 * with the value they give), texts it refuses, values it writes (with their text) and values it refuses. Each
 * built-in is a field of one complex type, so every error names the element path (`Order.int`).
 */
import { describe, expect, it } from "vitest";
import { builtinCategory } from "../../runtime/src/builtins.js";
import { SoapCodecError } from "../../runtime/src/errors.js";
import { METADATA_FORMAT, type ScalarRepresentation, type ServiceMetadata } from "../../runtime/src/metadata.js";
import { ValueCodec } from "../../runtime/src/values.js";
import { parseXmlTree } from "../../runtime/src/xml.js";
import { LOSSLESS, newPrefixes, NS, TYPED, xmlOf } from "./value-metadata.js";

interface Row {
  /** Texts read, with the value each gives (default, lossless representation). */
  read: [text: string, value: unknown][];
  /** Texts refused. */
  refuse: string[];
  /** Values written, with their text. */
  write: [value: unknown, text: string][];
  /** Values refused. */
  reject: unknown[];
}

const I32 = 2 ** 31;
const TABLE: Record<string, Row> = {
  // ---------------------------------------------------------------- number (TypeScript number)
  int: {
    read: [
      ["0", 0],
      ["-2147483648", -I32],
      ["2147483647", I32 - 1],
      [" +5 ", 5],
      ["007", 7],
      ["-0", 0],
    ],
    refuse: ["0x10", "1e3", "99999999999", "Infinity", "2147483648", "-2147483649", "1.0", "", "5 5", "١"],
    write: [
      [I32 - 1, "2147483647"],
      [-I32, "-2147483648"],
      [-0, "0"],
    ],
    reject: [NaN, Infinity, -Infinity, 1.5, I32, -I32 - 1, "1", 5n, true],
  },
  short: {
    read: [
      ["-32768", -32768],
      ["32767", 32767],
    ],
    refuse: ["32768", "-32769", "70000", "1e2"],
    write: [
      [32767, "32767"],
      [-32768, "-32768"],
    ],
    reject: [70000, 32768, -32769, 0.5],
  },
  byte: {
    read: [
      ["-128", -128],
      ["127", 127],
    ],
    refuse: ["128", "-129", "0x7F"],
    write: [
      [127, "127"],
      [-128, "-128"],
    ],
    reject: [128, -129],
  },
  unsignedInt: {
    read: [
      ["0", 0],
      ["4294967295", 2 ** 32 - 1],
      ["-0", 0],
      ["+1", 1],
    ],
    refuse: ["-1", "4294967296"],
    write: [
      [2 ** 32 - 1, "4294967295"],
      [0, "0"],
    ],
    reject: [-1, 2 ** 32],
  },
  unsignedShort: {
    read: [["65535", 65535]],
    refuse: ["65536", "-1"],
    write: [[65535, "65535"]],
    reject: [65536, -1, 70000],
  },
  unsignedByte: {
    read: [["255", 255]],
    refuse: ["256", "-1"],
    write: [[255, "255"]],
    reject: [256, -1],
  },
  float: {
    read: [
      ["1e3", 1000],
      ["INF", Infinity],
      ["-INF", -Infinity],
      ["NaN", NaN],
      ["1.5E-3", 0.0015],
      [".5", 0.5],
      ["5.", 5],
    ],
    refuse: ["Infinity", "inf", "0x10", "1e39", "1,5", "", "nan", "1e"],
    write: [
      [3.5, "3.5"],
      [NaN, "NaN"],
      [Infinity, "INF"],
      [-0, "-0"],
      [3.4e38, "3.4e+38"],
    ],
    reject: [1e39, -1e39, "1", true],
  },
  double: {
    read: [
      ["1e308", 1e308],
      ["-0", -0],
      ["+INF", Infinity],
      ["  2.5  ", 2.5],
    ],
    refuse: ["1e309", "Infinity", "0x10", "1_000", "+NaN"],
    write: [
      [1e21, "1e+21"],
      [5e-324, "5e-324"],
      [-Infinity, "-INF"],
    ],
    reject: ["1.5", 1n],
  },
  // ---------------------------------------------------------------- integer (string by default)
  long: {
    read: [
      ["9223372036854775807", "9223372036854775807"],
      ["-9223372036854775808", "-9223372036854775808"],
      [" 007 ", "007"],
    ],
    refuse: ["9223372036854775808", "-9223372036854775809", "1.5", "1e3", "0x10"],
    write: [
      ["9223372036854775807", "9223372036854775807"],
      [-(2n ** 63n), "-9223372036854775808"],
      [2 ** 53, "9007199254740992"],
      [" +7 ", " +7 "],
    ],
    reject: ["9223372036854775808", 2n ** 63n, 2 ** 63, 1.5, "1e3", NaN, Infinity, true],
  },
  unsignedLong: {
    read: [
      ["18446744073709551615", "18446744073709551615"],
      ["0", "0"],
    ],
    refuse: ["18446744073709551616", "-1"],
    write: [
      ["18446744073709551615", "18446744073709551615"],
      [0n, "0"],
    ],
    reject: [-1, -1n, "-1", 2n ** 64n],
  },
  integer: {
    read: [["-123456789012345678901234567890", "-123456789012345678901234567890"]],
    refuse: ["1.0", "", "+", "١"],
    write: [
      [10n ** 40n, `1${"0".repeat(40)}`],
      [1e21, "1000000000000000000000"],
    ],
    reject: [0.5, NaN, "x"],
  },
  nonNegativeInteger: {
    read: [
      ["0", "0"],
      ["-0", "-0"],
    ],
    refuse: ["-1"],
    write: [[0, "0"]],
    reject: [-1, "-1"],
  },
  positiveInteger: { read: [["1", "1"]], refuse: ["0", "-1"], write: [[1n, "1"]], reject: [0, 0n, "0"] },
  nonPositiveInteger: {
    read: [
      ["0", "0"],
      ["-5", "-5"],
    ],
    refuse: ["1"],
    write: [[-5, "-5"]],
    reject: [1, "1"],
  },
  negativeInteger: { read: [["-1", "-1"]], refuse: ["0", "1"], write: [[-1, "-1"]], reject: [0, 1n] },
  // ---------------------------------------------------------------- decimal (string by default)
  decimal: {
    read: [
      ["1.50", "1.50"],
      ["-.5", "-.5"],
      ["+3", "+3"],
      ["5.", "5."],
      [" 0 ", "0"],
    ],
    refuse: ["1e3", "NaN", "INF", "1.2.3", "", ".", "0x1"],
    write: [
      ["12.5", "12.5"],
      [1e-7, "0.0000001"],
      [1e21, "1000000000000000000000"],
      [1.5e-25, "0.00000000000000000000000015"],
      [-2.5, "-2.5"],
    ],
    reject: [NaN, Infinity, "1e3", "abc", 1n],
  },
  // ---------------------------------------------------------------- boolean
  boolean: {
    read: [
      ["true", true],
      ["false", false],
      ["1", true],
      ["0", false],
      [" true ", true],
    ],
    refuse: ["TRUE", "yes", "", "2"],
    write: [
      [true, "true"],
      [false, "false"],
    ],
    reject: ["true", 1, "false"],
  },
  // ---------------------------------------------------------------- dates (string by default)
  dateTime: {
    read: [
      ["2024-02-29T13:45:30.1234567+01:00", "2024-02-29T13:45:30.1234567+01:00"],
      ["0001-01-01T00:00:00", "0001-01-01T00:00:00"],
      ["9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.9999999Z"],
      ["2024-01-01T24:00:00", "2024-01-01T24:00:00"],
      ["-0044-03-15T12:00:00-14:00", "-0044-03-15T12:00:00-14:00"],
    ],
    refuse: [
      "2023-02-29T00:00:00",
      "2024-01-01",
      "2024-01-01T25:00:00",
      "2024-01-01T24:00:01",
      "2024-01-01T00:00:00+14:30",
      "2024-1-01T00:00:00",
      "yesterday",
      "2024-01-01T00:00:60",
    ],
    write: [
      ["2024-02-29T13:45:30.1234567+01:00", "2024-02-29T13:45:30.1234567+01:00"],
      [new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), "2024-01-02T03:04:05.000Z"],
    ],
    reject: ["yesterday", "2024-02-30T00:00:00", new Date(NaN), new Date(Date.UTC(10000, 0, 1)), 0],
  },
  dateTimeStamp: {
    read: [["2024-02-29T13:45:30Z", "2024-02-29T13:45:30Z"]],
    refuse: ["2024-02-29T13:45:30"],
    write: [["2024-02-29T13:45:30+02:00", "2024-02-29T13:45:30+02:00"]],
    reject: ["2024-02-29T13:45:30"],
  },
  date: {
    read: [
      ["2024-02-29", "2024-02-29"],
      ["2024-02-29Z", "2024-02-29Z"],
      ["2000-01-01+14:00", "2000-01-01+14:00"],
      ["12345-01-01", "12345-01-01"],
    ],
    refuse: ["2023-02-29", "2024-02-29T00:00:00", "24-01-01", "2024-13-01", "02024-01-01", "2024-04-31"],
    write: [
      ["2024-02-29", "2024-02-29"],
      [new Date(Date.UTC(2024, 0, 2)), "2024-01-02"],
    ],
    reject: ["2024-02-30", new Date(NaN), "today"],
  },
  // ---------------------------------------------------------------- binary (string by default)
  base64Binary: {
    read: [
      ["AQID", "AQID"],
      ["aGk=", "aGk="],
      ["QQ==", "QQ=="],
      ["", ""],
      [" AQ ID ", "AQ ID"],
    ],
    refuse: ["AQI", "QR==", "A===", "!!!!", "aGk", "aG=k"],
    write: [
      ["aGk=", "aGk="],
      [new Uint8Array([1, 2, 3]), "AQID"],
    ],
    reject: ["AQI", "QR==", [1, 2]],
  },
  hexBinary: {
    read: [
      ["00abFF", "00abFF"],
      ["", ""],
    ],
    refuse: ["ABC", "0G", "0x00"],
    write: [
      ["0A", "0A"],
      [new Uint8Array([0, 171, 255]), "00ABFF"],
    ],
    reject: ["ABC", "zz"],
  },
  // ---------------------------------------------------------------- the string family
  string: {
    read: [
      [" a \t b ", " a \t b "],
      ["", ""],
    ],
    refuse: [],
    write: [[" a  b ", " a  b "]],
    reject: [42, true],
  },
  normalizedString: {
    read: [["a\tb\nc", "a b c"]],
    refuse: [],
    write: [["a  b", "a  b"]],
    reject: ["a\tb", "a\nb"],
  },
  token: {
    read: [["  a \n  b ", "a b"]],
    refuse: [],
    write: [["a b", "a b"]],
    reject: [" a", "a ", "a  b", "a\tb"],
  },
  language: {
    read: [
      ["en", "en"],
      [" en-US ", "en-US"],
      ["x-klingon", "x-klingon"],
    ],
    refuse: ["en_US", "123", "toolongtag", "", "en-"],
    write: [["nb-NO", "nb-NO"]],
    reject: ["en US", "en_US"],
  },
  Name: {
    read: [
      ["a:b", "a:b"],
      [":x", ":x"],
    ],
    refuse: ["1a", "a b", ""],
    write: [["_x", "_x"]],
    reject: ["-x"],
  },
  NCName: { read: [["a-b.c", "a-b.c"]], refuse: ["a:b", "1a"], write: [["Größe", "Größe"]], reject: ["a:b"] },
  ID: { read: [["id1", "id1"]], refuse: ["1id"], write: [["id1", "id1"]], reject: ["a b"] },
  IDREF: { read: [["id1", "id1"]], refuse: ["a:b"], write: [["id1", "id1"]], reject: [""] },
  IDREFS: { read: [[" a  b ", "a b"]], refuse: ["", "a:b c"], write: [["a b", "a b"]], reject: ["", "a  b"] },
  ENTITY: { read: [["e", "e"]], refuse: ["e:f"], write: [["e", "e"]], reject: ["1"] },
  ENTITIES: { read: [["e f", "e f"]], refuse: [""], write: [["e f", "e f"]], reject: [""] },
  NMTOKEN: { read: [["1a", "1a"]], refuse: ["a b", ""], write: [["-.x", "-.x"]], reject: ["a b"] },
  NMTOKENS: { read: [["1a 2b", "1a 2b"]], refuse: [""], write: [["1a 2b", "1a 2b"]], reject: ["", "a,b"] },
  anyURI: {
    read: [
      [" urn:a ", "urn:a"],
      ["http://x/a%20b", "http://x/a%20b"],
    ],
    refuse: [],
    write: [["urn:a", "urn:a"]],
    reject: [1, " urn:a"],
  },
  QName: {
    read: [
      ["p:local", "p:local"],
      ["local", "local"],
    ],
    refuse: ["p:", "a:b:c", "1:x", ":x"],
    write: [["q:x", "q:x"]],
    reject: ["a:b:c"],
  },
  NOTATION: { read: [["p:n", "p:n"]], refuse: ["p n"], write: [["n", "n"]], reject: [":n"] },
  duration: {
    read: [
      ["P1Y2M3DT4H5M6.7S", "P1Y2M3DT4H5M6.7S"],
      ["-PT5M", "-PT5M"],
      ["PT0S", "PT0S"],
      [" P1D ", "P1D"],
    ],
    refuse: ["P", "PT", "P1DT", "1Y", "P1.5Y", "P-1D", "PT1.S", "P1M2Y"],
    write: [["PT1H30M", "PT1H30M"]],
    reject: ["PT", "1 hour", 90],
  },
  yearMonthDuration: { read: [["P1Y2M", "P1Y2M"]], refuse: ["P1D", "P"], write: [["-P3M", "-P3M"]], reject: ["PT1H"] },
  dayTimeDuration: {
    read: [["P1DT2H", "P1DT2H"]],
    refuse: ["P1Y", "P1M"],
    write: [["PT0.5S", "PT0.5S"]],
    reject: ["P1Y"],
  },
  time: {
    read: [
      ["13:45:30", "13:45:30"],
      ["00:00:00Z", "00:00:00Z"],
      ["23:59:59.999+14:00", "23:59:59.999+14:00"],
      ["24:00:00", "24:00:00"],
    ],
    refuse: ["24:00:01", "12:60:00", "1:00:00", "12:00:00+15:00", "12:00", "12:00:00+01"],
    write: [["08:00:00-05:00", "08:00:00-05:00"]],
    reject: ["8:00", "25:00:00"],
  },
  gYear: {
    read: [
      ["2024", "2024"],
      ["-0044", "-0044"],
      ["12345", "12345"],
      ["2024Z", "2024Z"],
    ],
    refuse: ["24", "02024", "2024-01"],
    write: [["1999", "1999"]],
    reject: ["99"],
  },
  gYearMonth: {
    read: [["2024-02", "2024-02"]],
    refuse: ["2024-13", "2024-2", "2024-00"],
    write: [["2024-12", "2024-12"]],
    reject: ["2024-13"],
  },
  gMonth: {
    read: [
      ["--02", "--02"],
      ["--02--", "--02--"],
      ["--12Z", "--12Z"],
    ],
    refuse: ["--13", "02", "--00"],
    write: [["--05", "--05"]],
    reject: ["--13"],
  },
  gMonthDay: {
    read: [
      ["--02-29", "--02-29"],
      ["--12-31", "--12-31"],
    ],
    refuse: ["--02-30", "--04-31", "--13-01"],
    write: [["--01-01", "--01-01"]],
    reject: ["--02-30"],
  },
  gDay: {
    read: [
      ["---31", "---31"],
      ["---01+01:00", "---01+01:00"],
    ],
    refuse: ["---32", "---00", "--31"],
    write: [["---15", "---15"]],
    reject: ["---0"],
  },
  // ---------------------------------------------------------------- anyType (unknown)
  anyType: {
    read: [["anything <at> all", "anything <at> all"]],
    refuse: [],
    write: [
      ["x", "x"],
      [5, "5"],
    ],
    reject: [],
  },
};

/** Rows with the typed representations (bigint, number, Date, Uint8Array). */
const TYPED_TABLE: Record<string, Row> = {
  long: {
    read: [
      ["9223372036854775807", 2n ** 63n - 1n],
      ["-0", 0n],
    ],
    refuse: ["9223372036854775808"],
    write: [[2n ** 63n - 1n, "9223372036854775807"]],
    reject: [2n ** 63n],
  },
  decimal: {
    read: [
      ["1.50", 1.5],
      [`${"9".repeat(400)}`, undefined],
    ],
    refuse: [],
    write: [[0.1, "0.1"]],
    reject: [NaN],
  },
  dateTime: {
    read: [
      ["2024-02-29T13:45:30.1234567+01:00", new Date(Date.UTC(2024, 1, 29, 12, 45, 30, 123))],
      ["2024-01-01T24:00:00Z", new Date(Date.UTC(2024, 0, 2))],
      ["0050-06-01T00:00:00Z", new Date("0050-06-01T00:00:00Z")],
    ],
    refuse: ["2024-02-30T00:00:00Z", "soon"],
    write: [[new Date("0001-01-01T00:00:00Z"), "0001-01-01T00:00:00.000Z"]],
    reject: [new Date(Date.UTC(-1, 0, 1)), new Date(NaN)],
  },
  date: {
    read: [
      ["2024-01-02", new Date(Date.UTC(2024, 0, 2))],
      ["2024-01-02+01:00", new Date(Date.UTC(2024, 0, 1, 23))],
    ],
    refuse: ["2024-01-32"],
    write: [[new Date(Date.UTC(2024, 0, 2)), "2024-01-02"]],
    reject: [new Date(Date.UTC(10000, 0, 1))],
  },
  base64Binary: { read: [["AQ\n ID", new Uint8Array([1, 2, 3])]], refuse: ["AQI"], write: [], reject: [] },
  hexBinary: { read: [["00abFF", new Uint8Array([0, 171, 255])]], refuse: ["0"], write: [], reject: [] },
};

function holder(scalars: ScalarRepresentation, names: string[]): ValueCodec {
  const metadata: ServiceMetadata = {
    format: METADATA_FORMAT,
    service: "Builtins",
    scalars,
    types: {
      Order: {
        kind: "complex",
        xml: { ns: NS, name: "Order" },
        fields: names.map((name) => ({ name, ns: NS, type: `xs:${name}`, min: 0, max: 1 })),
      },
    },
    ports: {},
  };
  return new ValueCodec(metadata);
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\r/g, "&#13;");

function suite(title: string, table: Record<string, Row>, scalars: ScalarRepresentation): void {
  const codec = holder(scalars, Object.keys(table));
  const read = (name: string, text: string) =>
    (
      codec.decodeElement(
        parseXmlTree(`<Order xmlns="${NS}"><${name}>${escape(text)}</${name}></Order>`),
        "Order",
        "Order",
      ) as Record<string, unknown>
    )[name];
  const write = (name: string, value: unknown) =>
    xmlOf([codec.encodeElement(newPrefixes(), NS, "Order", "Order", { [name]: value }, "Order")]);

  describe(title, () => {
    describe.each(Object.entries(table))("xs:%s", (name, row) => {
      it.each(row.read)("reads %j", (text, value) => {
        if (value === undefined) expect(() => read(name, text)).toThrowError(/is out of range/);
        else expect(read(name, text)).toStrictEqual(value);
      });
      if (row.refuse.length)
        it.each(row.refuse)("refuses to read %j, naming the element", (text) => {
          expect(() => read(name, text)).toThrowError(SoapCodecError);
          expect(() => read(name, text)).toThrowError(new RegExp(`^Order\\.${name}: `));
        });
      if (row.write.length)
        it.each(row.write)("writes %s", (value, text) => {
          expect(write(name, value)).toBe(`<ns1:Order><ns1:${name}>${escape(text)}</ns1:${name}></ns1:Order>`);
        });
      if (row.reject.length)
        it.each(
          row.reject.map((v) => [typeof v === "bigint" ? `${v}n` : v instanceof Date ? `Date(${v.getTime()})` : v, v]),
        )("refuses to write %s, naming the element", (_, value) => {
          expect(() => write(name, value)).toThrowError(SoapCodecError);
          expect(() => write(name, value)).toThrowError(new RegExp(`^Order\\.${name}: `));
        });
    });
  });
}

suite("built-ins, lossless representation", TABLE, LOSSLESS);
suite("built-ins, typed representation", TYPED_TABLE, TYPED);

describe("the table", () => {
  it("covers every built-in the README's mapping table lists", () => {
    const listed = [
      ...["string", "normalizedString", "token", "language", "Name", "NCName", "ID", "IDREF", "IDREFS", "ENTITY"],
      ...["ENTITIES", "NMTOKEN", "NMTOKENS", "anyURI", "QName", "NOTATION", "duration", "yearMonthDuration"],
      ...["dayTimeDuration", "time", "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay", "boolean", "int", "short"],
      ...["byte", "unsignedInt", "unsignedShort", "unsignedByte", "float", "double", "long", "unsignedLong", "integer"],
      ...["nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger", "decimal", "dateTime"],
      ...["dateTimeStamp", "date", "base64Binary", "hexBinary", "anyType"],
    ];
    expect(Object.keys(TABLE).sort()).toEqual([...listed].sort());
    for (const name of listed) expect(builtinCategory(name), name).toBeDefined();
  });

  it("the messages say what was expected and where", () => {
    const codec = holder(LOSSLESS, ["int", "unsignedLong", "short"]);
    const node = parseXmlTree(`<Order xmlns="${NS}"><int>99999999999</int></Order>`);
    expect(() => codec.decodeElement(node, "Order", "Order")).toThrowError(
      new SoapCodecError('Order.int: "99999999999" is out of range for xs:int (-2147483648 to 2147483647)'),
    );
    const write = (value: object) => codec.encodeElement(newPrefixes(), NS, "Order", "Order", value, "Order");
    expect(() => write({ short: 70000 })).toThrowError(
      new SoapCodecError("Order.short: 70000 is out of range for xs:short (-32768 to 32767)"),
    );
    expect(() => write({ unsignedLong: -1 })).toThrowError(
      new SoapCodecError("Order.unsignedLong: -1 is out of range for xs:unsignedLong (0 to 18446744073709551615)"),
    );
    expect(() => write({ int: 1.5 })).toThrowError(
      new SoapCodecError("Order.int: expected an integer for xs:int, got 1.5"),
    );
  });
});
