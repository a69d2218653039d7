/** Lexical forms of the XML Schema built-ins (runtime/lexical.ts): value → text → value, per category. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SoapCodecError } from "../../runtime/src/errors.js";
import { builtinText, builtinValue, builtinWriter, isoDateTime } from "../../runtime/src/lexical.js";
import { LOSSLESS, TYPED } from "./value-metadata.js";

describe("builtinText and builtinValue", () => {
  // [built-in, value, its text, the value read back (lossless scalars), read back with typed scalars]
  it.each<[string, unknown, string, unknown, unknown]>([
    ["string", " x ", " x ", " x ", " x "],
    ["anyURI", "urn:a", "urn:a", "urn:a", "urn:a"],
    ["boolean", true, "true", true, true],
    ["int", 7, "7", 7, 7],
    ["double", 0.5, "0.5", 0.5, 0.5],
    ["double", -Infinity, "-INF", -Infinity, -Infinity],
    ["long", 9007199254740993n, "9007199254740993", "9007199254740993", 9007199254740993n],
    ["decimal", "-.5", "-.5", "-.5", -0.5],
    ["date", "2024-02-29", "2024-02-29", "2024-02-29", new Date("2024-02-29")],
    ["hexBinary", new Uint8Array([16, 255]), "10FF", "10FF", new Uint8Array([16, 255])],
    ["base64Binary", new Uint8Array([104, 105]), "aGk=", "aGk=", new Uint8Array([104, 105])],
  ])("xs:%s %s", (name, value, text, lossless, typed) => {
    expect(builtinText(name, value, "v")).toBe(text);
    expect(builtinValue(name, text, "v", LOSSLESS)).toStrictEqual(lossless);
    expect(builtinValue(name, text, "v", TYPED)).toStrictEqual(typed);
  });

  it("reads integers as numbers when the representation says so", () => {
    expect(builtinValue("long", "+12", "v", { ...LOSSLESS, integer: "number" })).toBe(12);
  });

  it.each<[string, string]>([
    ["boolean", "TRUE"],
    ["int", "1,5"],
    ["long", "12a"],
    ["decimal", "1.2.3"],
  ])("refuses to read xs:%s from %j", (name, text) => {
    expect(() => builtinValue(name, text, "v", LOSSLESS)).toThrow(SoapCodecError);
  });

  it.each<[string, unknown]>([
    ["boolean", "true"],
    ["double", "1"],
    ["long", 2.5],
    ["decimal", Infinity],
    ["date", new Date("nonsense")],
    ["hexBinary", [1, 2]],
    ["string", 42],
  ])("refuses to write xs:%s from %s", (name, value) => {
    expect(() => builtinText(name, value, "v")).toThrow(SoapCodecError);
  });
});

describe("the fast writers of the text encoder write what builtinText writes", () => {
  const first = new Date("0001-01-01T00:00:00.000Z").getTime();
  const last = new Date("9999-12-31T23:59:59.999Z").getTime();

  it("isoDateTime is toISOString for every instant of the years 1 to 9999", () => {
    for (const t of [first, last, 0, -1, 1, 951_782_400_000, 951_868_799_999, -62_104_060_800_001, 253_370_764_800_000])
      expect(isoDateTime(t)).toBe(new Date(t).toISOString());
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (t) => isoDateTime(t) === new Date(t).toISOString()),
      { numRuns: 20_000 },
    );
  });

  it("each fast writer gives builtinText's text or leaves the value to it", () => {
    const names = [
      "boolean",
      "double",
      "float",
      "int",
      "short",
      "unsignedByte",
      "dateTime",
      "dateTimeStamp",
      "date",
    ].concat(["string", "anySimpleType", "token", "long", "decimal", "base64Binary"]);
    const values = fc.oneof(
      fc.boolean(),
      fc.double(),
      fc.integer({ min: -(2 ** 33), max: 2 ** 33 }),
      fc.date({ min: new Date(first - 86_400_000), max: new Date(last + 86_400_000) }),
      fc.date(),
      fc.constantFrom(...[first - 1, first, last, last + 1, Number.NaN].map((t) => new Date(t))),
      fc.string(),
      fc.constantFrom(-0, NaN, Infinity, 1e21, 2 ** 31, "1", null, undefined, {}),
    );
    fc.assert(
      fc.property(fc.constantFrom(...names), values, (name, value) => {
        const fast = builtinWriter(name)?.(value);
        if (fast !== undefined) expect(fast).toBe(builtinText(name, value, "v"));
      }),
      { numRuns: 20_000 },
    );
  });
});
