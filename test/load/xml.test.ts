/** XML reading: namespaces resolved per element, positions, entity decoding, refusal of DOCTYPE and bad XML. */
import { describe, expect, it } from "vitest";
import { GeneratorError } from "../../generator/diagnostics.js";
import { parseXml, resolveQName } from "../../generator/load/xml.js";

describe("parseXml", () => {
  it("resolves prefixes declared on the element that uses them (as WCF does)", () => {
    const root = parseXml(
      '<s xmlns="urn:a">\n  <e xmlns:q21="urn:arrays" type="q21:ArrayOfint"/>\n  <f type="q21:Other"/>\n</s>',
      "t.xml",
    );
    const [e, f] = root.children;
    expect(root.ns).toBe("urn:a");
    expect(e!.ns).toBe("urn:a");
    expect(resolveQName(e!, e!.attrs.type!)).toEqual({ ns: "urn:arrays", local: "ArrayOfint" });
    expect(resolveQName(f!, f!.attrs.type!)).toBeUndefined();
    expect(e!.location).toEqual({ file: "t.xml", line: 2, column: 3 });
  });

  it("decodes predefined entities and character references in text and attributes", () => {
    const root = parseXml('<a v="&lt;&quot;&#65;&#x42;">x &amp; y &gt; z</a>', "t.xml");
    expect(root.attrs.v).toBe('<"AB');
    expect(root.text).toBe("x & y > z");
  });

  it("reports malformed XML with file:line:col", () => {
    try {
      parseXml("<a>\n  <b>\n</a>", "bad.xml");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GeneratorError);
      const d = (e as GeneratorError).diagnostics[0]!;
      expect(d.code).toBe("xml-malformed");
      expect(d.location).toMatchObject({ file: "bad.xml", line: 3 });
    }
  });

  it("refuses DOCTYPE declarations (no entity expansion)", () => {
    const xml = '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "xxxxxxxx">]>\n<a>&x;</a>';
    expect(() => parseXml(xml, "evil.xml")).toThrowError(/evil\.xml:2:1: error xml-doctype/);
  });

  it("rejects an undeclared element prefix", () => {
    expect(() => parseXml("<a><zz:b/></a>", "p.xml")).toThrowError(/undeclared namespace prefix "zz"/);
  });
});
