/**
 * XSD built-ins (model/builtins.ts): the category of each built-in, the scalar mapping option (rule 7) and the
 * guarantee that nothing is generated as `any` (rule 8).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { builtinCategory, builtinTsType, DEFAULT_SCALARS, lossyScalarChoices } from "../../generator/model/builtins.js";
import type { ServiceMetadata } from "../../runtime/src/metadata.js";
import { generateFromText, tempDir, typecheck, writeFiles, wsdlWithSchema } from "../helpers.js";

/** One document/literal wrapped operation `Op` (elements `Op` and `OpResponse` must be declared by the schema). */
const OPERATION = `
  <wsdl:message name="OpRequest"><wsdl:part name="parameters" element="tns:Op" /></wsdl:message>
  <wsdl:message name="OpResponse"><wsdl:part name="parameters" element="tns:OpResponse" /></wsdl:message>
  <wsdl:portType name="Svc">
    <wsdl:operation name="Op"><wsdl:input message="tns:OpRequest" /><wsdl:output message="tns:OpResponse" /></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="SvcBinding" type="tns:Svc">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http" />
    <wsdl:operation name="Op">
      <soap:operation soapAction="urn:test/Op" style="document" />
      <wsdl:input><soap:body use="literal" /></wsdl:input>
      <wsdl:output><soap:body use="literal" /></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="TestService">
    <wsdl:port name="SvcPort" binding="tns:SvcBinding"><soap:address location="http://localhost/svc" /></wsdl:port>
  </wsdl:service>`;

const scalarSchema = `
      <xs:complexType name="Numbers">
        <xs:sequence>
          <xs:element name="Long" type="xs:long" />
          <xs:element name="UnsignedLong" type="xs:unsignedLong" />
          <xs:element name="Integer" type="xs:integer" />
          <xs:element name="Decimal" type="xs:decimal" />
          <xs:element minOccurs="0" name="When" nillable="true" type="xs:dateTime" />
          <xs:element maxOccurs="unbounded" name="Longs" type="xs:long" />
          <xs:element name="Int" type="xs:int" />
        </xs:sequence>
        <xs:attribute name="Version" type="xs:long" />
      </xs:complexType>
      <xs:simpleType name="Big">
        <xs:restriction base="xs:long" />
      </xs:simpleType>`;

async function generateAndTypecheck(
  schema: string,
  options: Parameters<typeof generateFromText>[1] = {},
  operations = "",
) {
  const result = await generateFromText(wsdlWithSchema(schema, operations), options);
  await typecheck(await writeFiles(await tempDir("builtins"), result.files), "NodeNext");
  return result;
}

/** The declaration line of member `name` in a types file. */
const memberLine = (types: string, name: string) =>
  types.split("\n").find((l) => l.startsWith(`  ${name}?: `) || l.startsWith(`  ${name}: `));

describe("scalar mapping (rule 7)", () => {
  it("maps xs:long, xs:unsignedLong, xs:integer, xs:decimal and xs:dateTime to string by default, without warnings", async () => {
    const result = await generateAndTypecheck(scalarSchema);
    const types = result.file("types.ts");
    expect(types).toContain(
      [
        "export interface Numbers {",
        "  Version?: string;",
        "  /** `xs:long`: the integer's decimal text, exact at any size. */",
        "  Long: string;",
        "  /** `xs:unsignedLong`: the integer's decimal text, exact at any size. */",
        "  UnsignedLong: string;",
        "  /** `xs:integer`: the integer's decimal text, exact at any size. */",
        "  Integer: string;",
        "  /** `xs:decimal`: the decimal text as written, exact. */",
        "  Decimal: string;",
        "  /** `xs:dateTime`: the lexical form as written on the wire (ISO 8601). */",
        "  When?: string | null;",
        "  /** `xs:long`: the integer's decimal text, exact at any size. */",
        "  Longs: string[];",
        "  Int: number;",
        "}",
      ].join("\n"),
    );
    expect(types).toContain("export type Big = string;");
    expect(result.warnings.filter((w) => w.code === "lossy-mapping")).toEqual([]);
  });

  it("maps the integer family to bigint with scalars.integer = bigint (no warning)", async () => {
    const result = await generateAndTypecheck(scalarSchema, { scalars: { integer: "bigint" } });
    const types = result.file("types.ts");
    expect(memberLine(types, "Long")).toBe("  Long: bigint;");
    expect(memberLine(types, "UnsignedLong")).toBe("  UnsignedLong: bigint;");
    expect(memberLine(types, "Integer")).toBe("  Integer: bigint;");
    expect(memberLine(types, "Longs")).toBe("  Longs: bigint[];");
    expect(memberLine(types, "Version")).toBe("  Version?: bigint;");
    expect(memberLine(types, "Decimal")).toBe("  Decimal: string;");
    expect(types).toContain("export type Big = bigint;");
    // The representation note only describes the string form.
    expect(types).not.toContain("`xs:long`: the integer's decimal text");
    expect(result.warnings.filter((w) => w.code === "lossy-mapping")).toEqual([]);
  });

  it("maps xs:decimal to number with scalars.decimal = number, and warns lossy-mapping", async () => {
    const result = await generateAndTypecheck(scalarSchema, { scalars: { decimal: "number" } });
    expect(memberLine(result.file("types.ts"), "Decimal")).toBe("  Decimal: number;");
    expect(memberLine(result.file("types.ts"), "Long")).toBe("  Long: string;");
    const lossy = result.warnings.filter((w) => w.code === "lossy-mapping");
    expect(lossy).toHaveLength(1);
    expect(lossy[0]!.severity).toBe("warning");
    expect(lossy[0]!.message).toMatch(/decimal/);
  });

  it("maps xs:dateTime to Date with scalars.dateTime = Date", async () => {
    const result = await generateAndTypecheck(scalarSchema, { scalars: { dateTime: "Date" } });
    expect(memberLine(result.file("types.ts"), "When")).toBe("  When?: Date | null;");
    expect(result.warnings.map((w) => w.code)).toContain("lossy-mapping");
  });

  it("writes the chosen representations into metadata.ts", async () => {
    const result = await generateFromText(wsdlWithSchema(scalarSchema), {
      scalars: { integer: "bigint", dateTime: "Date" },
    });
    const dir = await tempDir("builtins");
    await writeFiles(dir, result.files);
    const { metadata } = (await import(pathToFileURL(path.join(dir, "Test/metadata.ts")).href)) as {
      metadata: ServiceMetadata;
    };
    expect(metadata.scalars).toEqual({
      integer: "bigint",
      decimal: "string",
      dateTime: "Date",
      date: "string",
      binary: "string",
    });
  });

  it("applies to agent parameters and results too", async () => {
    const schema = `
      <xs:element name="Op">
        <xs:complexType><xs:sequence><xs:element name="Amount" type="xs:decimal" /></xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="OpResponse">
        <xs:complexType><xs:sequence><xs:element name="OpResult" type="xs:long" /></xs:sequence></xs:complexType>
      </xs:element>`;
    const byDefault = await generateAndTypecheck(schema, {}, OPERATION);
    expect(byDefault.file("SvcAgent.ts")).toContain(
      "Op(amount: string, options?: CallOptions<SvcAgentRequestHeaders>): Promise<string>;",
    );
    const chosen = await generateAndTypecheck(schema, { scalars: { decimal: "number", integer: "bigint" } }, OPERATION);
    expect(chosen.file("SvcAgent.ts")).toContain(
      "Op(amount: number, options?: CallOptions<SvcAgentRequestHeaders>): Promise<bigint>;",
    );
  });
});

describe("builtinTsType / lossyScalarChoices", () => {
  it("maps each category under the default and the alternative representations", () => {
    const alt = { integer: "number", decimal: "number", dateTime: "Date", date: "Date", binary: "Uint8Array" } as const;
    const cases: [string, string, string][] = [
      ["string", "string", "string"],
      ["anyURI", "string", "string"],
      ["duration", "string", "string"],
      ["boolean", "boolean", "boolean"],
      ["int", "number", "number"],
      ["double", "number", "number"],
      ["unsignedShort", "number", "number"],
      ["long", "string", "number"],
      ["nonNegativeInteger", "string", "number"],
      ["decimal", "string", "number"],
      ["dateTime", "string", "Date"],
      ["date", "string", "Date"],
      ["base64Binary", "string", "Uint8Array"],
      ["hexBinary", "string", "Uint8Array"],
      ["anyType", "unknown", "unknown"],
    ];
    for (const [name, byDefault, alternative] of cases) {
      expect([name, builtinTsType(name, DEFAULT_SCALARS)]).toEqual([name, byDefault]);
      expect([name, builtinTsType(name, alt)]).toEqual([name, alternative]);
    }
  });

  it("knows built-ins only by their own names", () => {
    expect(builtinCategory("long")).toBe("integer");
    expect(builtinCategory("toString")).toBeUndefined();
    expect(builtinCategory("constructor")).toBeUndefined();
    expect(builtinCategory("Long")).toBeUndefined();
  });

  it("lists exactly the lossy choices", () => {
    expect(lossyScalarChoices(DEFAULT_SCALARS)).toEqual([]);
    expect(lossyScalarChoices({ ...DEFAULT_SCALARS, integer: "bigint", binary: "Uint8Array" })).toEqual([]);
    expect(lossyScalarChoices({ ...DEFAULT_SCALARS, integer: "number" })).toHaveLength(1);
    expect(
      lossyScalarChoices({ integer: "number", decimal: "number", dateTime: "Date", date: "Date", binary: "string" }),
    ).toHaveLength(4);
  });
});

describe("nothing becomes any (rule 8)", () => {
  const BUILTINS = (
    "string normalizedString token language Name NCName ID IDREF IDREFS ENTITY ENTITIES NMTOKEN NMTOKENS anyURI QName NOTATION " +
    "anySimpleType duration time gYear gYearMonth gMonth gMonthDay gDay boolean float double int short byte " +
    "unsignedInt unsignedShort unsignedByte integer long unsignedLong nonNegativeInteger nonPositiveInteger positiveInteger " +
    "negativeInteger decimal dateTime date base64Binary hexBinary anyType"
  ).split(" ");
  const schema = `
      <xs:complexType name="Everything">
        <xs:sequence>
${BUILTINS.map((b) => `          <xs:element minOccurs="0" name="F_${b}" nillable="true" type="xs:${b}" />`).join("\n")}
          <xs:element name="Untyped" />
          <xs:element maxOccurs="unbounded" name="ManyAny" type="xs:anyType" />
          <xs:any minOccurs="0" maxOccurs="unbounded" processContents="lax" />
        </xs:sequence>
        <xs:attribute name="UntypedAttribute" />
        <xs:anyAttribute />
      </xs:complexType>
      <xs:complexType name="Bag">
        <xs:complexContent>
          <xs:extension base="xs:anyType">
            <xs:sequence><xs:element name="Item" type="xs:anyType" /></xs:sequence>
          </xs:extension>
        </xs:complexContent>
      </xs:complexType>
      <xs:simpleType name="Anything">
        <xs:restriction base="xs:anySimpleType" />
      </xs:simpleType>
      <xs:element name="Op">
        <xs:complexType><xs:sequence>
          <xs:element name="Payload" type="xs:anyType" />
          <xs:element name="Thing" type="tns:Everything" />
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="OpResponse">
        <xs:complexType><xs:sequence><xs:element name="OpResult" type="xs:anyType" /></xs:sequence></xs:complexType>
      </xs:element>`;

  it("generates no `any` in any file for a schema using every built-in, and type-checks", async () => {
    const result = await generateAndTypecheck(schema, {}, OPERATION);
    expect(result.files.map((f) => f.path).sort()).toEqual([
      ".wsdlgen-manifest.json",
      "Test/SvcAgent.ts",
      "Test/index.ts",
      "Test/metadata.ts",
      "Test/types.ts",
    ]);
    for (const file of result.files) {
      expect([file.path, /:\s*any\b|<any>|any\[\]|\bas any\b/.test(file.contents)]).toEqual([file.path, false]);
    }
  });

  it("maps xs:anyType and untyped elements to unknown, xs:anySimpleType and untyped attributes to string", async () => {
    const result = await generateFromText(wsdlWithSchema(schema, OPERATION));
    const types = result.file("types.ts");
    expect(memberLine(types, "F_anyType")).toBe("  F_anyType?: unknown | null;");
    expect(memberLine(types, "Untyped")).toBe("  Untyped: unknown;");
    expect(memberLine(types, "UntypedAttribute")).toBe("  UntypedAttribute?: string;");
    expect(memberLine(types, "ManyAny")).toBe("  ManyAny: unknown[];");
    expect(memberLine(types, "F_anySimpleType")).toBe("  F_anySimpleType?: string | null;");
    expect(types).toContain("export interface Bag {\n  Item: unknown;\n}");
    expect(types).toContain("export type Anything = string;");
    expect(result.file("SvcAgent.ts")).toContain(
      "Op(payload: unknown, thing: Everything, options?: CallOptions<SvcAgentRequestHeaders>): Promise<unknown>;",
    );
  });

  it("maps every built-in as the mapping table says", async () => {
    const types = (await generateFromText(wsdlWithSchema(schema))).file("types.ts");
    const expected: Record<string, string> = { boolean: "boolean", anyType: "unknown" };
    for (const n of "float double int short byte unsignedInt unsignedShort unsignedByte".split(" "))
      expected[n] = "number";
    for (const b of BUILTINS) {
      const ts = expected[b] ?? "string";
      expect(memberLine(types, `F_${b}`)).toBe(`  F_${b}?: ${ts} | null;`);
    }
  });
});
