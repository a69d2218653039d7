/**
 * generator/wsdl/service.ts (`readServices`): `wsdl:service`s and their `wsdl:port`s — binding, SOAP address,
 * documentation — and the fallback for an abstract WSDL without a service.
 */
import { describe, expect, it } from "vitest";
import { BINDING_11, definitions, lineOf, MESSAGES, PORT_TYPE, readError, readModel, TNS } from "./wsdl-documents.js";

const BINDING_12 = `
  <wsdl:binding name="EchoSoap12" type="tns:Echo">
    <soap12:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Ping">
      <soap12:operation soapAction="urn:ping"/>
      <wsdl:input><soap12:body use="literal"/></wsdl:input>
      <wsdl:output><soap12:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>`;

const HTTP_BINDING = `
  <wsdl:binding name="EchoHttpPost" type="tns:Echo">
    <http:binding verb="POST"/>
    <wsdl:operation name="Ping"><http:operation location="/Ping"/></wsdl:operation>
  </wsdl:binding>`;

describe("readServices", () => {
  it("reads each port's name, binding, portType, SOAP version and address (soap: or soap12:)", async () => {
    const services = `
  <wsdl:service name="EchoService">
    <wsdl:documentation>The echo service.</wsdl:documentation>
    <wsdl:port name="Soap11" binding="tns:EchoSoap"><soap:address location="http://localhost/11"/></wsdl:port>
    <wsdl:port name="Soap12" binding="tns:EchoSoap12"><soap12:address location="http://localhost/12"/></wsdl:port>
    <wsdl:port name="NoAddress" binding="tns:EchoSoap"/>
  </wsdl:service>`;
    const { model, warnings } = await readModel(definitions(MESSAGES + PORT_TYPE + BINDING_11 + BINDING_12 + services));
    expect(warnings).toEqual([]);
    expect(model.services).toHaveLength(1);
    const service = model.services[0]!;
    expect(service.name).toBe("EchoService");
    expect(service.doc).toBe("The echo service.");
    expect(service.ports.map(({ operations, ...p }) => ({ ...p, operations: operations.map((o) => o.name) }))).toEqual([
      {
        name: "Soap11",
        binding: { ns: TNS, local: "EchoSoap" },
        portType: { ns: TNS, local: "Echo" },
        soapVersion: "1.1",
        address: "http://localhost/11",
        operations: ["Ping"],
      },
      {
        name: "Soap12",
        binding: { ns: TNS, local: "EchoSoap12" },
        portType: { ns: TNS, local: "Echo" },
        soapVersion: "1.2",
        address: "http://localhost/12",
        operations: ["Ping"],
      },
      {
        name: "NoAddress",
        binding: { ns: TNS, local: "EchoSoap" },
        portType: { ns: TNS, local: "Echo" },
        soapVersion: "1.1",
        operations: ["Ping"],
      },
    ]);
  });

  it("documents a service with the definitions' documentation when it has none of its own", async () => {
    const services = `
  <wsdl:documentation>About the whole WSDL.</wsdl:documentation>
  <wsdl:service name="Plain"><wsdl:port name="P" binding="tns:EchoSoap"/></wsdl:service>`;
    const { model } = await readModel(definitions(services + MESSAGES + PORT_TYPE + BINDING_11));
    expect(model.services[0]!.doc).toBe("About the whole WSDL.");
  });

  it("reads several services in document order and drops one that has only non-SOAP ports", async () => {
    const services = `
  <wsdl:service name="First"><wsdl:port name="A" binding="tns:EchoSoap"/></wsdl:service>
  <wsdl:service name="HttpOnly"><wsdl:port name="H" binding="tns:EchoHttpPost"/></wsdl:service>
  <wsdl:service name="Second"><wsdl:port name="B" binding="tns:EchoSoap12"/></wsdl:service>`;
    const { model, warnings } = await readModel(
      definitions(MESSAGES + PORT_TYPE + BINDING_11 + BINDING_12 + HTTP_BINDING + services),
    );
    expect(model.services.map((s) => [s.name, s.ports.map((p) => p.name)])).toEqual([
      ["First", ["A"]],
      ["Second", ["B"]],
    ]);
    expect(warnings.map((w) => w.code)).toEqual(["binding-not-soap"]);
  });

  it("without a wsdl:service, exposes every SOAP binding as a port without address, with a warning", async () => {
    const wsdl = definitions(
      `<wsdl:documentation>Abstract.</wsdl:documentation>${MESSAGES + PORT_TYPE + BINDING_11 + HTTP_BINDING + BINDING_12}`,
      { name: "EchoDefinitions" },
    );
    const { model, warnings } = await readModel(wsdl);
    expect(model.services).toHaveLength(1);
    const service = model.services[0]!;
    expect(service.name).toBe("EchoDefinitions");
    expect(service.doc).toBe("Abstract.");
    expect(service.ports.map((p) => [p.name, p.soapVersion, p.address])).toEqual([
      ["EchoSoap", "1.1", undefined],
      ["EchoSoap12", "1.2", undefined],
    ]);
    expect(warnings.map((w) => w.code)).toEqual(["binding-not-soap", "service-missing"]);
  });

  it("names the abstract service after the portType when the definitions have no name", async () => {
    const { model } = await readModel(definitions(MESSAGES + PORT_TYPE + BINDING_11));
    expect(model.services.map((s) => s.name)).toEqual(["Echo"]);
  });

  it("reads no service from a WSDL without SOAP bindings", async () => {
    const { model } = await readModel(definitions(MESSAGES + PORT_TYPE + HTTP_BINDING));
    expect(model.services).toEqual([]);
  });

  it("refuses a port whose binding is not declared, at the port", async () => {
    const wsdl = definitions(
      `${MESSAGES + PORT_TYPE}
  <wsdl:service name="S"><wsdl:port name="Lost" binding="tns:Nowhere"/></wsdl:service>`,
    );
    expect(await readError(wsdl)).toMatchObject({
      code: "binding-missing",
      message: `binding {${TNS}}Nowhere is referenced but not declared`,
      construct: "wsdl:port",
      location: { line: lineOf(wsdl, 'name="Lost"') },
    });
  });

  it("refuses a port without binding=", async () => {
    const wsdl = definitions(`${MESSAGES + PORT_TYPE}<wsdl:service name="S"><wsdl:port name="Loose"/></wsdl:service>`);
    expect(await readError(wsdl)).toMatchObject({ code: "wsdl-attribute-missing", construct: "wsdl:port Loose" });
  });
});
