/**
 * Forgiving references (generator/wsdl/definitions.ts `findInTargetNamespace`, generator/xsd/type-ref.ts
 * `namespaceFallback`): a QName that names nothing in the namespace it resolves to, but is declared in exactly one
 * target namespace of the referring document, is taken from there with a warning that names the place and both
 * namespaces — the hand-written slip `binding type="portje"` under `xmlns="http://schemas.xmlsoap.org/wsdl/"`,
 * as zeep and node-soap accept it. A name no target namespace declares, or several do, stays an error.
 */
import { describe, expect, it } from "vitest";
import { lineOf, readError, readModel } from "./wsdl-documents.js";

const WSDL_NS = "http://schemas.xmlsoap.org/wsdl/";
const XS_NS = "http://www.w3.org/2001/XMLSchema";

/** A WSDL whose default namespace is WSDL's own and whose references are written without a prefix. */
function portje(options: { schemas?: string; partElement?: string; portType?: string } = {}): string {
  const schemas =
    options.schemas ??
    `
    <xs:schema elementFormDefault="qualified" targetNamespace="urn:portje">
      <xs:element name="Ping"><xs:complexType><xs:sequence>
        <xs:element name="Text" type="xs:string"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="PingResponse"><xs:complexType><xs:sequence>
        <xs:element name="PingResult" type="xs:int"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<definitions targetNamespace="urn:portje" xmlns="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <types>${schemas}
  </types>
  <message name="PingIn"><part name="parameters" element="${options.partElement ?? "Ping"}"/></message>
  <message name="PingOut"><part name="parameters" element="PingResponse"/></message>
  <portType name="portje">
    <operation name="Ping">
      <input message="PingIn"/>
      <output message="PingOut"/>
    </operation>
  </portType>
  <binding name="portjeSoap" type="${options.portType ?? "portje"}">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="Ping">
      <soap:operation soapAction="urn:ping"/>
      <input><soap:body use="literal"/></input>
      <output><soap:body use="literal"/></output>
    </operation>
  </binding>
  <service name="S">
    <port name="P" binding="portjeSoap"><soap:address location="http://localhost/"/></port>
  </service>
</definitions>
`;
}

describe("a reference that misses its namespace but names a declaration of the document's target namespace", () => {
  it("is taken from the target namespace, each with a warning naming the place and both namespaces", async () => {
    const text = portje();
    const { model, warnings } = await readModel(text);
    const port = model.services[0]!.ports[0]!;
    expect(port.binding).toEqual({ ns: "urn:portje", local: "portjeSoap" });
    expect(port.portType).toEqual({ ns: "urn:portje", local: "portje" });
    const op = port.operations[0]!;
    expect(op.input!.message).toEqual({ ns: "urn:portje", local: "PingIn" });
    expect(op.input!.body).toEqual([{ name: "parameters", element: { ns: "urn:portje", local: "Ping" } }]);
    expect(op.output!.body[0]!.element).toEqual({ ns: "urn:portje", local: "PingResponse" });
    expect(warnings.every((w) => w.code === "qname-namespace-fallback")).toBe(true);
    const byLine = new Map(warnings.map((w) => [w.location!.line, w]));
    for (const [needle, what] of [
      ['binding="portjeSoap"', "binding portjeSoap"],
      ['type="portje"', "portType portje"],
      ['message="PingIn"', "message PingIn"],
      ['element="Ping"', "element Ping"],
    ]) {
      const w = byLine.get(lineOf(text, needle!));
      expect(w, needle).toBeDefined();
      expect(w!.location!.file).toMatch(/Readers\.wsdl$/);
      expect(w!.message).toBe(
        `${what} is not declared in namespace ${WSDL_NS} (where the reference resolves to); ` +
          "the document's target namespace urn:portje declares it and is used",
      );
    }
  });

  it("applies to schema references too: type= and base= under a default namespace that is XML Schema's", async () => {
    const schemas = `
    <schema targetNamespace="urn:portje" elementFormDefault="qualified" xmlns="${XS_NS}">
      <complexType name="Base"><sequence><element name="Id" type="int"/></sequence></complexType>
      <complexType name="Message">
        <complexContent><extension base="Base"><sequence><element name="Text" type="string"/></sequence></extension></complexContent>
      </complexType>
      <element name="Ping"><complexType><sequence><element name="M" type="Message"/></sequence></complexType></element>
      <element name="PingResponse"><complexType><sequence><element name="R" type="int"/></sequence></complexType></element>
    </schema>`;
    const text = portje({ schemas });
    const { model, warnings } = await readModel(text);
    const message = model.types.find((t) => t.name.local === "Message")!;
    expect(message).toMatchObject({ base: { ns: "urn:portje", local: "Base" }, derivation: "extension" });
    const ping = model.elements.find((e) => e.name.local === "Ping")!;
    expect(ping.type).toMatchObject({
      type: { fields: [{ name: "M", type: { kind: "named", name: { ns: "urn:portje", local: "Message" } } }] },
    });
    const schemaWarnings = warnings.filter((w) => w.message.startsWith("type "));
    expect(schemaWarnings.map((w) => [w.location!.line, w.message])).toEqual([
      [
        lineOf(text, 'extension base="Base"'),
        `type Base is not declared in namespace ${XS_NS} (where the reference resolves to); ` +
          "the document's target namespace urn:portje declares it and is used",
      ],
      [
        lineOf(text, 'type="Message"'),
        `type Message is not declared in namespace ${XS_NS} (where the reference resolves to); ` +
          "the document's target namespace urn:portje declares it and is used",
      ],
    ]);
  });

  it("stays an error when no target namespace declares the name", async () => {
    const text = portje({ portType: "elsewhere" });
    const d = await readError(text);
    expect(d).toMatchObject({
      code: "port-type-missing",
      message: `portType {${WSDL_NS}}elsewhere is referenced but not declared`,
    });
    expect(d.location!.line).toBe(lineOf(text, "<binding "));
  });

  it("is an error when two target namespaces of the document declare it", async () => {
    const schemas = ["urn:one", "urn:two"]
      .map(
        (ns) => `
    <xs:schema targetNamespace="${ns}">
      <xs:element name="Ping" type="xs:string"/>
      <xs:element name="PingResponse" type="xs:string"/>
    </xs:schema>`,
      )
      .join("");
    const text = portje({ schemas });
    const d = await readError(text);
    expect(d.code).toBe("qname-ambiguous");
    expect(d.message).toBe(
      `element Ping is not declared in namespace ${WSDL_NS}, and the document's target namespaces urn:one and ` +
        "urn:two each declare one; write the prefix of the one meant",
    );
    expect(d.location!.line).toBe(lineOf(text, 'element="Ping"'));
  });
});
