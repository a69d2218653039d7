/**
 * Bounded work on hostile input: nesting deeper than the XML reader's limit (256), documents over the loader's size
 * limit, long derivation chains, cycles through groups, derivation, attribute groups and anonymous element refs —
 * each either generates or fails with a GeneratorError naming the problem, never a stack overflow or a hang.
 * And unsupported constructs: each produces a warning and its documented fallback, never a silent `any`.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generate, GeneratorError } from "../../generator/index.js";
import { generateFromText, tempDir, typecheck, writeFiles, wsdlWithSchema } from "../helpers.js";

async function rejection(wsdl: string): Promise<GeneratorError> {
  const error = await generateFromText(wsdl).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GeneratorError);
  return error as GeneratorError;
}

/** Generates, writes and type-checks; returns the result. */
async function generateAndTypecheck(wsdl: string) {
  const result = await generateFromText(wsdl);
  await typecheck(
    await writeFiles(
      await tempDir("limits"),
      result.files.filter((f) => f.path.endsWith(".ts")),
    ),
    "NodeNext",
  );
  return result;
}

/** Code only: comments and string literals removed. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "")
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
}

describe("size and depth limits", () => {
  it("nesting deeper than 256 elements is refused with xml-too-deep", async () => {
    const depth = 300;
    const open = Array.from({ length: depth }, (_, i) => `<xs:element name="E${i}"><xs:complexType><xs:sequence>`).join(
      "",
    );
    const close = "</xs:sequence></xs:complexType></xs:element>".repeat(depth);
    const error = await rejection(
      wsdlWithSchema(`<xs:complexType name="Deep"><xs:sequence>${open}${close}</xs:sequence></xs:complexType>`),
    );
    // Regression (fixed): fast-xml-parser's own limit used to fire first, reported without a position.
    expect(error.diagnostics[0]!.code).toBe("xml-too-deep");
    expect(error.diagnostics[0]!.location?.line).toBeGreaterThan(0);
    expect(error.message).toMatch(/nest/i);
  });

  it("nesting just within the limit generates (80 anonymous types deep)", async () => {
    const depth = 80;
    const open = Array.from({ length: depth }, (_, i) => `<xs:element name="E${i}"><xs:complexType><xs:sequence>`).join(
      "",
    );
    const close = "</xs:sequence></xs:complexType></xs:element>".repeat(depth);
    const result = await generateFromText(
      wsdlWithSchema(
        `<xs:complexType name="Deep"><xs:sequence>${open}<xs:element name="Leaf" type="xs:int" />${close}</xs:sequence></xs:complexType>`,
      ),
    );
    const types = result.file("types.ts");
    expect(types).toContain(`export interface Deep_E0_E1_E2 {`);
    expect(types).toMatch(/Leaf: number;/);
  });

  it("a document over the loader's size limit is refused with load-too-large before it is parsed", async () => {
    const dir = await tempDir("limits");
    const file = path.join(dir, "Big.wsdl");
    const filler = `<!-- ${"x".repeat(1000)} -->\n`.repeat(200);
    await writeFile(file, wsdlWithSchema(filler));
    const error = await generate({ wsdl: [file], load: { maxDocumentBytes: 100_000 } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GeneratorError);
    expect((error as GeneratorError).diagnostics[0]!.code).toBe("load-too-large");
  });

  it("a long derivation chain (3000 types) generates in bounded time and output, without exhausting the stack", async () => {
    const n = 3000;
    const types = [
      `<xs:complexType name="T0"><xs:sequence><xs:element name="F0" type="xs:int" /></xs:sequence></xs:complexType>`,
    ];
    for (let i = 1; i < n; i++) {
      types.push(
        `<xs:complexType name="T${i}"><xs:complexContent><xs:extension base="tns:T${i - 1}">` +
          `<xs:sequence><xs:element name="F${i}" type="xs:int" /></xs:sequence>` +
          `</xs:extension></xs:complexContent></xs:complexType>`,
      );
    }
    const started = Date.now();
    const result = await generateFromText(wsdlWithSchema(types.join("\n")));
    const text = result.file("types.ts");
    expect(text).toContain(`export interface T${n - 1} extends T${n - 2} {`);
    // Each $type lists at most 256 names (a larger family is typed string, with a warning): output stays linear.
    expect(text).toContain(
      "export interface T0 {\n" +
        "  /** The value's actual type, when it is one derived from `T0` (sent as `xsi:type`; " +
        "set on decoded values of a derived type). */\n  $type?: string;",
    );
    expect(result.warnings.filter((w) => w.code === "type-family-large").length).toBe(n - 256);
    expect(text.length).toBeLessThan(20_000_000);
    // A guard against runaway (exponential) work, not a speed measurement: speed is `npm run bench`'s job, and a
    // busy 2-core machine must not make this fail. About 16 s on a quiet one.
    expect(Date.now() - started).toBeLessThan(90_000);
  }, 120_000);

  it("a long chain of restrictions generates the same in either document order, without deep recursion", async () => {
    const n = 2000;
    const types = [
      `<xs:complexType name="R0"><xs:sequence><xs:element name="F" type="xs:int" />` +
        `</xs:sequence><xs:attribute name="a" type="xs:int" /></xs:complexType>`,
    ];
    for (let i = 1; i < n; i++) {
      types.push(
        `<xs:complexType name="R${i}"><xs:complexContent><xs:restriction base="tns:R${i - 1}">` +
          `<xs:sequence><xs:element name="F" type="xs:int" /></xs:sequence></xs:restriction></xs:complexContent></xs:complexType>`,
      );
    }
    const forward = (await generateFromText(wsdlWithSchema(types.join("\n")))).file("types.ts");
    const backward = (await generateFromText(wsdlWithSchema([...types].reverse().join("\n")))).file("types.ts");
    expect(backward).toBe(forward);
    // The attribute is inherited all the way down.
    expect(forward).toContain(`export interface R${n - 1} {\n  a?: number;\n  F: number;\n}`);
  });

  it("many alternatives multiply out only up to a bound, then fall back with a warning", async () => {
    // 2^8 combinations of eight nested two-way choices inside one choice alternative.
    const nested = Array.from(
      { length: 8 },
      (_, i) =>
        `<xs:choice><xs:element name="A${i}" type="xs:int" /><xs:element name="B${i}" type="xs:int" /></xs:choice>`,
    ).join("");
    const result = await generateAndTypecheck(
      wsdlWithSchema(
        `<xs:complexType name="Wide"><xs:choice><xs:sequence>${nested}</xs:sequence>` +
          `<xs:element name="Other" type="xs:int" /></xs:choice></xs:complexType>`,
      ),
    );
    expect(result.warnings.map((w) => w.code)).toContain("choice-as-optional");
    // The outer choice's members become optional; the eight inner choices stay exclusive.
    const types = result.file("types.ts");
    expect(types).toContain("export type Wide = {\n  Other?: number;\n} & (\n  | { A0: number; B0?: never }");
    expect(types.match(/\) & \(/g)).toHaveLength(7);
  });
});

describe("cycles", () => {
  it("a group that contains itself", async () => {
    const error = await rejection(
      wsdlWithSchema(`
      <xs:group name="Loop"><xs:sequence><xs:element name="A" type="xs:int" /><xs:group ref="tns:Loop" /></xs:sequence></xs:group>
      <xs:complexType name="T"><xs:sequence><xs:group ref="tns:Loop" /></xs:sequence></xs:complexType>`),
    );
    expect(error.diagnostics[0]!.code).toBe("schema-group-cycle");
  });

  it("an attribute group that contains itself", async () => {
    const error = await rejection(
      wsdlWithSchema(`
      <xs:attributeGroup name="Loop"><xs:attribute name="a" type="xs:int" /><xs:attributeGroup ref="tns:Loop" /></xs:attributeGroup>
      <xs:complexType name="T"><xs:attributeGroup ref="tns:Loop" /></xs:complexType>`),
    );
    expect(error.diagnostics[0]!.code).toBe("schema-group-cycle");
  });

  it("a complex type derived from itself, directly or through another", async () => {
    for (const schema of [
      `<xs:complexType name="A"><xs:complexContent><xs:extension base="tns:A" /></xs:complexContent></xs:complexType>`,
      `<xs:complexType name="A"><xs:complexContent><xs:extension base="tns:B" /></xs:complexContent></xs:complexType>
       <xs:complexType name="B"><xs:complexContent><xs:restriction base="tns:A" /></xs:complexContent></xs:complexType>`,
      `<xs:complexType name="A"><xs:simpleContent>
         <xs:restriction base="tns:B"><xs:enumeration value="x" /></xs:restriction>
       </xs:simpleContent></xs:complexType>
       <xs:complexType name="B"><xs:simpleContent><xs:extension base="tns:A" /></xs:simpleContent></xs:complexType>`,
    ]) {
      const error = await rejection(wsdlWithSchema(schema));
      expect(error.diagnostics[0]!.code).toBe("schema-derivation-cycle");
    }
  });

  it("a simple type derived from itself (restriction, list, union)", async () => {
    for (const schema of [
      `<xs:simpleType name="S"><xs:restriction base="tns:S" /></xs:simpleType>`,
      `<xs:simpleType name="S"><xs:list itemType="tns:L" /></xs:simpleType>` +
        `<xs:simpleType name="L"><xs:union memberTypes="tns:S xs:int" /></xs:simpleType>`,
    ]) {
      const error = await rejection(wsdlWithSchema(schema));
      expect(error.diagnostics[0]!.code).toBe("schema-derivation-cycle");
    }
  });

  it("an element that refers to itself through its anonymous type generates (the type is named after it)", async () => {
    const result = await generateAndTypecheck(
      wsdlWithSchema(`
      <xs:element name="Node"><xs:complexType><xs:sequence><xs:element minOccurs="0" ref="tns:Node" /></xs:sequence></xs:complexType></xs:element>
      <xs:complexType name="T"><xs:sequence><xs:element ref="tns:Node" /></xs:sequence></xs:complexType>`),
    );
    expect(result.file("types.ts")).toContain("export interface Node {\n  Node?: Node;\n}");
  });

  it("a substitution group that loops (A substitutes for B, B for A) still generates", async () => {
    const result = await generateAndTypecheck(
      wsdlWithSchema(`
      <xs:element name="A" substitutionGroup="tns:B" type="xs:int" />
      <xs:element name="B" substitutionGroup="tns:A" type="xs:int" />
      <xs:complexType name="T"><xs:sequence><xs:element ref="tns:A" /></xs:sequence></xs:complexType>`),
    );
    expect(result.file("types.ts")).toContain("| { A: number; B?: never }");
  });
});

describe("unsupported constructs: a warning and the documented fallback, never `any`", () => {
  const cases: { name: string; schema: string; warning: string; expect: string }[] = [
    {
      name: "a choice inside a repeated sequence becomes optional repeated members",
      schema:
        `<xs:complexType name="T"><xs:sequence maxOccurs="unbounded"><xs:choice>` +
        `<xs:element name="A" type="xs:int" /><xs:element name="B" type="xs:string" /></xs:choice></xs:sequence></xs:complexType>`,
      warning: "choice-as-optional",
      expect: "export interface T {\n  A?: number[];\n  B?: string[];\n}",
    },
    {
      name: "a choice with an xs:any alternative becomes optional members and $any",
      schema: `<xs:complexType name="T"><xs:choice><xs:element name="A" type="xs:int" /><xs:any /></xs:choice></xs:complexType>`,
      warning: "choice-as-optional",
      expect: "  A?: number;",
    },
    {
      name: "mixed content keeps the elements and drops the text between them",
      schema: `<xs:complexType name="T" mixed="true"><xs:sequence><xs:element name="B" type="xs:string" /></xs:sequence></xs:complexType>`,
      warning: "mixed-content",
      expect: "export interface T {\n  B: string;\n}",
    },
    {
      name: "a repeated sequence becomes separately repeated members",
      schema:
        `<xs:complexType name="T"><xs:sequence maxOccurs="unbounded"><xs:element name="K" type="xs:string" />` +
        `<xs:element name="V" type="xs:int" /></xs:sequence></xs:complexType>`,
      warning: "repeated-group",
      expect: "export interface T {\n  K: string[];\n  V: number[];\n}",
    },
    {
      name: "an attribute with an element's name is dropped",
      schema:
        `<xs:complexType name="T"><xs:sequence><xs:element name="id" type="xs:int" />` +
        `</xs:sequence><xs:attribute name="id" type="xs:string" /></xs:complexType>`,
      warning: "attribute-element-clash",
      expect: "export interface T {\n  id: number;\n}",
    },
    {
      name: "an element declared twice in one sequence becomes one repeated member",
      schema:
        `<xs:complexType name="T"><xs:sequence><xs:element name="A" type="xs:int" />` +
        `<xs:element name="B" type="xs:int" /><xs:element name="A" type="xs:int" /></xs:sequence></xs:complexType>`,
      warning: "duplicate-element",
      expect: "export interface T {\n  A: number[];\n  B: number;\n}",
    },
    {
      name: "an abstract element nothing substitutes for is a member of its own type",
      schema:
        `<xs:element abstract="true" name="Head" type="xs:string" /><xs:complexType name="T">` +
        `<xs:sequence><xs:element ref="tns:Head" /></xs:sequence></xs:complexType>`,
      warning: "substitution-group-empty",
      expect: "export interface T {\n  Head: string;\n}",
    },
    {
      name: "a SOAP-encoded array without wsdl:arrayType is unknown[]",
      schema:
        `<xs:import namespace="http://schemas.xmlsoap.org/soap/encoding/" />` +
        `<xs:complexType name="Arr" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">` +
        `<xs:complexContent><xs:restriction base="soapenc:Array" /></xs:complexContent></xs:complexType>`,
      warning: "soapenc-array",
      expect: "export type Arr = unknown[];",
    },
    {
      name: "a multi-dimensional SOAP-encoded array is flat",
      schema:
        `<xs:complexType name="Grid" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">` +
        `<xs:complexContent><xs:restriction base="soapenc:Array"><xs:attribute ref="soapenc:arrayType" wsdl:arrayType="xs:int[,]" />` +
        `</xs:restriction></xs:complexContent></xs:complexType>`,
      warning: "soapenc-array-multidimensional",
      expect: "export type Grid = number[];",
    },
    {
      name: "soapenc:Array used as a type says nothing about its items: unknown",
      schema:
        `<xs:complexType name="T" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">` +
        `<xs:sequence><xs:element name="Items" type="soapenc:Array" /></xs:sequence></xs:complexType>`,
      warning: "soapenc-untyped",
      expect: "export interface T {\n  Items: unknown;\n}",
    },
    {
      name: "xs:redefine content is ignored",
      schema:
        `<xs:redefine schemaLocation="Other.xsd"><xs:complexType name="X">` +
        `<xs:sequence /></xs:complexType></xs:redefine><xs:complexType name="T">` +
        `<xs:sequence><xs:element name="A" type="xs:int" /></xs:sequence></xs:complexType>`,
      warning: "schema-redefine",
      expect: "export interface T {\n  A: number;\n}",
    },
    {
      name: "a simpleType with a complexType's name is ignored",
      schema:
        `<xs:complexType name="T"><xs:sequence><xs:element name="A" type="xs:int" />` +
        `</xs:sequence></xs:complexType><xs:simpleType name="T"><xs:restriction base="xs:string" /></xs:simpleType>`,
      warning: "schema-duplicate-type",
      expect: "export interface T {\n  A: number;\n}",
    },
  ];

  it.each(cases)("$name", async (c) => {
    const wsdl = wsdlWithSchema(c.schema);
    let result;
    if (c.warning === "schema-redefine") {
      // The redefined schema must exist to be loaded.
      const dir = await tempDir("limits");
      await writeFile(
        path.join(dir, "Other.xsd"),
        `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test">` +
          `<xs:complexType name="X"><xs:sequence /></xs:complexType></xs:schema>`,
      );
      await writeFile(path.join(dir, "Test.wsdl"), wsdl);
      result = await generate({ wsdl: [path.join(dir, "Test.wsdl")] });
      await typecheck(
        await writeFiles(
          await tempDir("limits"),
          result.files.filter((f) => f.path.endsWith(".ts")),
        ),
        "NodeNext",
      );
    } else {
      result = await generateAndTypecheck(wsdl);
    }
    expect(result.warnings.map((w) => w.code)).toContain(c.warning);
    const types = result.files.find((f) => f.path.endsWith("/types.ts"))!.contents;
    expect(types).toContain(c.expect);
    for (const f of result.files) expect(code(f.contents), f.path).not.toMatch(/(?<![$\w])any\b/);
  });
});
