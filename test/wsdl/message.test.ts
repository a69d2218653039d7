/**
 * generator/wsdl/message.ts (`readMessageParts`): the parts of a `wsdl:message`, each naming a global element
 * (document style) or a type (rpc style), and the errors for a message or element that is not declared or a part
 * that names neither. Read through the model: the parts appear as an operation's body parts and faults.
 */
import { describe, expect, it } from "vitest";
import { definitions, lineOf, readError, readModel, TNS } from "./wsdl-documents.js";

/** One operation `Op` bound document/literal (or rpc/literal), whose input, output and fault use the given messages. */
function service(messages: string, opts: { style?: "rpc" | "document"; fault?: boolean } = {}): string {
  const style = opts.style ?? "document";
  return definitions(`${messages}
  <wsdl:portType name="P">
    <wsdl:operation name="Op">
      <wsdl:input message="tns:In"/>
      <wsdl:output message="tns:Out"/>${opts.fault ? '\n      <wsdl:fault name="Problem" message="tns:Failure"/>' : ""}
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="B" type="tns:P">
    <soap:binding style="${style}" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Op">
      <soap:operation soapAction="urn:op"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="S"><wsdl:port name="Port" binding="tns:B"><soap:address location="http://localhost/"/></wsdl:port></wsdl:service>`);
}

async function operation(wsdl: string) {
  const { model } = await readModel(wsdl);
  return model.services[0]!.ports[0]!.operations[0]!;
}

describe("readMessageParts", () => {
  it("reads element parts as element QNames, in document order", async () => {
    const op = await operation(
      service(`
  <wsdl:message name="In">
    <wsdl:part name="key" element="tns:Lookup"/>
    <wsdl:part name="token" element="tns:Token"/>
  </wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="tns:PingResponse"/></wsdl:message>`),
    );
    expect(op.input!.message).toEqual({ ns: TNS, local: "In" });
    expect(op.input!.body).toEqual([
      { name: "key", element: { ns: TNS, local: "Lookup" } },
      { name: "token", element: { ns: TNS, local: "Token" } },
    ]);
    expect(op.output!.body).toEqual([{ name: "parameters", element: { ns: TNS, local: "PingResponse" } }]);
  });

  it("reads type parts as type references: built-ins and named schema types", async () => {
    const op = await operation(
      service(
        `
  <wsdl:message name="In">
    <wsdl:part name="text" type="xs:string"/>
    <wsdl:part name="key" type="tns:LookupKey"/>
  </wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="count" type="xs:int"/></wsdl:message>`,
        { style: "rpc" },
      ),
    );
    expect(op.input!.body).toEqual([
      { name: "text", type: { kind: "builtin", name: "string" } },
      { name: "key", type: { kind: "named", name: { ns: TNS, local: "LookupKey" } } },
    ]);
    expect(op.output!.body).toEqual([{ name: "count", type: { kind: "builtin", name: "int" } }]);
  });

  it("reads a message without parts as no parts", async () => {
    const op = await operation(
      service(`
  <wsdl:message name="In"/>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="tns:PingResponse"/></wsdl:message>`),
    );
    expect(op.input!.body).toEqual([]);
  });

  it("reads the parts of a fault message", async () => {
    const op = await operation(
      service(
        `
  <wsdl:message name="In"><wsdl:part name="parameters" element="tns:Ping"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="tns:PingResponse"/></wsdl:message>
  <wsdl:message name="Failure"><wsdl:part name="detail" element="tns:Problem"/></wsdl:message>`,
        { fault: true },
      ),
    );
    expect(op.faults).toEqual([
      {
        name: "Problem",
        message: { ns: TNS, local: "Failure" },
        parts: [{ name: "detail", element: { ns: TNS, local: "Problem" } }],
      },
    ]);
  });

  it("refuses a reference to an undeclared message, at the referring element", async () => {
    const wsdl = service(
      `<wsdl:message name="Out"><wsdl:part name="parameters" element="tns:PingResponse"/></wsdl:message>`,
    );
    const error = await readError(wsdl);
    expect(error).toMatchObject({
      code: "message-missing",
      message: `message {${TNS}}In is referenced but not declared`,
      construct: "wsdl:operation P.Op input",
      location: { line: lineOf(wsdl, 'message="tns:In"') },
    });
  });

  it("refuses a part whose element no loaded schema declares", async () => {
    const wsdl = service(`
  <wsdl:message name="In"><wsdl:part name="parameters" element="tns:Nowhere"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="tns:PingResponse"/></wsdl:message>`);
    expect(await readError(wsdl)).toMatchObject({
      code: "element-missing",
      message: `element {${TNS}}Nowhere is referenced but not declared in any loaded schema`,
      construct: "wsdl:part In.parameters",
      location: { line: lineOf(wsdl, 'element="tns:Nowhere"') },
    });
  });

  it("refuses a part with neither element= nor type=, and one without a name", async () => {
    const out = `<wsdl:message name="Out"><wsdl:part name="parameters" element="tns:PingResponse"/></wsdl:message>`;
    const untyped = service(`<wsdl:message name="In"><wsdl:part name="loose"/></wsdl:message>${out}`);
    expect(await readError(untyped)).toMatchObject({
      code: "part-untyped",
      construct: "wsdl:part In.loose",
      location: { line: lineOf(untyped, 'name="loose"') },
    });
    const nameless = service(`<wsdl:message name="In"><wsdl:part element="tns:Ping"/></wsdl:message>${out}`);
    expect(await readError(nameless)).toMatchObject({ code: "part-name", message: "wsdl:part has no name" });
  });

  it("refuses a type part naming an undeclared type", async () => {
    const wsdl = service(
      `<wsdl:message name="In"><wsdl:part name="x" type="tns:Unknown"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="count" type="xs:int"/></wsdl:message>`,
      { style: "rpc" },
    );
    expect(await readError(wsdl)).toMatchObject({ code: "type-missing", construct: "wsdl:part In.x" });
  });

  it("reads a sound message without warnings (so the refusals above come from the message alone)", async () => {
    const { warnings } = await readModel(
      service(`
  <wsdl:message name="In"><wsdl:part name="parameters" element="tns:Ping"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="tns:PingResponse"/></wsdl:message>`),
    );
    expect(warnings).toEqual([]);
  });
});
