/**
 * generator/wsdl/binding.ts (`readBinding`): a `wsdl:binding` joined with its `wsdl:portType` — SOAP 1.1 / 1.2
 * detection, style and use, soapAction, body parts and bound headers (WCF's `*_Headers` messages), the
 * document/literal wrapper, faults, operation order and the operations that are skipped. Read through the model
 * (each binding surfaces as a port).
 */
import { describe, expect, it } from "vitest";
import type { Operation, Port } from "../../generator/model/model.js";
import { BINDING_11, definitions, lineOf, MESSAGES, PORT_TYPE, readError, readModel, TNS } from "./wsdl-documents.js";

const port = (binding = "EchoSoap") =>
  `<wsdl:service name="S"><wsdl:port name="Port" binding="tns:${binding}"><soap:address location="http://localhost/"/></wsdl:port></wsdl:service>`;

async function readPort(
  content: string,
): Promise<{ port: Port; op: (name?: string) => Operation; warnings: unknown[] }> {
  const { model, warnings } = await readModel(definitions(content));
  const first = model.services[0]!.ports[0]!;
  const op = (name = "Ping") => {
    const found = first.operations.find((o) => o.name === name);
    if (!found) throw new Error(`no operation ${name}; have ${first.operations.map((o) => o.name).join(", ")}`);
    return found;
  };
  return { port: first, op, warnings };
}

/** A binding of `Echo` named EchoSoap: `soap` or `soap12` elements, the given binding attributes and operation XML. */
function binding(operation: string, opts: { soap?: "soap" | "soap12"; attrs?: string } = {}): string {
  const soap = opts.soap ?? "soap";
  return `
  <wsdl:binding name="EchoSoap" type="tns:Echo">
    <${soap}:binding ${opts.attrs ?? ""} transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Ping">${operation}
    </wsdl:operation>
  </wsdl:binding>`;
}

const LITERAL = `
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>`;

describe("readBinding: SOAP version", () => {
  it("reads a soap:binding as SOAP 1.1", async () => {
    const { port: p, op } = await readPort(MESSAGES + PORT_TYPE + BINDING_11 + port());
    expect(p.soapVersion).toBe("1.1");
    expect(p.binding).toEqual({ ns: TNS, local: "EchoSoap" });
    expect(p.portType).toEqual({ ns: TNS, local: "Echo" });
    expect(op().soapAction).toBe("urn:ping");
  });

  it("reads a soap12:binding as SOAP 1.2, with its soap12: operation, body and header elements", async () => {
    const soap12 = binding(
      `
      <soap12:operation soapAction="urn:ping12" style="document"/>
      <wsdl:input>
        <soap12:header message="tns:PingRequest_Headers" part="Token" use="literal"/>
        <soap12:body use="literal"/>
      </wsdl:input>
      <wsdl:output><soap12:body use="literal"/></wsdl:output>`,
      { soap: "soap12" },
    );
    const { port: p, op } = await readPort(MESSAGES + PORT_TYPE + soap12 + port());
    expect(p.soapVersion).toBe("1.2");
    expect(op().soapAction).toBe("urn:ping12");
    expect(op().input!.headers.map((h) => h.name)).toEqual(["Token"]);
  });

  it("ignores SOAP 1.1 elements inside a SOAP 1.2 binding", async () => {
    const mixed = binding(
      `
      <soap:operation soapAction="urn:wrong-version"/>
      <wsdl:input><soap:header message="tns:PingRequest_Headers" part="Token" use="literal"/><soap12:body use="literal"/></wsdl:input>
      <wsdl:output><soap12:body use="literal"/></wsdl:output>`,
      { soap: "soap12" },
    );
    const { op } = await readPort(MESSAGES + PORT_TYPE + mixed + port());
    expect(op().soapAction).toBeUndefined();
    expect(op().input!.headers).toEqual([]);
  });

  it("skips a binding that is not SOAP (HTTP GET) with a warning, keeping the SOAP port", async () => {
    const httpBinding = `
  <wsdl:binding name="EchoHttpGet" type="tns:Echo">
    <http:binding verb="GET"/>
    <wsdl:operation name="Ping"><http:operation location="/Ping"/></wsdl:operation>
  </wsdl:binding>`;
    const services = `
  <wsdl:service name="S">
    <wsdl:port name="Get" binding="tns:EchoHttpGet"><http:address location="http://localhost/get"/></wsdl:port>
    <wsdl:port name="Soap" binding="tns:EchoSoap"><soap:address location="http://localhost/soap"/></wsdl:port>
  </wsdl:service>`;
    const wsdl = definitions(MESSAGES + PORT_TYPE + BINDING_11 + httpBinding + services);
    const { model, warnings } = await readModel(wsdl);
    expect(model.services[0]!.ports.map((p) => p.name)).toEqual(["Soap"]);
    expect(warnings).toEqual([
      expect.objectContaining({
        code: "binding-not-soap",
        construct: "wsdl:binding EchoHttpGet",
        location: expect.objectContaining({ line: lineOf(wsdl, 'name="EchoHttpGet"') }),
      }),
    ]);
  });
});

describe("readBinding: style, use and soapAction", () => {
  it("takes the style from soap:operation, else from soap:binding, else document", async () => {
    const twoOps = `
  <wsdl:portType name="Echo">
    <wsdl:operation name="Ping"><wsdl:input message="tns:PingRequest"/><wsdl:output message="tns:PingResponse"/></wsdl:operation>
    <wsdl:operation name="Pong"><wsdl:input message="tns:PingRequest"/><wsdl:output message="tns:PingResponse"/></wsdl:operation>
  </wsdl:portType>`;
    const bound = (bindingStyle: string, pingStyle: string) => `
  <wsdl:binding name="EchoSoap" type="tns:Echo">
    <soap:binding ${bindingStyle} transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Ping"><soap:operation ${pingStyle}/>${LITERAL}</wsdl:operation>
    <wsdl:operation name="Pong"><soap:operation/>${LITERAL}</wsdl:operation>
  </wsdl:binding>`;
    const rpcDefault = await readPort(MESSAGES + twoOps + bound('style="rpc"', 'style="document"') + port());
    expect([rpcDefault.op("Ping").style, rpcDefault.op("Pong").style]).toEqual(["document", "rpc"]);
    const documentDefault = await readPort(MESSAGES + twoOps + bound('style="document"', 'style="rpc"') + port());
    expect([documentDefault.op("Ping").style, documentDefault.op("Pong").style]).toEqual(["rpc", "document"]);
    const none = await readPort(MESSAGES + twoOps + bound("", "") + port());
    expect([none.op("Ping").style, none.op("Pong").style]).toEqual(["document", "document"]);
  });

  it("reads use per direction from soap:body: literal unless encoded", async () => {
    const encodedInput = binding(`
      <soap:operation soapAction="urn:ping"/>
      <wsdl:input><soap:body use="encoded" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/></wsdl:input>
      <wsdl:output><soap:body/></wsdl:output>`);
    const { op } = await readPort(MESSAGES + PORT_TYPE + encodedInput + port());
    expect(op().input!.use).toBe("encoded");
    expect(op().output!.use).toBe("literal");
  });

  it("keeps soapAction as written: absent stays absent, empty stays empty", async () => {
    const withoutAction = await readPort(MESSAGES + PORT_TYPE + binding(`<soap:operation/>${LITERAL}`) + port());
    expect(withoutAction.op()).not.toHaveProperty("soapAction");
    const emptyAction = await readPort(
      MESSAGES + PORT_TYPE + binding(`<soap:operation soapAction=""/>${LITERAL}`) + port(),
    );
    expect(emptyAction.op().soapAction).toBe("");
    const noSoapOperation = await readPort(MESSAGES + PORT_TYPE + binding(LITERAL) + port());
    expect(noSoapOperation.op().style).toBe("document");
    expect(noSoapOperation.op()).not.toHaveProperty("soapAction");
  });
});

describe("readBinding: body and headers", () => {
  it("binds WCF's *_Headers message parts as headers and leaves the body to the wrapper", async () => {
    const wcf = binding(`
      <soap:operation soapAction="urn:ping" style="document"/>
      <wsdl:input>
        <soap:header message="tns:PingRequest_Headers" part="Token" use="literal"/>
        <soap:header message="tns:PingRequest_Headers" part="Trace" use="literal"/>
        <soap:body use="literal"/>
      </wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>`);
    const { op } = await readPort(MESSAGES + PORT_TYPE + wcf + port());
    const headersMessage = { ns: TNS, local: "PingRequest_Headers" };
    expect(op().input!.headers).toEqual([
      { name: "Token", message: headersMessage, element: { ns: TNS, local: "Token" }, use: "literal" },
      { name: "Trace", message: headersMessage, element: { ns: TNS, local: "Trace" }, use: "literal" },
    ]);
    expect(op().input!.body).toEqual([{ name: "parameters", element: { ns: TNS, local: "Ping" } }]);
    expect(op().input!.wrapper).toEqual({ ns: TNS, local: "Ping" });
    expect(op().output!.headers).toEqual([]);
  });

  it("takes a header part out of the body when it is bound from the operation's own message", async () => {
    const messages = `
  <wsdl:message name="PingRequest">
    <wsdl:part name="parameters" element="tns:Ping"/>
    <wsdl:part name="Token" element="tns:Token"/>
  </wsdl:message>
  <wsdl:message name="PingResponse"><wsdl:part name="parameters" element="tns:PingResponse"/></wsdl:message>`;
    const sameMessage = binding(`
      <wsdl:input><soap:header message="tns:PingRequest" part="Token" use="literal"/><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>`);
    const { op } = await readPort(messages + PORT_TYPE + sameMessage + port());
    expect(op().input!.headers.map((h) => h.name)).toEqual(["Token"]);
    expect(op().input!.body.map((p) => p.name)).toEqual(["parameters"]);
  });

  it("restricts the body to soap:body parts= when given", async () => {
    const messages = `
  <wsdl:message name="PingRequest">
    <wsdl:part name="parameters" element="tns:Ping"/>
    <wsdl:part name="extra" element="tns:Trace"/>
  </wsdl:message>
  <wsdl:message name="PingResponse"><wsdl:part name="parameters" element="tns:PingResponse"/></wsdl:message>`;
    const listed = binding(`
      <wsdl:input><soap:body parts="parameters" use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>`);
    const { op } = await readPort(messages + PORT_TYPE + listed + port());
    expect(op().input!.body.map((p) => p.name)).toEqual(["parameters"]);
    const unlisted = await readPort(messages + PORT_TYPE + binding(LITERAL) + port());
    expect(unlisted.op().input!.body.map((p) => p.name)).toEqual(["parameters", "extra"]);
  });

  it("refuses a soap:header naming a part its message does not have", async () => {
    const wsdl = definitions(
      MESSAGES +
        PORT_TYPE +
        binding(`
      <wsdl:input><soap:header message="tns:PingRequest_Headers" part="Missing" use="literal"/><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>`) +
        port(),
    );
    expect(await readError(wsdl)).toMatchObject({
      code: "header-part-missing",
      message: 'soap:header names part "Missing" that message PingRequest_Headers does not have',
      construct: "wsdl:operation Echo.Ping",
      location: { line: lineOf(wsdl, 'part="Missing"') },
    });
  });

  it("marks wrapped operations: the input element named like the operation, any output element (model/wrapper.ts)", async () => {
    const messages = `
  <wsdl:message name="PingRequest"><wsdl:part name="parameters" element="tns:Ping"/></wsdl:message>
  <wsdl:message name="PingResponse"><wsdl:part name="parameters" element="tns:PingResponse"/></wsdl:message>
  <wsdl:message name="LookupRequest"><wsdl:part name="key" element="tns:Lookup"/></wsdl:message>`;
    const portType = `
  <wsdl:portType name="Echo">
    <wsdl:operation name="Ping"><wsdl:input message="tns:PingRequest"/><wsdl:output message="tns:PingResponse"/></wsdl:operation>
    <wsdl:operation name="Echo"><wsdl:input message="tns:PingRequest"/><wsdl:output message="tns:PingResponse"/></wsdl:operation>
    <wsdl:operation name="Lookup"><wsdl:input message="tns:LookupRequest"/><wsdl:output message="tns:PingResponse"/></wsdl:operation>
  </wsdl:portType>`;
    const bound = `
  <wsdl:binding name="EchoSoap" type="tns:Echo">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Ping">${LITERAL}</wsdl:operation>
    <wsdl:operation name="Echo">${LITERAL}</wsdl:operation>
    <wsdl:operation name="Lookup">${LITERAL}</wsdl:operation>
  </wsdl:binding>`;
    const { op } = await readPort(messages + portType + bound + port());
    expect(op("Ping").input!.wrapper).toEqual({ ns: TNS, local: "Ping" });
    expect(op("Ping").output!.wrapper).toEqual({ ns: TNS, local: "PingResponse" });
    // The input element is not named like the operation: the operation is not wrapped, its output neither.
    expect(op("Echo").input).not.toHaveProperty("wrapper");
    expect(op("Echo").output).not.toHaveProperty("wrapper");
    // Named like the operation, of a named type that is a plain sequence: wrapped.
    expect(op("Lookup").input!.wrapper).toEqual({ ns: TNS, local: "Lookup" });
  });

  it("gives rpc messages soap:body's namespace, else the binding's target namespace", async () => {
    const rpc = binding(
      `
      <soap:operation soapAction="urn:ping"/>
      <wsdl:input><soap:body use="literal" namespace="urn:rpc-ns"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>`,
      { attrs: 'style="rpc"' },
    );
    const { op } = await readPort(MESSAGES + PORT_TYPE + rpc + port());
    expect(op().style).toBe("rpc");
    expect(op().input!.namespace).toBe("urn:rpc-ns");
    expect(op().output!.namespace).toBe(TNS);
    expect(op().input).not.toHaveProperty("wrapper");
    // A document operation gets a namespace only when soap:body names one.
    const document = await readPort(MESSAGES + PORT_TYPE + BINDING_11 + port());
    expect(document.op().input).not.toHaveProperty("namespace");
  });
});

describe("readBinding: operations", () => {
  const portType = `
  <wsdl:portType name="Echo">
    <wsdl:documentation>Echoes.</wsdl:documentation>
    <wsdl:operation name="Zeta"><wsdl:input message="tns:PingRequest"/><wsdl:output message="tns:PingResponse"/></wsdl:operation>
    <wsdl:operation name="Alpha">
      <wsdl:documentation>Sends one way.</wsdl:documentation>
      <wsdl:input message="tns:PingRequest"/>
    </wsdl:operation>
    <wsdl:operation name="Unbound"><wsdl:input message="tns:PingRequest"/></wsdl:operation>
    <wsdl:operation name="Zeta"><wsdl:input message="tns:PingRequest"/></wsdl:operation>
  </wsdl:portType>`;
  const bound = `
  <wsdl:binding name="EchoSoap" type="tns:Echo">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Alpha"><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>
    <wsdl:operation name="Zeta">${LITERAL}</wsdl:operation>
  </wsdl:binding>`;

  it("keeps portType order, skips unbound and overloaded operations with warnings, and reads documentation", async () => {
    const wsdl = definitions(MESSAGES + portType + bound + port());
    const { model, warnings } = await readModel(wsdl);
    const p = model.services[0]!.ports[0]!;
    expect(p.operations.map((o) => o.name)).toEqual(["Zeta", "Alpha"]);
    expect(p.portTypeDoc).toBe("Echoes.");
    expect(p.operations[1]!.doc).toBe("Sends one way.");
    expect(p.operations[0]).not.toHaveProperty("doc");
    // One-way: no output.
    expect(p.operations[1]).not.toHaveProperty("output");
    expect(warnings.map((w) => [w.code, w.construct, w.location?.line])).toEqual([
      ["operation-unbound", "wsdl:operation Echo.Unbound", lineOf(wsdl, 'name="Unbound"')],
      [
        "operation-overloaded",
        "wsdl:operation Echo.Zeta",
        lineOf(wsdl, '<wsdl:operation name="Zeta"><wsdl:input message="tns:PingRequest"/></'),
      ],
    ]);
  });

  it("refuses a binding whose portType is not declared", async () => {
    const wsdl = definitions(MESSAGES + BINDING_11 + port());
    expect(await readError(wsdl)).toMatchObject({
      code: "port-type-missing",
      message: `portType {${TNS}}Echo is referenced but not declared`,
      construct: "wsdl:binding EchoSoap",
      location: { line: lineOf(wsdl, 'name="EchoSoap"') },
    });
  });
});
