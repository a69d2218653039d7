/**
 * Hostile WSDL text: names and `wsdl:documentation` / `xs:documentation` that try to break out of identifiers,
 * string literals and comments (`*` `/`, quotes, backticks, `${`, newlines, `</script>`, U+2028/U+2029,
 * backslashes). The generated code must type-check, compile, load and run without executing any of it (a canary
 * global stays unset), and keep every name exactly as written where it is data (metadata).
 */
import { describe, expect, it } from "vitest";
import { loadMetadata } from "../../generator/index.js";
import { encodeRequest, operationRef } from "../../runtime/src/codec.js";
import { SoapCodecError } from "../../runtime/src/errors.js";
import type { ComplexTypeMeta } from "../../runtime/src/metadata.js";
import { generateFromText } from "../helpers.js";
import { CANARY, compileAndRun, RUNTIME_IMPORT } from "./run-generated.js";

const set = (how: string) => `globalThis.${CANARY} = "${how}"`;

/** Each tries another way out of a comment, a string, a template literal or a line. */
export const PAYLOADS = [
  `*/ ${set("comment")}; /*`,
  `" + (${set("double")}) + "`,
  `' + (${set("single")}) + '`,
  "` + (" + set("backtick") + ") + `",
  "${" + set("template") + "}",
  `\n${set("newline")}; //`,
  `\u2028${set("ls")}; //`,
  `\u2029${set("ps")}; //`,
  `</script><script>${set("script")}</script>`,
  `\\"; ${set("backslash")}; //`,
  `\r\n*/ ${set("crlf")}; /**`,
  `-->${set("html-comment")}<!--`,
];
const HOSTILE = PAYLOADS.join(" ");

/** Text for an XML attribute value (line breaks as character references, so they survive as line breaks). */
function attr(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}
/** Text for XML character data. */
function text(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

const doc = (where: string) =>
  `<xs:annotation><xs:documentation>${text(`${where}: ${HOSTILE}`)}</xs:documentation></xs:annotation>`;
const wsdlDoc = (where: string) => `<wsdl:documentation>${text(`${where}: ${HOSTILE}`)}</wsdl:documentation>`;

interface HostileNames {
  operation?: string;
  portType?: string;
}

/** A document/literal service whose every name and documentation is hostile (operation and portType optional). */
function hostileWsdl(names: HostileNames = {}): string {
  const op = names.operation ?? "Send";
  const portType = names.portType ?? "Mailbox";
  const member = `field ${HOSTILE}`;
  const enumValue = `value ${HOSTILE}`;
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="${attr(`Defs ${HOSTILE}`)}" targetNamespace="urn:hostile" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="urn:hostile" xmlns:evil="${attr(`urn:evil:${HOSTILE}`)}"
  xmlns:xs="http://www.w3.org/2001/XMLSchema">
  ${wsdlDoc("definitions")}
  <wsdl:types>
    <xs:schema elementFormDefault="qualified" targetNamespace="${attr(`urn:evil:${HOSTILE}`)}">
      <xs:complexType name="Letter">${doc("evil Letter")}<xs:sequence><xs:element name="Body" type="xs:string" /></xs:sequence></xs:complexType>
    </xs:schema>
    <xs:schema elementFormDefault="qualified" targetNamespace="urn:hostile">
      <xs:import namespace="${attr(`urn:evil:${HOSTILE}`)}" />
      <xs:complexType name="Letter">
        ${doc("Letter")}
        <xs:sequence>
          <xs:element name="${attr(member)}" type="xs:string">${doc("member")}</xs:element>
          <xs:element minOccurs="0" name="Other" type="evil:Letter" />
          <xs:element minOccurs="0" name="Kind" type="tns:${attr(`Kind ${HOSTILE}`)}" />
        </xs:sequence>
        <xs:attribute name="${attr(`attribute ${HOSTILE}`)}" type="xs:string">${doc("attribute")}</xs:attribute>
      </xs:complexType>
      <xs:complexType name="${attr(`Type ${HOSTILE}`)}">
        ${doc("hostile type")}
        <xs:sequence><xs:element name="Plain" type="xs:int" /></xs:sequence>
      </xs:complexType>
      <xs:simpleType name="${attr(`Kind ${HOSTILE}`)}">
        ${doc("enumeration")}
        <xs:restriction base="xs:string">
          <xs:enumeration value="${attr(enumValue)}">${doc("enumeration value")}</xs:enumeration>
          <xs:enumeration value="plain" />
        </xs:restriction>
      </xs:simpleType>
      <xs:element name="${attr(op)}">
        <xs:complexType><xs:sequence>
          <xs:element name="Letter" type="tns:Letter">${doc("parameter")}</xs:element>
          <xs:element minOccurs="0" name="Extra" type="tns:${attr(`Type ${HOSTILE}`)}" />
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="${attr(`${op}Response`)}">
        <xs:complexType><xs:sequence><xs:element name="Ok" type="xs:boolean" /></xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="Header" type="xs:string" />
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="In"><wsdl:part name="parameters" element="tns:${attr(op)}" /></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="tns:${attr(`${op}Response`)}" /></wsdl:message>
  <wsdl:message name="Headers"><wsdl:part name="${attr(`header ${HOSTILE}`)}" element="tns:Header" /></wsdl:message>
  <wsdl:portType name="${attr(portType)}">
    ${wsdlDoc("portType")}
    <wsdl:operation name="${attr(op)}">${wsdlDoc("operation")}<wsdl:input message="tns:In" /><wsdl:output message="tns:Out" /></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="${attr(`Binding ${HOSTILE}`)}" type="tns:${attr(portType)}">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http" />
    <wsdl:operation name="${attr(op)}">
      <soap:operation soapAction="${attr(`urn:action:${HOSTILE}`)}" />
      <wsdl:input><soap:body use="literal" /><soap:header message="tns:Headers" part="${attr(`header ${HOSTILE}`)}" use="literal" /></wsdl:input>
      <wsdl:output><soap:body use="literal" /></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="${attr(`Service ${HOSTILE}`)}">
    ${wsdlDoc("service")}
    <wsdl:port name="${attr(`Port ${HOSTILE}`)}" binding="tns:${attr(`Binding ${HOSTILE}`)}">
      <soap:address location="${attr(`http://localhost/${HOSTILE}`)}" />
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}

async function generateHostile(names: HostileNames = {}) {
  return generateFromText(hostileWsdl(names), { runtimeImport: RUNTIME_IMPORT }, "Hostile");
}

describe("hostile names and documentation", () => {
  it("generate code that type-checks, compiles, loads and runs without executing any payload", async () => {
    const result = await generateHostile();
    // compileAndRun type-checks (tsc --strict) while it compiles.
    const report = await compileAndRun(result.files, "Hostile");
    expect(report.pwned).toBeNull();
    expect(report.service).toBe(`Service ${HOSTILE}`);
    expect(report.exports).toContain("metadata");
    // The method ran (and failed on the missing argument or the refused fetch), without running any payload.
    expect(Object.keys(report.calls)).toEqual(["Send"]);
  });

  it("keeps every hostile name exactly in the metadata (data, not code)", async () => {
    const result = await generateHostile();
    const { metadata } = await loadMetadata(`${result.dir}/Hostile.wsdl`);
    const letter = metadata.types.Letter as ComplexTypeMeta;
    expect(letter).toBeUndefined(); // two namespaces declare Letter: both are tagged
    const names = Object.keys(metadata.types);
    const own = metadata.types[
      names.find((n) => n.endsWith("_Letter") && (metadata.types[n] as ComplexTypeMeta).fields.length === 3)!
    ] as ComplexTypeMeta;
    expect(own.fields[0]!.name).toBe(`field ${HOSTILE}`);
    expect(own.attributes![0]!.name).toBe(`attribute ${HOSTILE}`);
    const port = Object.keys(metadata.ports)[0]!;
    expect(port).toBe(`Port ${HOSTILE}`);
    expect(metadata.ports[port]!.address).toBe(`http://localhost/${HOSTILE}`);
    expect(metadata.ports[port]!.operations.Send!.soapAction).toBe(`urn:action:${HOSTILE}`);
    const kind = Object.values(metadata.types).find((t) => t.kind === "simple" && t.variety === "enumeration");
    expect(kind?.kind === "simple" && kind.values).toEqual([`value ${HOSTILE}`, "plain"]);
  });

  it("turns hostile type names into identifiers and hostile member names into string keys", async () => {
    const types = (await generateHostile()).file("types.ts");
    // Every declaration name is a plain identifier.
    for (const m of types.matchAll(/^export (?:interface|type|const) (\S+)/gm))
      expect(m[1]).toMatch(/^[\p{L}_$][\p{L}\p{N}_$]*$/u);
    expect(types).toContain(
      `${JSON.stringify(`field ${HOSTILE}`)
        .replace(/\u2028/g, "\\u2028")
        .replace(/\u2029/g, "\\u2029")}: string;`,
    );
    // No documentation line ends a comment early.
    const comments = [...types.matchAll(/\/\*\*[\s\S]*?\*\//g)].map((m) => m[0]);
    expect(comments.length).toBeGreaterThan(0);
    for (const c of comments) expect(c.slice(3, -2)).not.toContain("*/");
    expect(types).not.toMatch(/[\u2028\u2029]/);
  });

  it("warns that member names that are no XML names cannot be written, and the codec refuses to write them", async () => {
    const result = await generateHostile();
    expect(result.warnings.filter((w) => w.code === "schema-invalid-name").length).toBeGreaterThanOrEqual(2);
    const { metadata } = await loadMetadata(`${result.dir}/Hostile.wsdl`);
    const ref = operationRef(metadata, Object.keys(metadata.ports)[0]!, "Send");
    const letter = { [`field ${HOSTILE}`]: "x" };
    expect(() => encodeRequest(ref, [letter])).toThrowError(SoapCodecError);
    expect(() => encodeRequest(ref, [letter])).toThrowError(/is not an XML name/);
  });

  // Regression (fixed): the operation name was written into the agent as a method name as it was.
  it("a hostile operation name stays a method name", async () => {
    const result = await generateHostile({ operation: `Send(): void; } ${set("operation")}; class X { y` });
    const report = await compileAndRun(result.files, "Hostile");
    expect(report.pwned).toBeNull();
  });

  // Regression (fixed): the portType name was written into JSDoc comments as it was.
  it("a hostile portType name stays inside its comments", async () => {
    const result = await generateHostile({ portType: `Mailbox */ ${set("portType")}; /*` });
    const report = await compileAndRun(result.files, "Hostile");
    expect(report.pwned).toBeNull();
  });
});
