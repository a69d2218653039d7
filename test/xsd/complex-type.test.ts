/**
 * complexType rules (xsd/complex-type.ts): WCF `ArrayOfX` wrappers (rule 3), WCF dictionaries (rule 5),
 * complexContent extension and recursive types (rule 6).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { ComplexTypeMeta, ServiceMetadata } from "../../runtime/src/metadata.js";
import { generateFromText, tempDir, typecheck, writeFiles, wsdlWithSchema } from "../helpers.js";

const ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";
const SERIALIZATION = "http://schemas.microsoft.com/2003/10/Serialization/";

/** Writes the generated files to a fresh folder, type-checks them (NodeNext) and loads the generated `metadata.ts`. */
async function compileAndLoad(files: { path: string; contents: string }[]): Promise<ServiceMetadata> {
  const dir = await tempDir("complex-type");
  await typecheck(await writeFiles(dir, files), "NodeNext");
  const mod = (await import(pathToFileURL(path.join(dir, "Test/metadata.ts")).href)) as { metadata: ServiceMetadata };
  return mod.metadata;
}

/** Loads the generated `metadata.ts` without type-checking. */
async function loadMetadata(files: { path: string; contents: string }[]): Promise<ServiceMetadata> {
  const dir = await tempDir("complex-type");
  await writeFiles(dir, files);
  const mod = (await import(pathToFileURL(path.join(dir, "Test/metadata.ts")).href)) as { metadata: ServiceMetadata };
  return mod.metadata;
}

function complexMeta(metadata: ServiceMetadata, name: string): ComplexTypeMeta {
  const meta = metadata.types[name];
  if (meta?.kind !== "complex") throw new Error(`no complex type ${name} in metadata`);
  return meta;
}

describe("WCF ArrayOfX wrappers (rule 3)", () => {
  // As WCF writes it: the arrays live in their own schema, imported by namespace only, and the prefix for that
  // namespace is declared on the very element that uses it.
  const wsdl = `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="TestService" targetNamespace="urn:test" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="urn:test" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <wsdl:types>
    <xs:schema elementFormDefault="qualified" targetNamespace="urn:test">
      <xs:import namespace="${ARRAYS}" />
      <xs:complexType name="Ticket">
        <xs:sequence>
          <xs:element name="Id" type="xs:int" />
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="ArrayOfTicket">
        <xs:sequence>
          <xs:element minOccurs="0" maxOccurs="unbounded" name="Ticket" type="tns:Ticket" />
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="TicketBatchReplyData">
        <xs:sequence>
          <xs:element minOccurs="0" name="TicketIds" nillable="true" type="q1:ArrayOfint" xmlns:q1="${ARRAYS}" />
          <xs:element minOccurs="0" name="Names" nillable="true" type="q2:ArrayOfstring" xmlns:q2="${ARRAYS}" />
          <xs:element name="Tickets" type="tns:ArrayOfTicket" />
          <xs:element name="Ids" type="q3:ArrayOfint" xmlns:q3="${ARRAYS}" />
        </xs:sequence>
      </xs:complexType>
    </xs:schema>
    <xs:schema elementFormDefault="qualified" targetNamespace="${ARRAYS}" xmlns:tns="${ARRAYS}">
      <xs:complexType name="ArrayOfint">
        <xs:sequence>
          <xs:element minOccurs="0" maxOccurs="unbounded" name="int" type="xs:int" />
        </xs:sequence>
      </xs:complexType>
      <xs:element name="ArrayOfint" nillable="true" type="tns:ArrayOfint" />
      <xs:complexType name="ArrayOfstring">
        <xs:sequence>
          <xs:element minOccurs="0" maxOccurs="unbounded" name="string" nillable="true" type="xs:string" />
        </xs:sequence>
      </xs:complexType>
      <xs:element name="ArrayOfstring" nillable="true" type="tns:ArrayOfstring" />
    </xs:schema>
  </wsdl:types>
</wsdl:definitions>
`;

  it("maps members of ArrayOfX types to X[] and type-checks", async () => {
    const result = await generateFromText(wsdl);
    const types = result.file("types.ts");
    expect(types).toContain(
      [
        "export interface TicketBatchReplyData {",
        "  TicketIds?: number[] | null;",
        "  Names?: (string | null)[] | null;",
        "  Tickets: Ticket[];",
        "  Ids: number[];",
        "}",
      ].join("\n"),
    );
    await compileAndLoad(result.files);
  });

  it("declares the wrappers as aliases of their item arrays", async () => {
    const types = (await generateFromText(wsdl)).file("types.ts");
    expect(types).toContain("export type ArrayOfint = number[];");
    expect(types).toContain("export type ArrayOfstring = (string | null)[];");
    expect(types).toContain("export type ArrayOfTicket = Ticket[];");
    expect(types).not.toMatch(/interface ArrayOf/);
  });

  it("keeps the wrapper and its item element in metadata", async () => {
    const metadata = await loadMetadata((await generateFromText(wsdl)).files);
    const arrayOfInt = complexMeta(metadata, "ArrayOfint");
    expect(arrayOfInt.xml).toEqual({ ns: ARRAYS, name: "ArrayOfint" });
    expect(arrayOfInt.array).toEqual({ item: { name: "int", ns: ARRAYS, type: "xs:int", min: 0, max: "unbounded" } });
    expect(complexMeta(metadata, "ArrayOfstring").array?.item).toMatchObject({
      name: "string",
      type: "xs:string",
      nillable: true,
    });
    expect(complexMeta(metadata, "ArrayOfTicket").array?.item).toMatchObject({
      name: "Ticket",
      ns: "urn:test",
      type: "Ticket",
    });
    // Members refer to the wrapper type, so the codec writes the wrapper element on the wire.
    const data = complexMeta(metadata, "TicketBatchReplyData");
    expect(data.fields.find((f) => f.name === "TicketIds")).toEqual({
      name: "TicketIds",
      ns: "urn:test",
      type: "ArrayOfint",
      min: 0,
      max: 1,
      nillable: true,
    });
  });

  it("is recognised by name only for ArrayOf… types with exactly one repeated element", async () => {
    const schema = (
      await generateFromText(
        wsdlWithSchema(`
      <xs:complexType name="ArrayOfPair">
        <xs:sequence>
          <xs:element maxOccurs="unbounded" name="Left" type="xs:int" />
          <xs:element maxOccurs="unbounded" name="Right" type="xs:int" />
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="ArrayOfOne">
        <xs:sequence>
          <xs:element name="Only" type="xs:int" />
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="ListOfInt">
        <xs:sequence>
          <xs:element maxOccurs="unbounded" name="int" type="xs:int" />
        </xs:sequence>
      </xs:complexType>`),
        { arrayWrappers: "keep" },
      )
    ).file("types.ts");
    expect(schema).toContain("export interface ArrayOfPair {\n  Left: number[];\n  Right: number[];\n}");
    expect(schema).toContain("export interface ArrayOfOne {\n  Only: number;\n}");
    // With arrayWrappers "keep"; by default ListOfInt is an array wrapper too (model/array-wrappers.ts).
    expect(schema).toContain("export interface ListOfInt {\n  int: number[];\n}");
  });

  it("nests: ArrayOfArrayOfint is number[][]", async () => {
    const result = await generateFromText(
      wsdlWithSchema(`
      <xs:complexType name="ArrayOfint">
        <xs:sequence>
          <xs:element minOccurs="0" maxOccurs="unbounded" name="int" type="xs:int" />
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="ArrayOfArrayOfint">
        <xs:sequence>
          <xs:element minOccurs="0" maxOccurs="unbounded" name="ArrayOfint" nillable="true" type="tns:ArrayOfint" />
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="Grid">
        <xs:sequence>
          <xs:element name="Rows" type="tns:ArrayOfArrayOfint" />
        </xs:sequence>
      </xs:complexType>`),
    );
    const types = result.file("types.ts");
    expect(types).toContain("export type ArrayOfArrayOfint = (number[] | null)[];");
    expect(types).toContain("export interface Grid {\n  Rows: (number[] | null)[];\n}");
    await compileAndLoad(result.files);
  });

  // Regression (fixed): a valid ArrayOfX whose item is ArrayOfX itself made TypeContext.expr recurse without end
  // ("RangeError: Maximum call stack size exceeded"); the recursive alias is expressible in TypeScript.
  it("handles an ArrayOfX whose item type is ArrayOfX itself", async () => {
    const result = await generateFromText(
      wsdlWithSchema(`
      <xs:complexType name="ArrayOfNode">
        <xs:sequence>
          <xs:element minOccurs="0" maxOccurs="unbounded" name="ArrayOfNode" type="tns:ArrayOfNode" />
        </xs:sequence>
      </xs:complexType>`),
    );
    expect(result.file("types.ts")).toContain("export type ArrayOfNode = ArrayOfNode[];");
    await compileAndLoad(result.files);
  });
});

describe("WCF dictionaries (rule 5)", () => {
  const dictionary = (valueType: string, valueNillable: boolean, marker = "true") => `
      <xs:complexType name="SoExtraInfo">
        <xs:annotation>
          <xs:appinfo>
            <IsDictionary xmlns="${SERIALIZATION}">${marker}</IsDictionary>
          </xs:appinfo>
        </xs:annotation>
        <xs:sequence>
          <xs:element minOccurs="0" maxOccurs="unbounded" name="ExtraInfoNameValuePair">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="Key" nillable="true" type="xs:string" />
                <xs:element name="Value"${valueNillable ? ' nillable="true"' : ""} type="${valueType}" />
              </xs:sequence>
            </xs:complexType>
          </xs:element>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="Reply">
        <xs:sequence>
          <xs:element minOccurs="0" name="ExtraInfo" nillable="true" type="tns:SoExtraInfo" />
        </xs:sequence>
      </xs:complexType>`;

  it("maps an IsDictionary type to Record<string, V> and type-checks", async () => {
    const result = await generateFromText(wsdlWithSchema(dictionary("xs:string", true)));
    const types = result.file("types.ts");
    expect(types).toContain("export type SoExtraInfo = Record<string, string | null>;");
    expect(types).toContain("export interface Reply {\n  ExtraInfo?: SoExtraInfo | null;\n}");
    await compileAndLoad(result.files);
  });

  it("uses the Value type, without null when Value is not nillable", async () => {
    const types = (await generateFromText(wsdlWithSchema(dictionary("xs:int", false)))).file("types.ts");
    expect(types).toContain("export type SoExtraInfo = Record<string, number>;");
  });

  it("keeps the entry element, key and value in metadata", async () => {
    const metadata = await loadMetadata((await generateFromText(wsdlWithSchema(dictionary("xs:string", true)))).files);
    const meta = complexMeta(metadata, "SoExtraInfo");
    expect(meta.dictionary?.entry).toEqual({ ns: "urn:test", name: "ExtraInfoNameValuePair" });
    expect(meta.dictionary?.key).toMatchObject({ name: "Key", type: "xs:string" });
    expect(meta.dictionary?.value).toMatchObject({ name: "Value", type: "xs:string", nillable: true });
  });

  it("is not a dictionary without the IsDictionary marker", async () => {
    // Kept as an object: by default its one repeated element makes it an array wrapper (SoExtraInfo_…[]).
    const wsdl = wsdlWithSchema(dictionary("xs:string", true, "false"));
    const types = (await generateFromText(wsdl, { arrayWrappers: "keep" })).file("types.ts");
    // The anonymous entry type is declared under a name made of its owner and field (README "Naming").
    expect(types).toContain(
      "export interface SoExtraInfo {\n  ExtraInfoNameValuePair?: SoExtraInfo_ExtraInfoNameValuePair[];\n}",
    );
    expect(types).toContain(
      "export interface SoExtraInfo_ExtraInfoNameValuePair {\n  Key: string | null;\n  Value: string | null;\n}",
    );
  });
});

describe("complexContent extension and recursion (rule 6)", () => {
  const schema = `
      <xs:complexType name="Base">
        <xs:sequence>
          <xs:element name="Id" type="xs:int" />
          <xs:element minOccurs="0" name="Name" nillable="true" type="xs:string" />
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="Derived">
        <xs:complexContent mixed="false">
          <xs:extension base="tns:Base">
            <xs:sequence>
              <xs:element minOccurs="0" name="Extra" type="xs:boolean" />
            </xs:sequence>
          </xs:extension>
        </xs:complexContent>
      </xs:complexType>
      <xs:complexType name="MoreDerived">
        <xs:complexContent mixed="false">
          <xs:extension base="tns:Derived">
            <xs:sequence>
              <xs:element name="Level" type="xs:int" />
            </xs:sequence>
          </xs:extension>
        </xs:complexContent>
      </xs:complexType>
      <xs:complexType name="SoExceptionInfo">
        <xs:sequence>
          <xs:element minOccurs="0" name="Message" nillable="true" type="xs:string" />
          <xs:element minOccurs="0" name="InnerException" nillable="true" type="tns:SoExceptionInfo" />
          <xs:element minOccurs="0" maxOccurs="unbounded" name="Suppressed" type="tns:SoExceptionInfo" />
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="TreeNode">
        <xs:sequence>
          <xs:element minOccurs="0" name="Children" nillable="true" type="tns:ArrayOfTreeNode" />
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="ArrayOfTreeNode">
        <xs:sequence>
          <xs:element minOccurs="0" maxOccurs="unbounded" name="TreeNode" nillable="true" type="tns:TreeNode" />
        </xs:sequence>
      </xs:complexType>`;

  it("generates `interface Derived extends Base` with only the derived members, and type-checks", async () => {
    const result = await generateFromText(wsdlWithSchema(schema));
    const types = result.file("types.ts");
    // Each type of the hierarchy also says which types a value of it may actually be (`$type`, sent as xsi:type).
    const $type = (name: string, union: string) =>
      `  /** The value's actual type, when it is one derived from \`${name}\` ` +
      `(sent as \`xsi:type\`; set on decoded values of a derived type). */\n  $type?: ${union};\n`;
    expect(types).toContain(
      `export interface Base {\n${$type("Base", '"Base" | "Derived" | "MoreDerived"')}  Id: number;\n  Name?: string | null;\n}`,
    );
    expect(types).toContain(
      `export interface Derived extends Base {\n${$type("Derived", '"Derived" | "MoreDerived"')}  Extra?: boolean;\n}`,
    );
    expect(types).toContain(
      `export interface MoreDerived extends Derived {\n${$type("MoreDerived", '"MoreDerived"')}  Level: number;\n}`,
    );
    await compileAndLoad(result.files);
  });

  it("records base and derivation in metadata, fields of the derived type only", async () => {
    const metadata = await loadMetadata((await generateFromText(wsdlWithSchema(schema))).files);
    const derived = complexMeta(metadata, "Derived");
    expect(derived.base).toBe("Base");
    expect(derived.derivation).toBe("extension");
    expect(derived.fields.map((f) => f.name)).toEqual(["Extra"]);
  });

  // README "Type mapping": `complexContent/restriction` → `interface X { … }` with the restricted members (found by
  // this test: the restriction used to extend its base and so kept the member it removed).
  it("generates complexContent/restriction as an interface of the restricted members only", async () => {
    const types = (
      await generateFromText(
        wsdlWithSchema(`
      <xs:complexType name="Base">
        <xs:sequence>
          <xs:element name="A" type="xs:int" />
          <xs:element minOccurs="0" name="B" nillable="true" type="xs:string" />
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="Restricted">
        <xs:complexContent>
          <xs:restriction base="tns:Base">
            <xs:sequence>
              <xs:element name="A" type="xs:int" />
            </xs:sequence>
          </xs:restriction>
        </xs:complexContent>
      </xs:complexType>`),
      )
    ).file("types.ts");
    expect(types).toContain("export interface Restricted {\n  A: number;\n}");
  });

  it("generates recursive types (directly and through an ArrayOf wrapper) that type-check", async () => {
    const result = await generateFromText(wsdlWithSchema(schema));
    const types = result.file("types.ts");
    expect(types).toContain(
      [
        "export interface SoExceptionInfo {",
        "  Message?: string | null;",
        "  InnerException?: SoExceptionInfo | null;",
        "  Suppressed?: SoExceptionInfo[];",
        "}",
      ].join("\n"),
    );
    expect(types).toContain("export interface TreeNode {\n  Children?: (TreeNode | null)[] | null;\n}");
    expect(types).toContain("export type ArrayOfTreeNode = (TreeNode | null)[];");
    const dir = await tempDir("complex-type-recursion");
    const paths = await writeFiles(dir, [
      ...result.files,
      {
        path: "usage.ts",
        contents: [
          'import type { SoExceptionInfo, TreeNode } from "./Test/types.js";',
          'export const info: SoExceptionInfo = { Message: "outer", InnerException: { Message: "inner", InnerException: null } };',
          "export const tree: TreeNode = { Children: [{ Children: null }, null, { Children: [] }] };",
          "// @ts-expect-error InnerException must be an SoExceptionInfo",
          'export const bad: SoExceptionInfo = { InnerException: "text" };',
          "",
        ].join("\n"),
      },
    ]);
    await typecheck(paths, "NodeNext");
  });
});
