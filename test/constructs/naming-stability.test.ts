/**
 * The naming rules do not depend on visiting order, and adding a type does not rename another:
 * - a property test over sets of types in several namespaces: adding one type changes only the names of types
 *   with the same local name (those are all tagged with their namespace once the name is declared twice), and
 *   permuting the input changes nothing;
 * - end to end: adding unrelated types (with anonymous types of their own) to a WSDL leaves every existing
 *   declaration, anonymous ones included, exactly as it was; reordering the schemas and the types in them gives
 *   byte-identical output;
 * - the documented exceptions, pinned: a name declared in a second namespace tags both; a generated name
 *   (`<Tag>_<Name>`, `<Owner>_<Field>`) that an added type takes exactly gets `_` appended.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { qnameKey, type QName } from "../../generator/model/qname.js";
import { assignTypeNames } from "../../generator/naming/type-names.js";
import { generateFromText } from "../helpers.js";

const LOCALS = [
  "Item",
  "Address",
  "Order",
  "Customer",
  "Line",
  "Ticket",
  "Status",
  "A",
  "class",
  "my-type",
  "Größe",
  "2nd",
];
const NAMESPACES = [
  "urn:a",
  "urn:b",
  "http://x.example/Common",
  "urn:y:Common",
  "http://example.com/billing/v2",
  "urn:test",
  "",
];

const qname = fc.record({ ns: fc.constantFrom(...NAMESPACES), local: fc.constantFrom(...LOCALS) });
const distinct = (names: QName[]) => [...new Map(names.map((n) => [qnameKey(n), n])).values()];

describe("assignTypeNames", () => {
  it("adding a type renames only the types that share its local name; input order never matters", () => {
    fc.assert(
      fc.property(fc.array(qname, { maxLength: 12 }), qname, fc.integer(), (raw, added, shuffleSeed) => {
        const before = distinct(raw);
        fc.pre(!before.some((n) => qnameKey(n) === qnameKey(added)));
        const namesBefore = assignTypeNames(before);
        const namesAfter = assignTypeNames([...before, added]);
        for (const n of before) {
          if (n.local !== added.local)
            expect(namesAfter.get(qnameKey(n)), qnameKey(n)).toBe(namesBefore.get(qnameKey(n)));
        }
        // Every type has its own name.
        expect(new Set(namesAfter.values()).size).toBe(before.length + 1);
        // Any permutation of the input gives the same names.
        const shuffled = [...before, added].sort(
          (x, y) =>
            ((qnameKey(x).length * 31 + shuffleSeed) % 7) - ((qnameKey(y).length * 31 + shuffleSeed) % 7) ||
            (qnameKey(x) < qnameKey(y) ? 1 : -1),
        );
        expect([...assignTypeNames(shuffled)].sort()).toEqual([...namesAfter].sort());
      }),
      { numRuns: 300 },
    );
  });

  it("documented exception 1: a local name declared in a second namespace tags every declaration of it", () => {
    const one = assignTypeNames([{ ns: "urn:a", local: "Item" }]);
    const two = assignTypeNames([
      { ns: "urn:a", local: "Item" },
      { ns: "urn:b", local: "Item" },
    ]);
    expect(one.get("{urn:a}Item")).toBe("Item");
    expect(two.get("{urn:a}Item")).toBe("A_Item");
    expect(two.get("{urn:b}Item")).toBe("B_Item");
  });

  it("documented exception 2: a type whose own name equals a generated tagged name keeps it; the tagged one gets `_`", () => {
    const names = assignTypeNames([
      { ns: "urn:a", local: "Item" },
      { ns: "urn:b", local: "Item" },
      { ns: "urn:c", local: "A_Item" },
    ]);
    expect(names.get("{urn:c}A_Item")).toBe("A_Item");
    expect(names.get("{urn:a}Item")).toBe("A_Item_");
  });
});

/** A WSDL (types only) with the given schemas: `[namespace, content][]`, each importing the others. */
function wsdl(schemas: [string, string][]): string {
  const prefixes = schemas.map(([ns], i) => `xmlns:s${i}="${ns}"`).join(" ");
  const schema = ([ns, content]: [string, string], i: number) => {
    const imports = schemas
      .filter((_, j) => j !== i)
      .map(([other]) => `      <xs:import namespace="${other}" />\n`)
      .join("");
    return (
      `    <xs:schema elementFormDefault="qualified" targetNamespace="${ns}" xmlns:tns="${ns}">\n` +
      `${imports}${content}\n    </xs:schema>`
    );
  };
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="Names" targetNamespace="urn:names" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" ${prefixes}>
  <wsdl:types>
${schemas.map(schema).join("\n")}
  </wsdl:types>
</wsdl:definitions>
`;
}

const ORDERS = `
      <xs:complexType name="Order">
        <xs:sequence>
          <xs:element name="Lines"><xs:complexType><xs:sequence>
            <xs:element maxOccurs="unbounded" name="Line"><xs:complexType><xs:sequence>
              <xs:element name="Sku" type="xs:string" />
            </xs:sequence></xs:complexType></xs:element>
          </xs:sequence></xs:complexType></xs:element>
          <xs:element name="Address" type="s1:Address" />
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="Customer"><xs:sequence><xs:element name="Name" type="xs:string" /></xs:sequence></xs:complexType>
      <xs:simpleType name="Status"><xs:restriction base="xs:string"><xs:enumeration value="open" /></xs:restriction></xs:simpleType>`;
const BILLING = `
      <xs:complexType name="Address"><xs:sequence><xs:element name="Iban" type="xs:string" /></xs:sequence></xs:complexType>`;
const ADDED = `
      <xs:complexType name="Invoice">
        <xs:sequence>
          <xs:element name="Lines"><xs:complexType><xs:sequence><xs:element name="Total" type="xs:int" /></xs:sequence></xs:complexType></xs:element>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="Order_Line"><xs:sequence><xs:element name="X" type="xs:int" /></xs:sequence></xs:complexType>`;

/** The declarations of a types.ts by name. */
function declarations(types: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of types.split(/\n\n(?=(?:\/\*\*[^\n]*\*\/\n)?export )/)) {
    const m = /^(?:\/\*\*[^\n]*\*\/\n)?export (?:interface|type|const) (\S+)/.exec(block);
    if (m) out.set(m[1]!, block.trim());
  }
  return out;
}

describe("generated names end to end", () => {
  it("adding types (with anonymous types of their own) leaves every existing declaration as it was", async () => {
    const before = declarations(
      (
        await generateFromText(
          wsdl([
            ["urn:orders", ORDERS],
            ["urn:billing", BILLING],
          ]),
        )
      ).file("types.ts"),
    );
    const after = declarations(
      (
        await generateFromText(
          wsdl([
            ["urn:orders", ORDERS + ADDED],
            ["urn:billing", BILLING],
          ]),
        )
      ).file("types.ts"),
    );
    expect([...before.keys()].sort()).toEqual([
      "Address",
      "Customer",
      "Order",
      "Order_Lines",
      "Order_Lines_Line",
      "Status",
    ]);
    for (const [name, text] of before) expect(after.get(name), name).toBe(text);
    expect([...after.keys()].filter((n) => !before.has(n)).sort()).toEqual(["Invoice", "Invoice_Lines", "Order_Line"]);
  });

  it("reordering the schemas and the types in them gives byte-identical output", async () => {
    const reversedTypes = (content: string) =>
      content
        .split(/\n(?=      <xs:)/)
        .reverse()
        .join("\n");
    const forward = await generateFromText(
      wsdl([
        ["urn:orders", ORDERS + ADDED],
        ["urn:billing", BILLING],
        ["urn:more", BILLING],
      ]),
    );
    const backward = await generateFromText(
      wsdl([
        ["urn:more", reversedTypes(BILLING)],
        ["urn:billing", BILLING],
        ["urn:orders", reversedTypes(ORDERS + ADDED)],
      ]),
    );
    expect(backward.file("types.ts")).toBe(forward.file("types.ts"));
    expect(forward.file("types.ts")).toContain("export interface Billing_Address {");
    expect(forward.file("types.ts")).toContain("export interface More_Address {");
  });

  it("documented exception 3: an added schema type that takes an anonymous type's name exactly pushes it to `_`", async () => {
    const base = (
      await generateFromText(
        wsdl([
          ["urn:orders", ORDERS],
          ["urn:billing", BILLING],
        ]),
      )
    ).file("types.ts");
    const taken = (
      await generateFromText(
        wsdl([
          ["urn:orders", ORDERS + `<xs:complexType name="Order_Lines"><xs:sequence /></xs:complexType>`],
          ["urn:billing", BILLING],
        ]),
      )
    ).file("types.ts");
    expect(base).toContain("Lines: Order_Lines;");
    expect(taken).toContain("Lines: Order_Lines_;");
    // Its own anonymous type is named from the derived name, so it does not move.
    expect(taken).toContain("Line: Order_Lines_Line[];");
  });
});

describe("output file names", () => {
  // Regression (fixed): portTypes `Orders` and `orders` gave OrdersAgent.ts and ordersAgent.ts, one file on a
  // case-insensitive file system (macOS, Windows).
  it("never differ only in case", async () => {
    const portType = (
      name: string,
    ) => `<wsdl:portType name="${name}"><wsdl:operation name="Get"><wsdl:input message="tns:In" /></wsdl:operation></wsdl:portType>
  <wsdl:binding name="${name}Binding" type="tns:${name}"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http" />
    <wsdl:operation name="Get"><soap:operation soapAction="" /><wsdl:input><soap:body use="literal" /></wsdl:input></wsdl:operation></wsdl:binding>`;
    const text = `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="Case" targetNamespace="urn:case" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="urn:case" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <wsdl:types><xs:schema targetNamespace="urn:case">
    <xs:element name="Get"><xs:complexType><xs:sequence /></xs:complexType></xs:element>
  </xs:schema></wsdl:types>
  <wsdl:message name="In"><wsdl:part name="parameters" element="tns:Get" /></wsdl:message>
  ${portType("Orders")}
  ${portType("orders")}
  <wsdl:service name="Case">
    <wsdl:port name="A" binding="tns:OrdersBinding"><soap:address location="http://localhost/a" /></wsdl:port>
    <wsdl:port name="B" binding="tns:ordersBinding"><soap:address location="http://localhost/b" /></wsdl:port>
  </wsdl:service>
</wsdl:definitions>`;
    const paths = (await generateFromText(text)).files.map((f) => f.path.toLowerCase());
    expect(new Set(paths).size).toBe(paths.length);
  });
});
