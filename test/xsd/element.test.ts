/** Global elements: an element that refers to itself through its anonymous type gets that type named after it. */
import { describe, expect, it } from "vitest";
import { loadMetadata } from "../../generator/index.js";
import { decodeRequest, encodeRequest, operationRef } from "../../runtime/src/codec.js";
import { generateFromText, TNS, typecheck, writeFiles, wsdlWithSchema } from "../helpers.js";

const schema = `
      <xs:element name="property">
        <xs:complexType><xs:sequence>
          <xs:element name="value" type="xs:string" minOccurs="0"/>
          <xs:element ref="tns:property" minOccurs="0" maxOccurs="unbounded"/>
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:complexType name="properties"><xs:sequence>
        <xs:element ref="tns:property" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
      <xs:element name="Put"><xs:complexType><xs:sequence>
        <xs:element name="properties" type="tns:properties"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="PutResponse"><xs:complexType><xs:sequence/></xs:complexType></xs:element>`;

const operations = `
  <wsdl:message name="In"><wsdl:part name="parameters" element="tns:Put"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="tns:PutResponse"/></wsdl:message>
  <wsdl:portType name="Store">
    <wsdl:operation name="Put"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="StoreBinding" type="tns:Store"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Put"><soap:operation soapAction="urn:test/Put"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>
  <wsdl:service name="StoreService"><wsdl:port name="StorePort" binding="tns:StoreBinding">
    <soap:address location="http://localhost/store"/></wsdl:port></wsdl:service>`;

describe("a self-referring element's anonymous type", () => {
  it("is declared under the element's name, type-checks, and round-trips", async () => {
    const result = await generateFromText(wsdlWithSchema(schema, operations));
    const types = result.file("types.ts");
    expect(types).toContain("export interface property {\n  value?: string;\n  property?: property[];\n}");
    // An array wrapper (one repeated element): the items' array.
    expect(types).toContain("export type properties = property[];");
    await typecheck(await writeFiles(result.dir, result.files));
    const { metadata } = await loadMetadata(`${result.dir}/Test.wsdl`);
    const ref = operationRef(metadata, "StorePort", "Put");
    const value = [{ value: "a", property: [{ value: "b" }, { property: [] }] }];
    const { body } = encodeRequest(ref, [value]);
    expect(body).toContain(
      `<ns1:property><ns1:value>a</ns1:value><ns1:property><ns1:value>b</ns1:value></ns1:property><ns1:property/></ns1:property>`,
    );
    expect(decodeRequest(ref, body).args).toEqual([[{ value: "a", property: [{ value: "b" }, {}] }]]);
    expect(TNS).toBe("urn:test");
  });
});
