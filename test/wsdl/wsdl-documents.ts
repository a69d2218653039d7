/**
 * Small WSDL documents for the WSDL reader tests (test/wsdl/*.test.ts), and reading them the way the generator
 * does: written to a temp folder, loaded with `loadDocuments`, then indexed (`indexWsdl`) or read into the model
 * (`loadModel`, which runs the schema readers and then the WSDL readers).
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "vitest";
import { DiagnosticSink, GeneratorError, type Diagnostic } from "../../generator/diagnostics.js";
import { loadModel } from "../../generator/index.js";
import { loadDocuments, type LoadedDocument } from "../../generator/load/documents.js";
import type { Model } from "../../generator/model/model.js";
import { tempDir } from "../helpers.js";

export const TNS = "urn:wsdl-readers";

/**
 * Global elements the documents can refer to: `Ping` / `PingResponse` follow the document/literal wrapped
 * convention (anonymous sequences), `Token` and `Trace` are header elements, `Problem` a fault detail, `Lookup`
 * a bare request element of a named type.
 */
export const SCHEMA = `
    <xs:schema elementFormDefault="qualified" targetNamespace="${TNS}">
      <xs:element name="Ping"><xs:complexType><xs:sequence>
        <xs:element name="Text" type="xs:string"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="PingResponse"><xs:complexType><xs:sequence>
        <xs:element name="PingResult" type="xs:int"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="Token" type="xs:string"/>
      <xs:element name="Trace" type="xs:string"/>
      <xs:complexType name="ProblemDetail"><xs:sequence><xs:element name="Code" type="xs:int"/></xs:sequence></xs:complexType>
      <xs:element name="Problem" type="tns:ProblemDetail"/>
      <xs:complexType name="LookupKey"><xs:sequence><xs:element name="Id" type="xs:int"/></xs:sequence></xs:complexType>
      <xs:element name="Lookup" type="tns:LookupKey"/>
    </xs:schema>`;

/** The messages most tests use: Ping's wrapped input and output, and a WCF-style `*_Headers` message. */
export const MESSAGES = `
  <wsdl:message name="PingRequest"><wsdl:part name="parameters" element="tns:Ping"/></wsdl:message>
  <wsdl:message name="PingResponse"><wsdl:part name="parameters" element="tns:PingResponse"/></wsdl:message>
  <wsdl:message name="PingRequest_Headers">
    <wsdl:part name="Token" element="tns:Token"/>
    <wsdl:part name="Trace" element="tns:Trace"/>
  </wsdl:message>`;

/** A portType `Echo` with one operation `Ping` (input and output), for tests about bindings and services. */
export const PORT_TYPE = `
  <wsdl:portType name="Echo">
    <wsdl:operation name="Ping">
      <wsdl:input message="tns:PingRequest"/>
      <wsdl:output message="tns:PingResponse"/>
    </wsdl:operation>
  </wsdl:portType>`;

/** A SOAP 1.1 document/literal binding of `Echo`. */
export const BINDING_11 = `
  <wsdl:binding name="EchoSoap" type="tns:Echo">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Ping">
      <soap:operation soapAction="urn:ping"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>`;

/**
 * A `wsdl:definitions` document in namespace {@link TNS} (prefix `tns`) with the prefixes `wsdl`, `soap`
 * (SOAP 1.1), `soap12`, `http` and `xs` declared, {@link SCHEMA} in `wsdl:types` unless `schema` replaces it,
 * and `content` after it.
 */
export function definitions(content: string, options: { name?: string; schema?: string; tns?: string } = {}) {
  const name = options.name === undefined ? "" : ` name="${options.name}"`;
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions${name} targetNamespace="${options.tns ?? TNS}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"
  xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" xmlns:tns="${TNS}" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <wsdl:types>${options.schema ?? SCHEMA}
  </wsdl:types>
${content}
</wsdl:definitions>
`;
}

/** Writes the files (name → text) to a fresh temp folder; returns the path of the first one. */
export async function writeDocuments(files: Record<string, string>): Promise<string> {
  const dir = await tempDir("wsdl-readers");
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text, "utf8");
  return path.join(dir, Object.keys(files)[0]!);
}

/** Loads the documents (the first file is the entry) as the generator does before reading them. */
export async function load(files: Record<string, string>): Promise<LoadedDocument[]> {
  return loadDocuments(await writeDocuments(files));
}

/** Reads a single WSDL text into the model; returns the model and the warnings. */
export async function readModel(wsdl: string): Promise<{ model: Model; warnings: Diagnostic[] }> {
  const sink = new DiagnosticSink();
  const model = await loadModel(await writeDocuments({ "Readers.wsdl": wsdl }), sink);
  return { model, warnings: sink.warnings };
}

/** Reads a WSDL text that must be refused; returns the one error diagnostic. */
export async function readError(wsdl: string): Promise<Diagnostic> {
  const error = await readModel(wsdl).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GeneratorError);
  const { diagnostics } = error as GeneratorError;
  expect(diagnostics).toHaveLength(1);
  return diagnostics[0]!;
}

/** 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`${needle} is not in the text`);
  return index + 1;
}
