/** Namespace prefixes of a message being written (runtime/prefixes.ts). */
import { describe, expect, it } from "vitest";
import { SoapCodecError } from "../../runtime/src/errors.js";
import { XML_NS, XSI_NS } from "../../runtime/src/namespaces.js";
import { PrefixMap } from "../../runtime/src/prefixes.js";

describe("PrefixMap", () => {
  it("gives fixed prefixes, then ns1, ns2… in order of first use, and declares only the namespaces used", () => {
    const w = new PrefixMap([[XSI_NS, "xsi"]]);
    expect(w.qname("urn:b", "B")).toBe("ns1:B");
    expect(w.qname("urn:a", "A")).toBe("ns2:A");
    expect(w.qname("urn:b", "C")).toBe("ns1:C");
    expect(w.qname(XSI_NS, "nil")).toBe("xsi:nil");
    expect(w.qname("", "plain")).toBe("plain");
    expect(w.declarations()).toEqual({ "xmlns:ns1": "urn:b", "xmlns:ns2": "urn:a", "xmlns:xsi": XSI_NS });
  });

  it("writes the XML namespace with its reserved prefix, never declared", () => {
    const w = new PrefixMap();
    expect(w.qname(XML_NS, "lang")).toBe("xml:lang");
    expect(w.declarations()).toEqual({});
  });

  it.each(["a b", "1a", "a>", ""])("refuses %j as a local name", (local) => {
    expect(() => new PrefixMap().qname("urn:a", local)).toThrow(SoapCodecError);
  });
});
