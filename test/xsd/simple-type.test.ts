/**
 * simpleType rules (xsd/simple-type.ts, with the WCF annotations of xsd/annotation.ts): enumerations as a literal
 * union plus a const object, WCF flags enums (`xs:list` of an anonymous enumeration), `EnumerationValue` and
 * `ActualType` (rule 4); other lists, unions and plain restrictions.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { ServiceMetadata, SimpleTypeMeta } from "../../runtime/src/metadata.js";
import { generateFromText, tempDir, typecheck, writeFiles, wsdlWithSchema } from "../helpers.js";

const SERIALIZATION = "http://schemas.microsoft.com/2003/10/Serialization/";

const enumerationValue = (n: number) =>
  `<xs:annotation><xs:appinfo><EnumerationValue xmlns="${SERIALIZATION}">${n}</EnumerationValue></xs:appinfo></xs:annotation>`;
const actualType = (name: string) =>
  `<xs:annotation><xs:appinfo>` +
  `<ActualType Name="${name}" Namespace="http://www.w3.org/2001/XMLSchema" xmlns="${SERIALIZATION}" /></xs:appinfo></xs:annotation>`;

const schema = `
      <xs:simpleType name="TicketSecurityLevel">
        ${actualType("short")}
        <xs:restriction base="xs:string">
          <xs:enumeration value="Unknown" />
          <xs:enumeration value="Internal" />
          <xs:enumeration value="External" />
        </xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="ETableRight">
        ${actualType("short")}
        <xs:list>
          <xs:simpleType>
            <xs:restriction base="xs:string">
              <xs:enumeration value="Select">${enumerationValue(1)}</xs:enumeration>
              <xs:enumeration value="Update">${enumerationValue(16)}</xs:enumeration>
            </xs:restriction>
          </xs:simpleType>
        </xs:list>
      </xs:simpleType>
      <xs:complexType name="Holder">
        <xs:sequence>
          <xs:element minOccurs="0" name="Level" type="tns:TicketSecurityLevel" />
          <xs:element minOccurs="0" name="Rights" type="tns:ETableRight" />
        </xs:sequence>
      </xs:complexType>`;

async function generateWriteAndLoad(schemaText: string, extra: { path: string; contents: string }[] = []) {
  const result = await generateFromText(wsdlWithSchema(schemaText));
  const dir = await tempDir("simple-type");
  const paths = await writeFiles(dir, [...result.files, ...extra]);
  await typecheck(paths, "NodeNext");
  const { metadata } = (await import(pathToFileURL(path.join(dir, "Test/metadata.ts")).href)) as {
    metadata: ServiceMetadata;
  };
  return { result, types: result.file("types.ts"), metadata };
}

function simpleMeta(metadata: ServiceMetadata, name: string): SimpleTypeMeta {
  const meta = metadata.types[name];
  if (meta?.kind !== "simple") throw new Error(`no simple type ${name} in metadata`);
  return meta;
}

describe("enumerations (rule 4)", () => {
  it("generate a literal union and a const object with the same name", async () => {
    const { types } = await generateWriteAndLoad(schema);
    expect(types).toContain('export type TicketSecurityLevel = "Unknown" | "Internal" | "External";');
    expect(types).toContain(
      [
        "export const TicketSecurityLevel = {",
        '  Unknown: "Unknown",',
        '  Internal: "Internal",',
        '  External: "External",',
        "} as const;",
      ].join("\n"),
    );
    expect(types).toContain("export interface Holder {\n  Level?: TicketSecurityLevel;\n  Rights?: ETableRight;\n}");
  });

  it("accept both the literal and the const member, and reject other strings (tsc)", async () => {
    const usage = [
      'import { TicketSecurityLevel, type Holder } from "./Test/types.js";',
      'export const a: TicketSecurityLevel = "Internal";',
      "export const b: TicketSecurityLevel = TicketSecurityLevel.External;",
      "export const h: Holder = { Level: TicketSecurityLevel.Unknown };",
      "// @ts-expect-error not a member of the enumeration",
      'export const c: TicketSecurityLevel = "Z";',
      "// @ts-expect-error not a key of the const",
      "export const d = TicketSecurityLevel.Z;",
      "",
    ].join("\n");
    await generateWriteAndLoad(schema, [{ path: "usage.ts", contents: usage }]);
  });

  it("quote const keys that are not identifiers", async () => {
    const { types } = await generateWriteAndLoad(`
      <xs:simpleType name="Odd">
        <xs:restriction base="xs:string">
          <xs:enumeration value="my-value" />
          <xs:enumeration value="1st" />
          <xs:enumeration value="class" />
          <xs:enumeration value="a b" />
        </xs:restriction>
      </xs:simpleType>`);
    expect(types).toContain('export type Odd = "my-value" | "1st" | "class" | "a b";');
    expect(types).toContain(
      [
        "export const Odd = {",
        '  "my-value": "my-value",',
        '  "1st": "1st",',
        '  class: "class",',
        '  "a b": "a b",',
        "} as const;",
      ].join("\n"),
    );
  });

  it("record values (and the restriction base) in metadata", async () => {
    const { metadata } = await generateWriteAndLoad(schema);
    expect(simpleMeta(metadata, "TicketSecurityLevel")).toMatchObject({
      variety: "enumeration",
      base: "xs:string",
      values: ["Unknown", "Internal", "External"],
    });
  });

  it("inline enumerations of a member become an inline literal union", async () => {
    const { types } = await generateWriteAndLoad(`
      <xs:complexType name="Light">
        <xs:sequence>
          <xs:element name="Color" nillable="true">
            <xs:simpleType>
              <xs:restriction base="xs:string">
                <xs:enumeration value="Red" />
                <xs:enumeration value="Green" />
              </xs:restriction>
            </xs:simpleType>
          </xs:element>
        </xs:sequence>
      </xs:complexType>`);
    expect(types).toContain('export interface Light {\n  Color: "Red" | "Green" | null;\n}');
  });
});

describe("WCF flags enums (rule 4)", () => {
  it("generate an array of the members plus the const, and type-check", async () => {
    const usage = [
      'import { ETableRight } from "./Test/types.js";',
      'export const a: ETableRight = ["Select", ETableRight.Update];',
      "export const none: ETableRight = [];",
      "// @ts-expect-error not a member",
      'export const c: ETableRight = ["Delete"];',
      "// @ts-expect-error a flags value is a list, not a single member",
      "export const d: ETableRight = ETableRight.Select;",
      "",
    ].join("\n");
    const { types } = await generateWriteAndLoad(schema, [{ path: "usage.ts", contents: usage }]);
    expect(types).toContain('export type ETableRight = ("Select" | "Update")[];');
    expect(types).toContain(
      [
        "export const ETableRight = {",
        "  /** Value 1. */",
        '  Select: "Select",',
        "  /** Value 16. */",
        '  Update: "Update",',
        "} as const;",
      ].join("\n"),
    );
    expect(types).toContain(
      "/**\n * Flags: a set of members, written on the wire as a space-separated list.\n *\n * .NET type: `short`.\n */\nexport type ETableRight = ",
    );
  });

  it("record the list, its item enumeration and the WCF values in metadata", async () => {
    const { metadata } = await generateWriteAndLoad(schema);
    const meta = simpleMeta(metadata, "ETableRight");
    expect(meta.variety).toBe("list");
    expect(meta.item).toEqual({
      kind: "simple",
      variety: "enumeration",
      base: "xs:string",
      values: ["Select", "Update"],
      wcfValues: { Select: "1", Update: "16" },
    });
  });
});

describe("WCF annotations on enumerations (rule 4)", () => {
  const annotated = `
      <xs:simpleType name="Priority">
        ${actualType("short")}
        <xs:restriction base="xs:string">
          <xs:enumeration value="Low">${enumerationValue(0)}</xs:enumeration>
          <xs:enumeration value="High">
            <xs:annotation>
              <xs:documentation>Handled first.</xs:documentation>
              <xs:appinfo><EnumerationValue xmlns="${SERIALIZATION}">16</EnumerationValue></xs:appinfo>
            </xs:annotation>
          </xs:enumeration>
          <xs:enumeration value="Plain" />
        </xs:restriction>
      </xs:simpleType>`;

  it("EnumerationValue appears as `/** Value N. */` on the const member and in metadata wcfValues", async () => {
    const { types, metadata } = await generateWriteAndLoad(annotated);
    expect(types).toContain(
      [
        "export const Priority = {",
        "  /** Value 0. */",
        '  Low: "Low",',
        "  /** Handled first. Value 16. */",
        '  High: "High",',
        '  Plain: "Plain",',
        "} as const;",
      ].join("\n"),
    );
    expect(simpleMeta(metadata, "Priority").wcfValues).toEqual({ Low: "0", High: "16" });
  });

  it("ActualType appears in the type's JSDoc and in metadata actualType", async () => {
    const { types, metadata } = await generateWriteAndLoad(annotated);
    expect(types).toContain('/** .NET type: `short`. */\nexport type Priority = "Low" | "High" | "Plain";');
    expect(simpleMeta(metadata, "Priority").actualType).toEqual({
      ns: "http://www.w3.org/2001/XMLSchema",
      name: "short",
    });
  });

  it("without EnumerationValue there is no wcfValues and no member JSDoc", async () => {
    const { types, metadata } = await generateWriteAndLoad(schema);
    expect(types).toContain('export const TicketSecurityLevel = {\n  Unknown: "Unknown",');
    expect(simpleMeta(metadata, "TicketSecurityLevel").wcfValues).toBeUndefined();
  });

  it("without ActualType there is no actualType and no .NET note", async () => {
    const { types, metadata } = await generateWriteAndLoad(`
      <xs:simpleType name="Plain">
        <xs:restriction base="xs:string">
          <xs:enumeration value="A" />
        </xs:restriction>
      </xs:simpleType>`);
    expect(types).toContain('export type Plain = "A";');
    expect(types).not.toContain(".NET type");
    expect(simpleMeta(metadata, "Plain").actualType).toBeUndefined();
  });
});

describe("other simple types", () => {
  it("a list of a named type is T[], a union joins its members, a restriction aliases its base", async () => {
    const { types } = await generateWriteAndLoad(`
      <xs:simpleType name="Color">
        <xs:restriction base="xs:string">
          <xs:enumeration value="Red" />
          <xs:enumeration value="Green" />
        </xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="Colors">
        <xs:list itemType="tns:Color" />
      </xs:simpleType>
      <xs:simpleType name="Numbers">
        <xs:list itemType="xs:int" />
      </xs:simpleType>
      <xs:simpleType name="IntOrBool">
        <xs:union memberTypes="xs:int xs:boolean" />
      </xs:simpleType>
      <xs:simpleType name="IntOrText">
        <xs:union memberTypes="xs:int xs:string" />
      </xs:simpleType>
      <xs:simpleType name="guid">
        <xs:restriction base="xs:string">
          <xs:pattern value="[\\da-fA-F]{8}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{12}" />
        </xs:restriction>
      </xs:simpleType>`);
    expect(types).toContain("export type Colors = Color[];");
    expect(types).toContain("export type Numbers = number[];");
    expect(types).toContain("export type IntOrBool = number | boolean;");
    expect(types).toContain("export type IntOrText = string;");
    expect(types).toContain("export type guid = string;");
  });
});
