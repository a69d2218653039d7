/** The codec on small hand-written services: styles, SOAP versions, nil, arrays, derived types, lossless scalars. */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMetadata } from "../../generator/index.js";
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  operationRef,
  parseEnvelope,
  SOAP12_ENV,
} from "../../runtime/src/codec.js";
import { SoapCodecError, SoapFault } from "../../runtime/src/errors.js";
import type { ServiceMetadata } from "../../runtime/src/metadata.js";
import { tempDir, TNS, wsdlWithSchema } from "../helpers.js";

const SCHEMA = `
      <xs:complexType name="Base"><xs:sequence><xs:element minOccurs="0" name="Id" type="xs:long"/></xs:sequence></xs:complexType>
      <xs:complexType name="Derived"><xs:complexContent><xs:extension base="tns:Base"><xs:sequence>
        <xs:element minOccurs="0" name="Extra" nillable="true" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
      <xs:simpleType name="Color"><xs:restriction base="xs:string">
        <xs:enumeration value="Red"/><xs:enumeration value="Green"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="Flags"><xs:list><xs:simpleType><xs:restriction base="xs:string">
        <xs:enumeration value="A"/><xs:enumeration value="B"/></xs:restriction></xs:simpleType></xs:list></xs:simpleType>
      <xs:complexType name="Item"><xs:sequence>
        <xs:element name="Amount" type="xs:decimal"/>
        <xs:element minOccurs="0" name="When" type="xs:dateTime"/>
        <xs:element minOccurs="0" maxOccurs="unbounded" name="Tag" type="xs:string"/>
        <xs:element minOccurs="0" name="Color" type="tns:Color"/>
        <xs:element minOccurs="0" name="Flags" type="tns:Flags"/>
        <xs:element minOccurs="0" name="Owner" nillable="true" type="tns:Base"/>
        <xs:element minOccurs="0" name="Ratio" type="xs:double"/>
      </xs:sequence><xs:attribute name="version" type="xs:int"/></xs:complexType>
      <xs:element name="Put"><xs:complexType><xs:sequence>
        <xs:element minOccurs="0" name="Item" nillable="true" type="tns:Item"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="PutResponse"><xs:complexType><xs:sequence>
        <xs:element minOccurs="0" maxOccurs="unbounded" name="Id" type="xs:long"/></xs:sequence></xs:complexType></xs:element>`;

function operations(soap: "soap" | "soap12", style: "document" | "rpc"): string {
  const ns = soap === "soap" ? "http://schemas.xmlsoap.org/wsdl/soap/" : "http://schemas.xmlsoap.org/wsdl/soap12/";
  const parts =
    style === "document"
      ? {
          in: `<wsdl:part name="parameters" element="tns:Put"/>`,
          out: `<wsdl:part name="parameters" element="tns:PutResponse"/>`,
        }
      : {
          in: `<wsdl:part name="item" type="tns:Item"/><wsdl:part name="count" type="xs:int"/>`,
          out: `<wsdl:part name="result" type="xs:string"/>`,
        };
  const bodyNs = style === "rpc" ? ` namespace="${TNS}"` : "";
  return `
  <wsdl:message name="PutIn">${parts.in}</wsdl:message>
  <wsdl:message name="PutOut">${parts.out}</wsdl:message>
  <wsdl:portType name="Store">
    <wsdl:operation name="Put"><wsdl:input message="tns:PutIn"/><wsdl:output message="tns:PutOut"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="StoreBinding" type="tns:Store" xmlns:s="${ns}">
    <s:binding style="${style}" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Put"><s:operation soapAction="urn:test/Put"/>
      <wsdl:input><s:body use="literal"${bodyNs}/></wsdl:input><wsdl:output><s:body use="literal"${bodyNs}/></wsdl:output></wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="StoreService"><wsdl:port name="StorePort" binding="tns:StoreBinding" xmlns:s="${ns}">
    <s:address location="http://localhost/store"/></wsdl:port></wsdl:service>`;
}

async function metadataFor(soap: "soap" | "soap12", style: "document" | "rpc"): Promise<ServiceMetadata> {
  const dir = await tempDir("codec");
  const file = path.join(dir, "Store.wsdl");
  await writeFile(file, wsdlWithSchema(SCHEMA, operations(soap, style)));
  return (await loadMetadata(file)).metadata;
}

const item = {
  version: 3,
  Amount: "12345678901234567890.123456789",
  When: "2024-02-29T13:45:30.1234567+01:00",
  Tag: ["only one"],
  Color: "Green",
  Flags: ["B", "A"],
  Owner: { $type: "Derived", Id: "9223372036854775807", Extra: null },
  Ratio: -Infinity,
};

describe("document/literal wrapped, SOAP 1.1", () => {
  it("round-trips a value with derived types, nil, lossless numbers and dates, one-item arrays", async () => {
    const ref = operationRef(await metadataFor("soap", "document"), "StorePort", "Put");
    const { body } = encodeRequest(ref, [item]);
    expect(body).toContain(
      '<ns1:Owner xsi:type="ns1:Derived"><ns1:Id>9223372036854775807</ns1:Id><ns1:Extra xsi:nil="true"/></ns1:Owner>',
    );
    expect(body).toContain('<ns1:Item version="3"><ns1:Amount>12345678901234567890.123456789</ns1:Amount>');
    expect(body).toContain("<ns1:Flags>B A</ns1:Flags><ns1:Owner");
    expect(body).toContain("<ns1:Ratio>-INF</ns1:Ratio>");
    expect(decodeRequest(ref, body)).toEqual({ args: [item], headers: {} });
  });

  it("decodes repeated elements as arrays (even one), absent ones as absent, and ignores unknown elements", async () => {
    const ref = operationRef(await metadataFor("soap", "document"), "StorePort", "Put");
    const one =
      `<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body>` +
      `<PutResponse xmlns="${TNS}"><Surprise>x</Surprise><Id>1</Id></PutResponse></Body></Envelope>`;
    expect(decodeResponse(ref, one).result).toEqual(["1"]);
    const none = `<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body><PutResponse xmlns="${TNS}"/></Body></Envelope>`;
    expect(decodeResponse(ref, none).result).toEqual([]);
  });

  it("rejects values that do not fit the types, naming the path", async () => {
    const ref = operationRef(await metadataFor("soap", "document"), "StorePort", "Put");
    expect(() => encodeRequest(ref, [{ ...item, Color: "Blue" }])).toThrowError(
      new SoapCodecError('Put.Item.Color: "Blue" is not one of Red, Green'),
    );
    expect(() => encodeRequest(ref, [{ ...item, Amount: 1e400 }])).toThrowError(
      /Put\.Item\.Amount: expected a decimal/,
    );
    expect(() => encodeRequest(ref, [{ Color: "Red" }])).toThrowError(/Put\.Item\.Amount is required/);
    expect(() => encodeRequest(ref, [{ ...item, Owner: { $type: "Item" } }])).toThrowError(
      /\$type "Item" is not a type derived from Base/,
    );
  });

  it("turns a Fault into a SoapFault", async () => {
    const ref = operationRef(await metadataFor("soap", "document"), "StorePort", "Put");
    const fault =
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>` +
      `<s:Fault><faultcode>s:Client</faultcode><faultstring>bad item</faultstring>` +
      `<detail><Why xmlns="urn:x">because</Why></detail></s:Fault></s:Body></s:Envelope>`;
    const error = (() => {
      try {
        decodeResponse(ref, fault, 500);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SoapFault);
    expect(error).toMatchObject({
      code: "s:Client",
      reason: "bad item",
      httpStatus: 500,
      detail: '<Why xmlns="urn:x">because</Why>',
    });
  });
});

describe("SOAP 1.2", () => {
  it("uses the 1.2 envelope and the action media-type parameter", async () => {
    const ref = operationRef(await metadataFor("soap12", "document"), "StorePort", "Put");
    const { body, httpHeaders } = encodeRequest(ref, [{ Amount: "1" }]);
    expect(parseEnvelope(body).env).toBe(SOAP12_ENV);
    expect(httpHeaders).toEqual({ "Content-Type": 'application/soap+xml; charset=utf-8; action="urn:test/Put"' });
    const response = encodeResponse(ref, ["5", "6"]);
    expect(decodeResponse(ref, response.body).result).toEqual(["5", "6"]);
  });
});

describe("rpc/literal", () => {
  it("wraps parts in an element named after the operation, parts unqualified", async () => {
    const ref = operationRef(await metadataFor("soap", "rpc"), "StorePort", "Put");
    const { body } = encodeRequest(ref, [{ Amount: "1.5" }, 2]);
    expect(body).toContain(
      "<soap:Body><ns1:Put><item><ns1:Amount>1.5</ns1:Amount></item><count>2</count></ns1:Put></soap:Body>",
    );
    expect(decodeRequest(ref, body).args).toEqual([{ Amount: "1.5" }, 2]);
    expect(decodeResponse(ref, encodeResponse(ref, "ok").body).result).toBe("ok");
  });
});

describe("declared faults", () => {
  it("decodes a fault's detail with the WSDL's fault type and names the fault", async () => {
    const dir = await tempDir("codec-fault");
    const file = path.join(dir, "Faulty.wsdl");
    await writeFile(
      file,
      wsdlWithSchema(
        `${SCHEMA}
      <xs:element name="OutOfStock"><xs:complexType><xs:sequence>
        <xs:element name="Sku" type="xs:string"/><xs:element name="Left" type="xs:int"/></xs:sequence></xs:complexType></xs:element>`,
        operations("soap", "document")
          .replace(
            '<wsdl:message name="PutOut">',
            '<wsdl:message name="OutOfStockFault"><wsdl:part name="detail" element="tns:OutOfStock"/></wsdl:message><wsdl:message name="PutOut">',
          )
          .replace(
            '<wsdl:output message="tns:PutOut"/></wsdl:operation></wsdl:portType>',
            '<wsdl:output message="tns:PutOut"/><wsdl:fault name="OutOfStock" message="tns:OutOfStockFault"/></wsdl:operation></wsdl:portType>',
          ),
      ),
    );
    const ref = operationRef((await loadMetadata(file)).metadata, "StorePort", "Put");
    const xml =
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>` +
      `<s:Fault><faultcode>s:Client</faultcode><faultstring>no stock</faultstring>` +
      `<detail><OutOfStock xmlns="${TNS}"><Sku>A-1</Sku><Left>0</Left></OutOfStock></detail></s:Fault></s:Body></s:Envelope>`;
    let error: unknown;
    try {
      decodeResponse(ref, xml, 500);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SoapFault);
    expect(error).toMatchObject({
      code: "s:Client",
      reason: "no stock",
      faultName: "OutOfStock",
      detail: { Sku: "A-1", Left: 0 },
    });
  });

  it("reads SOAP 1.2 faults: code, subcodes, reason", async () => {
    const ref = operationRef(await metadataFor("soap12", "document"), "StorePort", "Put");
    const xml =
      `<e:Envelope xmlns:e="${SOAP12_ENV}"><e:Body>` +
      `<e:Fault><e:Code><e:Value>e:Sender</e:Value><e:Subcode><e:Value>m:BadItem</e:Value></e:Subcode></e:Code>` +
      `<e:Reason><e:Text xml:lang="en">bad item</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>`;
    expect(() => decodeResponse(ref, xml, 400)).toThrowError(SoapFault);
    try {
      decodeResponse(ref, xml, 400);
    } catch (e) {
      expect(e).toMatchObject({ code: "e:Sender", subcodes: ["m:BadItem"], reason: "bad item", httpStatus: 400 });
    }
  });
});
