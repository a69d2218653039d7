/** Lexical forms of the XML Schema built-ins (runtime/lexical.ts): value → text → value, per category. */
import { describe, expect, it } from "vitest";
import { SoapCodecError } from "../../runtime/src/errors.js";
import { builtinText, builtinValue } from "../../runtime/src/lexical.js";
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
