/** The one "is this simple type plain `string`" rule shared by the emitter and the codec (runtime/textual.ts). */
import { describe, expect, it } from "vitest";
import type { ScalarRepresentation, SimpleTypeMeta, TypeRefMeta } from "../../runtime/src/metadata.js";
import { isTextualType, type TextualView } from "../../runtime/src/textual.js";

const LOSSLESS: ScalarRepresentation = {
  integer: "string",
  decimal: "string",
  dateTime: "string",
  date: "string",
  binary: "string",
};
const TYPED: ScalarRepresentation = {
  integer: "bigint",
  decimal: "number",
  dateTime: "Date",
  date: "Date",
  binary: "Uint8Array",
};

const types: Record<string, SimpleTypeMeta> = {
  Code: { kind: "simple", variety: "atomic", base: "xs:string" },
  Count: { kind: "simple", variety: "atomic", base: "xs:int" },
  CodeOfCode: { kind: "simple", variety: "atomic", base: "Code" },
  Color: { kind: "simple", variety: "enumeration", base: "xs:string", values: ["Red"] },
  Colors: { kind: "simple", variety: "list", item: "Color" },
  IntOrCode: { kind: "simple", variety: "union", members: ["xs:int", "Code"] },
  IntOrBool: { kind: "simple", variety: "union", members: ["xs:int", "xs:boolean"] },
  IntOrColor: { kind: "simple", variety: "union", members: ["xs:int", "Color"] },
  NoMembers: { kind: "simple", variety: "union" },
  NoBase: { kind: "simple", variety: "atomic" },
  Loop: { kind: "simple", variety: "atomic", base: "Loop" },
};

/** The metadata view, as the codec looks types up. */
const view = (ref: TypeRefMeta): TextualView<TypeRefMeta> => {
  if (typeof ref !== "string") return ref;
  if (ref.startsWith("xs:")) return { kind: "builtin", name: ref.slice(3) };
  return types[ref];
};
const textual = (ref: TypeRefMeta, scalars = LOSSLESS) => isTextualType(view(ref), scalars, view);

describe("isTextualType", () => {
  it.each([
    ["xs:string", true],
    ["xs:anyURI", true],
    ["xs:duration", true],
    ["xs:boolean", false],
    ["xs:int", false],
    ["xs:double", false],
    ["xs:anyType", false],
    ["xs:long", true],
    ["xs:decimal", true],
    ["xs:dateTime", true],
    ["xs:base64Binary", true],
    ["Code", true],
    ["Count", false],
    ["CodeOfCode", true],
    ["Color", false],
    ["Colors", false],
    ["IntOrCode", true],
    ["IntOrBool", false],
    ["IntOrColor", false],
    ["NoMembers", true],
    ["NoBase", true],
    ["Loop", true],
  ])("%s with lossless scalars: %s", (ref, expected) => {
    expect(textual(ref)).toBe(expected);
  });

  it.each([
    ["xs:long", false],
    ["xs:decimal", false],
    ["xs:dateTime", false],
    ["xs:date", false],
    ["xs:hexBinary", false],
    ["xs:string", true],
  ])("%s with typed scalars: %s", (ref, expected) => {
    expect(textual(ref, TYPED)).toBe(expected);
  });

  it("is false for complex types and for references the lookup does not know", () => {
    expect(textual({ kind: "complex", fields: [] })).toBe(false);
    expect(isTextualType(undefined, LOSSLESS, view)).toBe(false);
  });

  it("follows an inline base and inline union members", () => {
    expect(
      textual({ kind: "simple", variety: "atomic", base: { kind: "simple", variety: "atomic", base: "xs:int" } }),
    ).toBe(false);
    expect(
      textual({ kind: "simple", variety: "union", members: ["xs:int", { kind: "simple", variety: "atomic" }] }),
    ).toBe(true);
  });
});
