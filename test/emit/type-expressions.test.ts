/**
 * Type-mapping rules of emit/type-expressions.ts: occurrence and nillability of members (rule 1), repeated members
 * (rule 2), and the parenthesising helper `wrap`.
 */
import { describe, expect, it } from "vitest";
import { TypeExpressions, wrap } from "../../generator/emit/type-expressions.js";
import { DEFAULT_SCALARS } from "../../generator/model/builtins.js";
import { MODEL_VERSION, type Field, type Model } from "../../generator/model/model.js";
import { generateFromText, tempDir, typecheck, writeFiles, wsdlWithSchema } from "../helpers.js";

async function generateAndTypecheck(schema: string) {
  const result = await generateFromText(wsdlWithSchema(schema));
  await typecheck(await writeFiles(await tempDir("type-expressions"), result.files), "NodeNext");
  return result;
}

describe("occurrence and nillability (rule 1)", () => {
  const schema = `
      <xs:complexType name="TicketBatchReplyData">
        <xs:sequence>
          <xs:element name="Required" type="xs:int" />
          <xs:element minOccurs="0" name="Optional" type="xs:int" />
          <xs:element name="Nillable" nillable="true" type="xs:string" />
          <xs:element minOccurs="0" name="OptionalNillable" nillable="true" type="xs:string" />
          <xs:element minOccurs="1" maxOccurs="1" name="ExplicitOnce" nillable="false" type="xs:boolean" />
        </xs:sequence>
      </xs:complexType>`;

  it("maps minOccurs=0 to `?`, nillable to `| null`, both to both, and keeps required members required", async () => {
    const types = (await generateAndTypecheck(schema)).file("types.ts");
    expect(types).toContain("export interface TicketBatchReplyData {\n");
    expect(types).toContain("\n  Required: number;\n");
    expect(types).toContain("\n  Optional?: number;\n");
    expect(types).toContain("\n  Nillable: string | null;\n");
    expect(types).toContain("\n  OptionalNillable?: string | null;\n");
    expect(types).toContain("\n  ExplicitOnce: boolean;\n");
    // The exact declaration, members in schema order.
    expect(types).toContain(
      [
        "export interface TicketBatchReplyData {",
        "  Required: number;",
        "  Optional?: number;",
        "  Nillable: string | null;",
        "  OptionalNillable?: string | null;",
        "  ExplicitOnce: boolean;",
        "}",
      ].join("\n"),
    );
  });

  it("makes the members of an optional sequence optional, and a choice an exclusive union", async () => {
    const types = (
      await generateFromText(
        wsdlWithSchema(`
      <xs:complexType name="OptionalGroup">
        <xs:sequence minOccurs="0">
          <xs:element name="A" type="xs:int" />
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="Alternatives">
        <xs:choice>
          <xs:element name="ById" type="xs:int" />
          <xs:element name="ByName" type="xs:string" />
        </xs:choice>
      </xs:complexType>`),
      )
    ).file("types.ts");
    expect(types).toContain("export interface OptionalGroup {\n  A?: number;\n}");
    expect(types).toContain(
      "export type Alternatives =\n  | { ById: number; ByName?: never }\n  | { ByName: string; ById?: never };",
    );
  });
});

describe("repeated members (rule 2)", () => {
  const schema = `
      <xs:complexType name="Lists">
        <xs:sequence>
          <xs:element maxOccurs="unbounded" name="Unbounded" type="xs:int" />
          <xs:element minOccurs="0" maxOccurs="unbounded" name="OptionalUnbounded" type="xs:string" />
          <xs:element maxOccurs="3" name="Bounded" type="xs:boolean" />
          <xs:element maxOccurs="1" name="Single" type="xs:int" />
          <xs:element minOccurs="0" maxOccurs="unbounded" name="NillableItems" nillable="true" type="xs:string" />
          <xs:element maxOccurs="unbounded" name="NillableNamed" nillable="true" type="tns:Item" />
          <xs:element maxOccurs="unbounded" name="Inline">
            <xs:simpleType>
              <xs:restriction base="xs:string">
                <xs:enumeration value="R" />
                <xs:enumeration value="G" />
              </xs:restriction>
            </xs:simpleType>
          </xs:element>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="Item">
        <xs:sequence>
          <xs:element name="Id" type="xs:int" />
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="RepeatedSequence">
        <xs:sequence maxOccurs="unbounded">
          <xs:element name="Key" type="xs:string" />
          <xs:element name="Value" type="xs:int" />
        </xs:sequence>
      </xs:complexType>`;

  it("maps maxOccurs>1 and unbounded to arrays, nillable items to (T | null)[]", async () => {
    const types = (await generateAndTypecheck(schema)).file("types.ts");
    expect(types).toContain(
      [
        "export interface Lists {",
        "  Unbounded: number[];",
        "  OptionalUnbounded?: string[];",
        "  Bounded: boolean[];",
        "  Single: number;",
        "  NillableItems?: (string | null)[];",
        "  NillableNamed: (Item | null)[];",
        '  Inline: ("R" | "G")[];',
        "}",
      ].join("\n"),
    );
  });

  it("repeats the members of a repeated sequence (with a warning)", async () => {
    const result = await generateFromText(wsdlWithSchema(schema));
    // (With one element only it would be an array wrapper: `type RepeatedSequence = string[]`.)
    expect(result.file("types.ts")).toContain(
      "export interface RepeatedSequence {\n  Key: string[];\n  Value: number[];\n}",
    );
    expect(result.warnings.map((w) => w.code)).toContain("repeated-group");
  });
});

describe("TypeExpressions.fieldExpr", () => {
  const model: Model = { modelVersion: MODEL_VERSION, documents: ["x.wsdl"], types: [], elements: [], services: [] };
  const types = new TypeExpressions(model, DEFAULT_SCALARS);
  const field = (over: Partial<Field>): Field => ({
    name: "F",
    ns: "",
    type: { kind: "builtin", name: "int" },
    minOccurs: 1,
    maxOccurs: 1,
    nillable: false,
    ...over,
  });
  const expr = (over: Partial<Field>) => types.fieldExpr(field(over), new Set());

  it("required, optional, nillable, both", () => {
    expect(expr({})).toEqual({ type: "number", optional: false });
    expect(expr({ minOccurs: 0 })).toEqual({ type: "number", optional: true });
    expect(expr({ nillable: true })).toEqual({ type: "number | null", optional: false });
    expect(expr({ minOccurs: 0, nillable: true })).toEqual({ type: "number | null", optional: true });
  });

  it("repeated, repeated and nillable, bounded", () => {
    expect(expr({ maxOccurs: "unbounded" })).toEqual({ type: "number[]", optional: false });
    expect(expr({ maxOccurs: 2 })).toEqual({ type: "number[]", optional: false });
    expect(expr({ maxOccurs: 1 })).toEqual({ type: "number", optional: false });
    expect(expr({ maxOccurs: "unbounded", nillable: true, minOccurs: 0 })).toEqual({
      type: "(number | null)[]",
      optional: true,
    });
  });

  it("parenthesises union item types before []", () => {
    const inlineEnum: Field["type"] = {
      kind: "inline",
      type: {
        kind: "simple",
        variety: "enumeration",
        base: { kind: "builtin", name: "string" },
        enumeration: [{ value: "A" }, { value: "B" }],
      },
    };
    expect(expr({ type: inlineEnum, maxOccurs: "unbounded" }).type).toBe('("A" | "B")[]');
    expect(expr({ type: inlineEnum, maxOccurs: "unbounded", nillable: true }).type).toBe('("A" | "B" | null)[]');
    expect(expr({ type: inlineEnum, nillable: true }).type).toBe('"A" | "B" | null');
  });
});

describe("wrap", () => {
  it("parenthesises unions and intersections, leaves simple types and object literals alone", () => {
    expect(wrap("number")).toBe("number");
    expect(wrap("Ticket")).toBe("Ticket");
    expect(wrap("string | null")).toBe("(string | null)");
    expect(wrap('"A" | "B"')).toBe('("A" | "B")');
    expect(wrap("Base & { X: number }")).toBe("(Base & { X: number })");
    expect(wrap("{ X: number | null }")).toBe("{ X: number | null }");
  });
});
