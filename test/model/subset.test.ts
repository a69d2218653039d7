/**
 * model/subset.ts: `selectOperations` keeps only the named operations and the schema types they reach (members,
 * bases, list items, headers, faults), plus the types derived from a reached type, and the global elements they
 * reach; an unknown operation is an error.
 */
import path from "node:path";
import { writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { GeneratorError, loadModel } from "../../generator/index.js";
import type { Model } from "../../generator/model/model.js";
import { selectOperations } from "../../generator/model/subset.js";
import { generateFromText, tempDir, typecheck, writeFiles, wsdlWithSchema } from "../helpers.js";

const schema = `
      <xs:complexType name="Shape">
        <xs:sequence><xs:element name="Color" type="tns:Color" /></xs:sequence>
      </xs:complexType>
      <xs:complexType name="Circle">
        <xs:complexContent><xs:extension base="tns:Shape">
          <xs:sequence><xs:element name="Center" type="tns:Point" /></xs:sequence>
        </xs:extension></xs:complexContent>
      </xs:complexType>
      <xs:complexType name="Point">
        <xs:sequence><xs:element name="X" type="xs:int" /><xs:element name="Y" type="xs:int" /></xs:sequence>
      </xs:complexType>
      <xs:simpleType name="Color">
        <xs:restriction base="xs:string"><xs:enumeration value="Red" /><xs:enumeration value="Blue" /></xs:restriction>
      </xs:simpleType>
      <xs:complexType name="ArrayOfShape">
        <xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="Shape" nillable="true" type="tns:Shape" /></xs:sequence>
      </xs:complexType>
      <xs:complexType name="Session">
        <xs:sequence><xs:element name="Token" type="xs:string" /></xs:sequence>
      </xs:complexType>
      <xs:complexType name="DrawFault">
        <xs:sequence><xs:element name="Reason" type="tns:Reason" /></xs:sequence>
      </xs:complexType>
      <xs:simpleType name="Reason">
        <xs:restriction base="xs:string"><xs:enumeration value="Overflow" /></xs:restriction>
      </xs:simpleType>
      <xs:complexType name="Invoice">
        <xs:sequence><xs:element name="Lines" type="tns:ArrayOfLine" /></xs:sequence>
      </xs:complexType>
      <xs:complexType name="ArrayOfLine">
        <xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="Line" type="tns:Line" /></xs:sequence>
      </xs:complexType>
      <xs:complexType name="Line">
        <xs:sequence><xs:element name="Amount" type="xs:decimal" /><xs:element ref="tns:Label" minOccurs="0" /></xs:sequence>
      </xs:complexType>
      <xs:complexType name="SpecialInvoice">
        <xs:complexContent><xs:extension base="tns:Invoice">
          <xs:sequence><xs:element name="Note" type="xs:string" /></xs:sequence>
        </xs:extension></xs:complexContent>
      </xs:complexType>
      <xs:complexType name="Unused">
        <xs:sequence><xs:element name="A" type="xs:int" /></xs:sequence>
      </xs:complexType>
      <xs:element name="Session" type="tns:Session" />
      <xs:element name="Label"><xs:complexType><xs:sequence><xs:element name="Text" type="xs:string" /></xs:sequence></xs:complexType></xs:element>
      <xs:element name="DrawFault" type="tns:DrawFault" />
      <xs:element name="Draw">
        <xs:complexType><xs:sequence><xs:element name="Shapes" type="tns:ArrayOfShape" /></xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="DrawResponse">
        <xs:complexType><xs:sequence><xs:element name="DrawResult" type="xs:boolean" /></xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="Bill">
        <xs:complexType><xs:sequence><xs:element name="Invoice" type="tns:Invoice" /></xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="BillResponse">
        <xs:complexType><xs:sequence /></xs:complexType>
      </xs:element>`;

const operations = `
  <wsdl:message name="DrawRequest"><wsdl:part name="parameters" element="tns:Draw" /></wsdl:message>
  <wsdl:message name="DrawResponse"><wsdl:part name="parameters" element="tns:DrawResponse" /></wsdl:message>
  <wsdl:message name="DrawHeaders"><wsdl:part name="Session" element="tns:Session" /></wsdl:message>
  <wsdl:message name="DrawFault"><wsdl:part name="detail" element="tns:DrawFault" /></wsdl:message>
  <wsdl:message name="BillRequest"><wsdl:part name="parameters" element="tns:Bill" /></wsdl:message>
  <wsdl:message name="BillResponse"><wsdl:part name="parameters" element="tns:BillResponse" /></wsdl:message>
  <wsdl:portType name="Studio">
    <wsdl:operation name="Draw">
      <wsdl:input message="tns:DrawRequest" />
      <wsdl:output message="tns:DrawResponse" />
      <wsdl:fault name="DrawFault" message="tns:DrawFault" />
    </wsdl:operation>
    <wsdl:operation name="Bill">
      <wsdl:input message="tns:BillRequest" />
      <wsdl:output message="tns:BillResponse" />
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="StudioBinding" type="tns:Studio">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http" />
    <wsdl:operation name="Draw">
      <soap:operation soapAction="urn:test/Draw" style="document" />
      <wsdl:input><soap:header message="tns:DrawHeaders" part="Session" use="literal" /><soap:body use="literal" /></wsdl:input>
      <wsdl:output><soap:body use="literal" /></wsdl:output>
      <wsdl:fault name="DrawFault"><soap:fault name="DrawFault" use="literal" /></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="Bill">
      <soap:operation soapAction="urn:test/Bill" style="document" />
      <wsdl:input><soap:body use="literal" /></wsdl:input>
      <wsdl:output><soap:body use="literal" /></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="StudioService">
    <wsdl:port name="StudioPort" binding="tns:StudioBinding"><soap:address location="http://localhost/studio" /></wsdl:port>
  </wsdl:service>`;

const wsdl = wsdlWithSchema(schema, operations);

async function model(): Promise<Model> {
  const dir = await tempDir("subset");
  const file = path.join(dir, "Studio.wsdl");
  await writeFile(file, wsdl, "utf8");
  return loadModel(file);
}

const typeNames = (m: Model) => m.types.map((t) => t.name.local).sort();
const operationNames = (m: Model) => m.services.flatMap((s) => s.ports.flatMap((p) => p.operations.map((o) => o.name)));

describe("selectOperations", () => {
  it("keeps only the named operation", async () => {
    const full = await model();
    expect(operationNames(full)).toEqual(["Draw", "Bill"]);
    expect(operationNames(selectOperations(full, ["Draw"]))).toEqual(["Draw"]);
    expect(operationNames(selectOperations(full, ["Bill"]))).toEqual(["Bill"]);
  });

  it("keeps the types an operation reaches through members, ArrayOf items, enums, headers and faults, plus derived types", async () => {
    const draw = selectOperations(await model(), ["Draw"]);
    // Circle is not referenced by Draw, but derives from Shape (and brings its own member type Point).
    expect(typeNames(draw)).toEqual([
      "ArrayOfShape",
      "Circle",
      "Color",
      "DrawFault",
      "Point",
      "Reason",
      "Session",
      "Shape",
    ]);
  });

  it("keeps the global elements the operations reach: parts, headers, fault parts and refs in reached types", async () => {
    const names = (m: Model) => m.elements.map((e) => e.name.local).sort();
    const full = await model();
    expect(names(full)).toEqual(["Bill", "BillResponse", "Draw", "DrawFault", "DrawResponse", "Label", "Session"]);
    expect(names(selectOperations(full, ["Draw"]))).toEqual(["Draw", "DrawFault", "DrawResponse", "Session"]);
    // Line refers to the global element Label.
    expect(names(selectOperations(full, ["Bill"]))).toEqual(["Bill", "BillResponse", "Label"]);
  });

  it("keeps a derived type of a reached type and the types it reaches", async () => {
    const bill = selectOperations(await model(), ["Bill"]);
    expect(typeNames(bill)).toEqual(["ArrayOfLine", "Invoice", "Line", "SpecialInvoice"]);
  });

  it("keeps the union for several operations, and the full list is a no-op on types", async () => {
    const full = await model();
    const both = selectOperations(full, ["Bill", "Draw"]);
    expect(typeNames(both)).toEqual(typeNames(full).filter((n) => n !== "Unused"));
    expect(operationNames(both)).toEqual(["Draw", "Bill"]);
  });

  it("does not change the model it is given", async () => {
    const full = await model();
    const before = JSON.stringify(full);
    selectOperations(full, ["Bill"]);
    expect(JSON.stringify(full)).toBe(before);
  });

  it("throws a GeneratorError naming an unknown operation", async () => {
    const full = await model();
    expect(() => selectOperations(full, ["Draw", "Erase"])).toThrow(GeneratorError);
    try {
      selectOperations(full, ["Draw", "Erase"]);
      expect.unreachable();
    } catch (e) {
      const error = e as GeneratorError;
      expect(error.message).toContain("Erase");
      expect(error.message).not.toContain("Draw,");
      expect(error.diagnostics[0]).toMatchObject({ severity: "error", code: "operation-unknown" });
    }
  });
});

describe("generate({ operations })", () => {
  it("emits only the selected operation and the types it reaches, and type-checks", async () => {
    const result = await generateFromText(wsdl, { operations: ["Bill"] });
    const types = result.file("types.ts");
    const declared = [...types.matchAll(/^export (?:interface|type|const) (\w+)/gm)].map((m) => m[1]).sort();
    // Label: the anonymous type of the element Line refers to; the unwrapped wrappers Bill and BillResponse have none.
    expect(declared).toEqual(["ArrayOfLine", "Invoice", "Label", "Line", "SpecialInvoice"]);
    expect(types).toContain("export interface SpecialInvoice extends Invoice {");
    const agent = result.file("StudioAgent.ts");
    expect(agent).toContain("Bill(invoice: Invoice, options?: CallOptions<StudioAgentRequestHeaders>): Promise<void>;");
    expect(agent).not.toContain("Draw");
    expect(result.file("metadata.ts")).not.toContain("Draw");
    await typecheck(await writeFiles(await tempDir("subset"), result.files), "NodeNext");
  });

  it("rejects an unknown operation with a GeneratorError naming it", async () => {
    const error = await generateFromText(wsdl, { operations: ["Erase"] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GeneratorError);
    expect((error as GeneratorError).message).toContain("Erase");
  });
});
