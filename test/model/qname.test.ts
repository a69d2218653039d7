/** model/qname.ts: the model's QName and its key, and that the runtime's XML tree resolves names to the same shape. */
import { describe, expect, expectTypeOf, it } from "vitest";
import { qnameKey, type QName } from "../../generator/model/qname.js";
import { parseXmlTree, resolveQName, type QName as XmlTreeQName } from "../../runtime/src/xml.js";

describe("QName", () => {
  it("keys a name as {ns}local, and a name without namespace as its local name", () => {
    expect(qnameKey({ ns: "urn:a", local: "Ticket" })).toBe("{urn:a}Ticket");
    expect(qnameKey({ ns: "", local: "Ticket" })).toBe("Ticket");
    expect(qnameKey({ ns: "urn:a", local: "T" })).not.toBe(qnameKey({ ns: "urn:b", local: "T" }));
  });

  it("is the shape the XML tree resolves prefixed names to (checked by the type-check of the tests)", () => {
    expectTypeOf<XmlTreeQName>().toEqualTypeOf<QName>();
    const el = parseXmlTree(`<a xmlns:q="urn:q" type="q:Name"/>`);
    const resolved: QName | undefined = resolveQName(el, el.attrs.type!);
    expect(resolved && qnameKey(resolved)).toBe("{urn:q}Name");
  });
});
