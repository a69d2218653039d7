/**
 * generator/wsdl/definitions.ts: the index of `wsdl:definitions` content over the loaded documents
 * (`indexWsdl`), `wsdl:documentation` text (`documentation`) and QName attributes (`wsdlQName`).
 */
import { describe, expect, it } from "vitest";
import { DiagnosticSink, GeneratorError } from "../../generator/diagnostics.js";
import { parseXml } from "../../generator/load/xml.js";
import { documentation, indexWsdl, wsdlQName } from "../../generator/wsdl/definitions.js";
import { BINDING_11, definitions, load, MESSAGES, PORT_TYPE, TNS } from "./wsdl-documents.js";

const OTHER = "urn:wsdl-readers:other";

const SERVICE = `
  <wsdl:service name="EchoService">
    <wsdl:port name="EchoPort" binding="tns:EchoSoap"><soap:address location="http://localhost/echo"/></wsdl:port>
  </wsdl:service>`;

describe("indexWsdl", () => {
  it("indexes messages, portTypes and bindings by QName in the target namespace, and lists the services", async () => {
    const index = indexWsdl(await load({ "Echo.wsdl": definitions(MESSAGES + PORT_TYPE + BINDING_11 + SERVICE) }));
    expect([...index.messages.keys()]).toEqual([
      `{${TNS}}PingRequest`,
      `{${TNS}}PingResponse`,
      `{${TNS}}PingRequest_Headers`,
    ]);
    expect(index.messages.get(`{${TNS}}PingRequest`)!.name).toEqual({ ns: TNS, local: "PingRequest" });
    expect(index.messages.get(`{${TNS}}PingRequest`)!.el.local).toBe("message");
    expect([...index.portTypes.keys()]).toEqual([`{${TNS}}Echo`]);
    expect([...index.bindings.keys()]).toEqual([`{${TNS}}EchoSoap`]);
    expect(index.services.map((s) => s.name)).toEqual([{ ns: TNS, local: "EchoService" }]);
  });

  it("takes the name and documentation from the root document only", async () => {
    const root = definitions(
      `<wsdl:documentation>
         The root's words,
         on two lines.
       </wsdl:documentation>
       <wsdl:import namespace="${OTHER}" location="Other.wsdl"/>`,
      { name: "Root" },
    );
    const other = definitions(`<wsdl:documentation>Not these.</wsdl:documentation>`, { name: "Other", tns: OTHER });
    const index = indexWsdl(await load({ "Root.wsdl": root, "Other.wsdl": other }));
    expect(index.definitionsName).toBe("Root");
    expect(index.definitionsDoc).toBe("The root's words,\non two lines.");
  });

  it("leaves name and documentation unset when the root has none", async () => {
    const index = indexWsdl(await load({ "Bare.wsdl": definitions(MESSAGES) }));
    expect(index.definitionsName).toBeUndefined();
    expect(index.definitionsDoc).toBeUndefined();
    expect(index.messages.size).toBe(3);
  });

  it("indexes an imported document's declarations under that document's own target namespace", async () => {
    const root = definitions(`<wsdl:import namespace="${OTHER}" location="Other.wsdl"/>${PORT_TYPE}`);
    const other = definitions(MESSAGES, { tns: OTHER });
    const index = indexWsdl(await load({ "Root.wsdl": root, "Other.wsdl": other }));
    expect([...index.messages.keys()]).toEqual([
      `{${OTHER}}PingRequest`,
      `{${OTHER}}PingResponse`,
      `{${OTHER}}PingRequest_Headers`,
    ]);
    expect([...index.portTypes.keys()]).toEqual([`{${TNS}}Echo`]);
  });

  it("keeps the first declaration of a QName (the root before its imports)", async () => {
    const root = definitions(
      `<wsdl:import namespace="${TNS}" location="Again.wsdl"/>
       <wsdl:message name="Twice"><wsdl:part name="first" element="tns:Token"/></wsdl:message>`,
    );
    const again = definitions(
      `<wsdl:message name="Twice"><wsdl:part name="second" element="tns:Token"/></wsdl:message>`,
    );
    const index = indexWsdl(await load({ "Root.wsdl": root, "Again.wsdl": again }));
    expect(index.messages.size).toBe(1);
    expect(index.messages.get(`{${TNS}}Twice`)!.el.children[0]!.attrs.name).toBe("first");
  });

  it("reads only wsdl:definitions documents (a wsdl:message inside an imported schema is not indexed)", async () => {
    const root = definitions(`${MESSAGES}`, {
      schema: `<xs:schema targetNamespace="${TNS}"><xs:import namespace="${OTHER}" schemaLocation="Other.xsd"/></xs:schema>`,
    });
    const xsd = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
      targetNamespace="${OTHER}"><wsdl:message name="Stray"/></xs:schema>`;
    const documents = await load({ "Root.wsdl": root, "Other.xsd": xsd });
    expect(documents).toHaveLength(2);
    const index = indexWsdl(documents);
    expect(index.messages.size).toBe(3);
    expect([...index.messages.keys()].some((k) => k.startsWith(`{${OTHER}}`))).toBe(false);
  });
});

describe("documentation", () => {
  const el = (xml: string) =>
    parseXml(
      `<wsdl:operation xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" name="Op">${xml}</wsdl:operation>`,
      "d.wsdl",
    );

  it("is the text of the wsdl:documentation child, lines trimmed, markup inside kept as text", () => {
    expect(
      documentation(el(`<wsdl:documentation>\n    One\n    <b>two</b> &amp; three\n  </wsdl:documentation>`)),
    ).toBe("One\ntwo & three");
  });

  it("is undefined without a wsdl:documentation child, or when it is blank", () => {
    expect(documentation(el(""))).toBeUndefined();
    expect(documentation(el("<wsdl:documentation>  \n </wsdl:documentation>"))).toBeUndefined();
    // Only a direct child counts.
    expect(
      documentation(el("<wsdl:input><wsdl:documentation>nested</wsdl:documentation></wsdl:input>")),
    ).toBeUndefined();
  });
});

describe("wsdlQName", () => {
  const port = (attrs: string) =>
    parseXml(
      `<wsdl:port xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="${TNS}"\n  name="P" ${attrs}/>`,
      "q.wsdl",
    );

  it("resolves a prefixed QName attribute against the element's namespace declarations", () => {
    expect(wsdlQName(port('binding="tns:B"'), "binding", new DiagnosticSink(), "wsdl:port P")).toEqual({
      ns: TNS,
      local: "B",
    });
  });

  it("fails naming the attribute, the construct and the place when the attribute is missing", () => {
    const error = catchError(() => wsdlQName(port(""), "binding", new DiagnosticSink(), "wsdl:port P"));
    expect(error.diagnostics[0]).toMatchObject({
      code: "wsdl-attribute-missing",
      message: "binding= is required",
      construct: "wsdl:port P",
      location: { file: "q.wsdl", line: 1 },
    });
  });

  it("fails on an undeclared prefix", () => {
    const error = catchError(() => wsdlQName(port('binding="nope:B"'), "binding", new DiagnosticSink(), "wsdl:port P"));
    expect(error.diagnostics[0]).toMatchObject({
      code: "wsdl-undeclared-prefix",
      message: 'binding="nope:B" uses an undeclared namespace prefix',
      construct: "wsdl:port P",
    });
  });
});

function catchError(run: () => unknown): GeneratorError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(GeneratorError);
    return e as GeneratorError;
  }
  throw new Error("expected a GeneratorError, nothing was thrown");
}
