/** XML reading: namespaces resolved per element, positions, entity decoding, refusal of DOCTYPE and bad XML. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { GeneratorError } from "../../generator/diagnostics.js";
import { parseXml, resolveQName, type XmlElement } from "../../generator/load/xml.js";
import { buildXmlTree } from "../../generator/load/xml-tree.js";
import { hasShared, sharedDir } from "../helpers.js";

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

/**
 * Element positions as fast-xml-parser's `captureMetaData` gives them (the start tag's `<`, as an offset into the
 * text as written; lines counted at LF), in document order: what buildXmlTree reported before it found the start
 * tags itself.
 */
function positionsByParser(text: string): string[] {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, captureMetaData: true });
  const meta = XMLParser.getMetaDataSymbol() as unknown as symbol;
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  const out: string[] = [];
  const walk = (nodes: Record<string | symbol, unknown>[]) => {
    for (const node of nodes) {
      const name = Object.keys(node).find((k) => k !== ":@" && k !== "#text" && k !== "#comment" && k[0] !== "?");
      if (name === undefined) continue;
      const offset = (node[meta] as { startIndex: number }).startIndex;
      let line = starts.length - 1;
      while (starts[line]! > offset) line--;
      out.push(`${name} ${line + 1}:${offset - starts[line]! + 1}`);
      walk(node[name] as Record<string | symbol, unknown>[]);
    }
  };
  walk(parser.parse(text) as Record<string | symbol, unknown>[]);
  return out;
}

/** Each element's local name and line:column, in document order. */
function positionsOf(root: XmlElement | ReturnType<typeof buildXmlTree>): string[] {
  const out: string[] = [];
  const walk = (el: typeof root) => {
    out.push(`${el.local} ${el.location!.line}:${el.location!.column}`);
    for (const c of el.children) walk(c);
  };
  walk(root);
  return out;
}

/** fast-xml-parser names elements as written: their local names, to compare. */
const unprefixed = (positions: string[]) => positions.map((p) => p.replace(/^[^ :]*:/, ""));

describe("element positions (found by walking the start tags, not by fast-xml-parser's captureMetaData)", () => {
  const tricky: [string, string][] = [
    ["CRLF line ends", '<?xml version="1.0"?>\r\n<a>\r\n  <b/>\r\n\r\n  <c>\r\n <d x="1"/></c></a>\r\n'],
    ["a lone CR", "<a>\r<b/>\r\n<c/>\n<d/></a>"],
    [
      "comments, CDATA and PIs holding what looks like tags",
      '<a><!-- <x> </y> --><b/><![CDATA[ <z> ]]>\n<?pi "?>" <w> ?><c/></a>',
    ],
    ["> and quotes inside attribute values", `<a t='>"' u="'>"><b v="a>b"/>\n  <c w='<'/><d x='> <e/>'/><f/></a>`],
    ["a comment and a PI before the root, tabs in tags", '<!-- <no> -->\n<?pi x?>\n<a\tq="1"\n  r="2"><b\t/></a>'],
    ["text with > and entities", "<a>x &gt; y > z\n<b>&lt;c&gt;</b>\n\n\n   <c/></a>"],
  ];
  it.each(tricky)("as fast-xml-parser's metadata gives them: %s", (_name, xml) => {
    expect(positionsOf(buildXmlTree(xml, { positions: { file: "t.xml" } }))).toEqual(
      unprefixed(positionsByParser(xml)),
    );
  });

  it.runIf(hasShared)("as fast-xml-parser's metadata gives them: every WSDL and XSD under ../shared/wsdl", () => {
    const files: string[] = [];
    const collect = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) collect(full);
        else if (/\.(wsdl|xsd)$/i.test(name)) files.push(full);
      }
    };
    collect(path.join(sharedDir, "wsdl"));
    let compared = 0;
    for (const file of files) {
      const xml = readFileSync(file, "utf8");
      let root: XmlElement;
      try {
        root = parseXml(xml, file);
      } catch {
        continue;
      }
      expect(positionsOf(root), file).toEqual(unprefixed(positionsByParser(xml)));
      compared++;
    }
    expect(compared).toBeGreaterThan(300);
  });
});
