/**
 * generator/emit/metadata-file.ts, the namespace constants of `metadata.ts`: named after their namespace
 * (`ns_Services88`, not `ns2`), collision-free, and independent of the order the namespaces are used in.
 */
import { describe, expect, it } from "vitest";
import { namespaceConstantNames, renderMetadataFile } from "../../generator/emit/metadata-file.js";
import { METADATA_FORMAT, type ServiceMetadata } from "../../runtime/src/metadata.js";

const SERVICES88 = "http://www.superoffice.net/ws/crm/NetServer/Services88";
const ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";
const XS = "http://www.w3.org/2001/XMLSchema";

describe("namespaceConstantNames", () => {
  it("names a constant ns_ + the namespace's last path segment that is not a version, PascalCased", () => {
    const names = namespaceConstantNames([SERVICES88, ARRAYS, XS, "urn:example:union-list", "http://x.org/shop/v2"]);
    expect([...names]).toEqual([
      [SERVICES88, "ns_Services88"],
      [ARRAYS, "ns_Arrays"],
      [XS, "ns_XMLSchema"],
      ["urn:example:union-list", "ns_UnionList"],
      ["http://x.org/shop/v2", "ns_Shop"],
    ]);
  });

  it("numbers every namespace of a clashing tag in URI order, whatever order they come in", () => {
    const uris = ["http://b.example/Types", "urn:other", "http://a.example/v1/Types", "http://c.example/types"];
    const expected = new Map([
      ["http://a.example/v1/Types", "ns_Types_1"],
      ["http://b.example/Types", "ns_Types_2"],
      ["http://c.example/types", "ns_Types_3"],
      ["urn:other", "ns_Other"],
    ]);
    for (const order of [uris, [...uris].reverse(), [uris[2]!, uris[0]!, uris[3]!, uris[1]!]]) {
      const names = namespaceConstantNames(order);
      expect([...names.keys()], "in the order given").toEqual(order);
      for (const [uri, name] of expected) expect(names.get(uri), uri).toBe(name);
    }
  });

  it("gives distinct names, each a plain identifier, and lists a repeated URI once", () => {
    const uris = ["urn:a:x", "urn:b:x", "urn:x", "http://x/2003/", "", "urn:evil:*/ --><!--", "urn:a:x"];
    const names = namespaceConstantNames(uris);
    expect(names.size).toBe(6);
    expect(new Set(names.values()).size).toBe(6);
    for (const name of names.values()) expect(name).toMatch(/^ns_[A-Za-z0-9_]+$/);
  });
});

describe("renderMetadataFile", () => {
  it("declares each namespace once under its name and refers to it by that name", () => {
    const metadata: ServiceMetadata = {
      format: METADATA_FORMAT,
      service: "Shop",
      scalars: { integer: "string", decimal: "string", dateTime: "string", date: "string", binary: "string" },
      types: {
        Order: {
          kind: "complex",
          xml: { ns: "urn:example:orders", name: "Order" },
          fields: [{ name: "Ids", ns: "urn:example:orders", type: "Line", min: 0, max: 1 }],
        },
        Line: { kind: "complex", xml: { ns: ARRAYS, name: "Line" }, fields: [] },
      },
      ports: {},
    };
    const text = renderMetadataFile(metadata, "// banner", "@wsdlgen/runtime");
    expect(text).toContain(
      `const ns_Orders = "urn:example:orders";\nconst ns_Arrays = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";\n`,
    );
    expect(text).toContain('xml: { ns: ns_Orders, name: "Order" }');
    expect(text).toContain('{ name: "Ids", ns: ns_Orders, type: "Line"');
    expect(text).toContain('xml: { ns: ns_Arrays, name: "Line" }');
    expect(text).not.toMatch(/\bns\d+\b/);
    expect(text.match(/urn:example:orders/g)).toHaveLength(1);
  });
});

describe("renderMetadataFile line width", () => {
  /** The metadata of one type with one field whose name has `length` characters. */
  const withField = (length: number): ServiceMetadata => ({
    format: METADATA_FORMAT,
    service: "Shop",
    scalars: { integer: "string", decimal: "string", dateTime: "string", date: "string", binary: "string" },
    types: {
      Order: {
        kind: "complex",
        xml: { ns: "", name: "Order" },
        fields: [{ name: "N".repeat(length), ns: "", type: "xs:string", min: 0, max: 1 }],
      },
    },
    ports: {},
  });
  const field = (length: number) => `{ name: "${"N".repeat(length)}", ns: "", type: "xs:string", min: 0, max: 1 }`;

  it("keeps a list on one line while it fits in 110 characters with its indentation, and breaks it beyond", () => {
    // The list is indented by 6 and its one field by 8: `[` + the field (102 characters) + `]` reaches 110.
    expect(6 + field(47).length + 2).toBe(110);
    expect(renderMetadataFile(withField(47), "//", "@wsdlgen/runtime")).toContain(`\n      fields: [${field(47)}],\n`);
    expect(renderMetadataFile(withField(48), "//", "@wsdlgen/runtime")).toContain(
      `\n      fields: [\n        {\n          name: "${"N".repeat(48)}",\n          ns: "",\n`,
    );
  });
});
