/** `wsdlgen diff`: the API surface report between two versions of a service, breaking changes flagged. */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../generator/cli.js";
import { diff, formatDiff } from "../../generator/diff/api-diff.js";
import { hasShared, sharedDir, sharedOrSkipMessage, tempDir, TNS, wsdlWithSchema } from "../helpers.js";

/** A one-operation service: Send(Order) → Receipt, with the given schema types. */
function service(types: string, extraOperation = false): string {
  const op = (name: string) => `
  <wsdl:message name="${name}In"><wsdl:part name="parameters" element="tns:${name}"/></wsdl:message>
  <wsdl:message name="${name}Out"><wsdl:part name="parameters" element="tns:${name}Response"/></wsdl:message>`;
  const bound = (name: string) =>
    `<wsdl:operation name="${name}"><soap:operation soapAction="urn:test/${name}"/>
    <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>`;
  const abstract = (name: string) =>
    `<wsdl:operation name="${name}"><wsdl:input message="tns:${name}In"/><wsdl:output message="tns:${name}Out"/></wsdl:operation>`;
  const ops = extraOperation ? ["Send", "Cancel"] : ["Send"];
  return wsdlWithSchema(
    `${types}
      <xs:element name="Send"><xs:complexType><xs:sequence><xs:element name="order" type="tns:Order"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="SendResponse"><xs:complexType><xs:sequence>
        <xs:element name="receipt" type="tns:Receipt"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="Cancel"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
      <xs:element name="CancelResponse"><xs:complexType><xs:sequence/></xs:complexType></xs:element>`,
    `${ops.map(op).join("")}
  <wsdl:portType name="Shop">${ops.map(abstract).join("")}</wsdl:portType>
  <wsdl:binding name="ShopBinding" type="tns:Shop"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    ${ops.map(bound).join("")}</wsdl:binding>
  <wsdl:service name="ShopService"><wsdl:port name="ShopPort" binding="tns:ShopBinding">
    <soap:address location="http://localhost/shop"/></wsdl:port></wsdl:service>`,
  );
}

const V1 = `
      <xs:complexType name="Order"><xs:sequence>
        <xs:element name="Id" type="xs:int"/><xs:element minOccurs="0" name="Note" type="xs:string"/><xs:element name="Kind" type="tns:Kind"/>
      </xs:sequence></xs:complexType>
      <xs:complexType name="Receipt"><xs:sequence>
        <xs:element name="Total" type="xs:decimal"/><xs:element name="Status" type="tns:Status"/><xs:element name="Code" type="xs:string"/>
      </xs:sequence></xs:complexType>
      <xs:simpleType name="Kind"><xs:restriction base="xs:string">
        <xs:enumeration value="Normal"/><xs:enumeration value="Rush"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="Status"><xs:restriction base="xs:string"><xs:enumeration value="Ok"/></xs:restriction></xs:simpleType>`;

const V2 = `
      <xs:complexType name="Order"><xs:sequence>
        <xs:element name="Id" type="xs:int"/><xs:element name="Note" type="xs:string"/><xs:element name="Kind" type="tns:Kind"/>
        <xs:element name="Customer" type="xs:string"/><xs:element minOccurs="0" name="Gift" type="xs:boolean"/>
      </xs:sequence></xs:complexType>
      <xs:complexType name="Receipt"><xs:sequence>
        <xs:element name="Total" nillable="true" type="xs:decimal"/><xs:element name="Status" type="tns:Status"/>
        <xs:element minOccurs="0" name="Code" type="xs:string"/>
      </xs:sequence></xs:complexType>
      <xs:simpleType name="Kind"><xs:restriction base="xs:string">
        <xs:enumeration value="Normal"/><xs:enumeration value="Express"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="Status"><xs:restriction base="xs:string">
        <xs:enumeration value="Ok"/><xs:enumeration value="Held"/></xs:restriction></xs:simpleType>
      <xs:complexType name="Coupon"><xs:sequence><xs:element name="Value" type="xs:int"/></xs:sequence></xs:complexType>`;

async function pair(): Promise<[string, string]> {
  const dir = await tempDir("diff");
  const a = path.join(dir, "v1.wsdl");
  const b = path.join(dir, "v2.wsdl");
  await writeFile(a, service(V1, true));
  await writeFile(b, service(V2));
  return [a, b];
}

describe("diff", () => {
  it("lists each change with whether it breaks a client, by the direction the type travels", async () => {
    const [a, b] = await pair();
    const report = await diff(a, b);
    const summary = report.changes.map((c) => `${c.breaking ? "!" : " "} ${c.kind} ${c.path}`).sort();
    expect(summary).toEqual(
      [
        "! operation-removed Cancel",
        "! member-optional-changed Order.Note", // request type: now required
        "! member-added Order.Customer", // request type: new required member
        "  member-added Order.Gift", // optional
        "! member-nullable-changed Receipt.Total", // response type: may now be null
        "! member-optional-changed Receipt.Code", // response type: may now be missing
        '! enum-value-removed Kind."Rush"',
        '  enum-value-added Kind."Express"', // request-only enum: new value is fine
        '! enum-value-added Status."Held"', // response enum: exhaustive code breaks
        "  type-added Coupon",
        // Cancel's wrapper elements stay in the schema without their operation: declared like any element's type.
        "  type-added Cancel",
        "  type-added CancelResponse",
      ].sort(),
    );
    expect(report.breaking).toBe(7);
    expect(formatDiff(report)).toContain("BREAKING operation-removed        Cancel (calls to it no longer compile)");
  });

  it("compares the element types of an operation that is not wrapped (Digipoort-like), by direction", async () => {
    /** Submit(submitRequest: SubmitRequest) → SubmitResponse: elements named unlike the operation. */
    const bare = (request: string, response: string) =>
      wsdlWithSchema(
        `
      <xs:element name="SubmitRequest"><xs:complexType><xs:sequence>${request}</xs:sequence></xs:complexType></xs:element>
      <xs:element name="SubmitResponse"><xs:complexType><xs:sequence>${response}</xs:sequence></xs:complexType></xs:element>`,
        `
  <wsdl:message name="In"><wsdl:part name="submitRequest" element="tns:SubmitRequest"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="submitResponse" element="tns:SubmitResponse"/></wsdl:message>
  <wsdl:portType name="Desk">
    <wsdl:operation name="Submit"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="DeskBinding" type="tns:Desk"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Submit"><soap:operation soapAction="urn:test/Submit"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="DeskService"><wsdl:port name="DeskPort" binding="tns:DeskBinding">
    <soap:address location="http://localhost/desk"/></wsdl:port></wsdl:service>`,
      );
    const dir = await tempDir("diff-bare");
    const [a, b] = [path.join(dir, "v1.wsdl"), path.join(dir, "v2.wsdl")];
    await writeFile(a, bare(`<xs:element name="Id" type="xs:int"/>`, `<xs:element name="Ok" type="xs:boolean"/>`));
    await writeFile(
      b,
      bare(
        `<xs:element name="Id" type="xs:int"/><xs:element name="Reason" type="xs:string"/>`,
        `<xs:element name="Ok" type="xs:boolean" minOccurs="0"/>`,
      ),
    );
    const report = await diff(a, b);
    expect(report.changes.map((c) => `${c.breaking ? "!" : " "} ${c.kind} ${c.path}`).sort()).toEqual([
      "! member-added SubmitRequest.Reason", // the request element's type: a new required member
      "! member-optional-changed SubmitResponse.Ok", // the response element's type: may now be missing
    ]);
    expect((await diff(a, a)).changes).toEqual([]);
  });

  it("reports nothing between a WSDL and itself", async () => {
    const [a] = await pair();
    expect((await diff(a, a)).changes).toEqual([]);
  });

  it("CLI: text by default, --json, --fail-on-breaking", async () => {
    const [a, b] = await pair();
    let out = "";
    vi.spyOn(process.stdout, "write").mockImplementation(
      (chunk: string | Uint8Array) => ((out += String(chunk)), true),
    );
    expect(await main(["diff", a, b])).toBe(0);
    expect(out).toContain("12 change(s), 7 breaking");
    out = "";
    expect(await main(["diff", a, b, "--json", "--fail-on-breaking"])).toBe(1);
    expect(JSON.parse(out).breaking).toBe(7);
    out = "";
    expect(await main(["diff", a, a, "--fail-on-breaking"])).toBe(0);
  });
  afterEach(() => vi.restoreAllMocks());

  it.runIf(hasShared || sharedOrSkipMessage("Services87 → Services88 Ticket diff"))(
    "Services87 → Services88 Ticket: additions, and enum values that break exhaustive code",
    async () => {
      const dir = path.join(sharedDir, "wsdl/superoffice");
      const report = await diff(path.join(dir, "Services87-Ticket.wsdl"), path.join(dir, "Services88-Ticket.wsdl"));
      const kinds = (k: string) => report.changes.filter((c) => c.kind === k);
      expect(kinds("operation-removed")).toEqual([]);
      expect(kinds("operation-added")).toHaveLength(55);
      expect(kinds("operation-added").map((c) => c.path)).toContain("BatchReply");
      expect(report.changes.find((c) => c.path === "Ticket.TimeSpent")).toMatchObject({
        kind: "member-added",
        breaking: false,
        after: "?number",
      });
      expect(report.changes.filter((c) => c.breaking).map((c) => c.path)).toEqual(
        expect.arrayContaining(['ETableRight."R"', 'TicketOrigin."Form"', 'TicketBaseStatus."PostponedWeek"']),
      );
      expect(report.changes.filter((c) => c.breaking).every((c) => c.kind === "enum-value-added")).toBe(true);
      expect(TNS).toBe("urn:test");
    },
  );
});
