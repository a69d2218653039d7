/**
 * The XML writer (runtime/src/xml-writer.ts) over the encoder's element format: what it writes, that it writes the
 * same bytes as fast-xml-parser's XMLBuilder (which the codec used before) wherever escaping did not change on
 * purpose, that a conformant reader gives every text and attribute value back exactly, and that characters XML 1.0
 * cannot carry are refused with the element path.
 */
import fc from "fast-check";
import { XMLBuilder } from "fast-xml-parser";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import type { OutNode } from "../../runtime/src/encode.js";
import { XmlCharacterError } from "../../runtime/src/xml-escape.js";
import { readXml } from "../../runtime/src/xml-reader.js";
import { declarationsText, writeElements } from "../../runtime/src/xml-writer.js";
import type { XmlNode } from "../../runtime/src/xml.js";

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  suppressEmptyNode: true,
  processEntities: true,
});

describe("declarationsText", () => {
  it("writes the declarations in order, escaped, and refuses a character XML cannot carry naming the attribute", () => {
    const namespaces = new Map([
      ["urn:b?x=1&y=2", "ns1"],
      ["http://schemas.xmlsoap.org/soap/envelope/", "soap"],
    ]);
    expect(declarationsText(namespaces, ["soap:Envelope"])).toBe(
      ' xmlns:ns1="urn:b?x=1&amp;y=2" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"',
    );
    expect(declarationsText(new Map(), ["e"])).toBe("");
    expect(() => declarationsText(new Map([["urn:\u0000", "ns1"]]), ["soap:Envelope"])).toThrowError(
      /^soap:Envelope@xmlns:ns1: U\+0000 at index 4 cannot be written in XML 1\.0/,
    );
  });
});

describe("writeElements", () => {
  it("writes elements, attributes in order, text, and empty elements as empty-element tags", () => {
    const nodes: OutNode[] = [
      {
        "p:a": [{ b: [{ "#text": "x" }] }, { c: [], ":@": { "xsi:nil": "true" } }, { d: [] }, { "#text": "tail" }],
        ":@": { "xmlns:p": "urn:p", z: "1", a: "2" },
      },
    ];
    expect(writeElements(nodes)).toBe('<p:a xmlns:p="urn:p" z="1" a="2"><b>x</b><c xsi:nil="true"/><d/>tail</p:a>');
    expect(writeElements([])).toBe("");
  });

  it("escapes text and attribute values so that they come back exactly (CR as &#13;)", () => {
    const text = "a & b < c > d \"q\" 's' ]]> line\r\nnext\rlast\n\ttab";
    const xml = writeElements([{ e: [{ "#text": text }], ":@": { v: text } }]);
    expect(xml).toBe(
      "<e v=\"a &amp; b &lt; c > d &quot;q&quot; 's' ]]> line&#13;&#10;next&#13;last&#10;&#9;tab\">" +
        "a &amp; b &lt; c &gt; d \"q\" 's' ]]&gt; line&#13;\nnext&#13;last\n\ttab</e>",
    );
    const root = readXml(xml);
    expect(root.text).toBe(text);
    expect(root.attrs.v).toBe(text);
  });

  it("names the open elements it writes inside in an error's path", () => {
    expect(writeElements([{ b: [{ "#text": "x" }] }], ["s:Envelope", "s:Body"])).toBe("<b>x</b>");
    expect(() => writeElements([{ b: [{ "#text": "\u0001" }] }], ["s:Envelope", "s:Body"])).toThrowError(
      /^s:Envelope\/s:Body\/b: U\+0001 at index 0/,
    );
  });

  it("writes a long document in chunks and gives it back whole", () => {
    const items: OutNode[] = Array.from({ length: 5000 }, (_, i) => ({ item: [{ "#text": `value ${i} & more` }] }));
    const xml = writeElements([{ list: items }]);
    expect(xml.length).toBeGreaterThan(3 * 16384);
    expect(readXml(xml).children.map((c) => c.text)).toEqual(items.map((_, i) => `value ${i} & more`));
  });

  it("refuses a character XML 1.0 cannot carry, naming the element path (and the attribute)", () => {
    const nodes = (text: string, attribute: string): OutNode[] => [
      {
        "s:Envelope": [{ "s:Body": [{ "ns1:Put": [{ "ns1:Name": [{ "#text": text }], ":@": { note: attribute } }] }] }],
      },
    ];
    expect(() => writeElements(nodes("ok\u0000", "ok"))).toThrowError(
      new XmlCharacterError(0, 2, "s:Envelope/s:Body/ns1:Put/ns1:Name"),
    );
    expect(() => writeElements(nodes("ok\u0000", "ok"))).toThrowError(
      /^s:Envelope\/s:Body\/ns1:Put\/ns1:Name: U\+0000 at index 2 cannot be written in XML 1\.0/,
    );
    expect(() => writeElements(nodes("ok", "\ud800"))).toThrowError(
      /^s:Envelope\/s:Body\/ns1:Put\/ns1:Name@note: U\+D800 at index 0 cannot be written in XML 1\.0/,
    );
  });
});

// ------------------------------------------------------------------------------------------ generated trees

const NAMES = ["a", "b", "p:c", "ns1:Item", "xsi:nil", "Ticket", "x-y.z"];
const ELEMENT_NAMES = NAMES.filter((n) => n !== "xsi:nil");
/** Text with what matters to escaping, without the characters whose escaping changed on purpose (see below). */
const stableText = fc.string({
  unit: fc.oneof(
    fc.constantFrom("&", "<", ">", "&amp;", "]]>", "\n", "\t", " ", "é", "\u{1F600}", "\u2028"),
    fc.constantFrom(..."abcXYZ019 "),
  ),
  maxLength: 12,
});
/** Any text XML 1.0 can carry: CR, quotes and apostrophes included. */
const anyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom("&", "<", ">", '"', "'", "\r", "\r\n", "\n", "\t", "]]>", "\u{1F600}", "\ufffd", "\u0085"),
    fc.constantFrom(..."abc "),
  ),
  maxLength: 12,
});

function tree(text: fc.Arbitrary<string>, attribute: fc.Arbitrary<string>): fc.Arbitrary<OutNode> {
  const { node } = fc.letrec<{ node: OutNode; content: OutNode }>((tie) => ({
    node: fc
      .tuple(
        fc.constantFrom(...ELEMENT_NAMES),
        fc.array(tie("content"), { maxLength: 4 }),
        fc.uniqueArray(fc.tuple(fc.constantFrom(...NAMES), attribute), { selector: ([n]) => n, maxLength: 3 }),
      )
      .map(([name, children, attributes]) => {
        const out: OutNode = { [name]: children };
        if (attributes.length) out[":@"] = Object.fromEntries(attributes);
        return out;
      }),
    content: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      text.filter((t) => t !== "").map((t) => ({ "#text": t })),
      tie("node"),
    ),
  }));
  return node;
}

/** Per element: name, attributes, its own text (concatenated) and child elements — from the writer's input. */
function written(node: OutNode): unknown {
  const name = Object.keys(node).find((k) => k !== ":@")!;
  let text = "";
  const children: unknown[] = [];
  for (const child of node[name] as OutNode[]) {
    if ("#text" in child) text += child["#text"] as string;
    else children.push(written(child));
  }
  return { name, attrs: { ...((node[":@"] as Record<string, string>) ?? {}) }, text, children };
}
/** The same, from what a reader gives back. */
function read(node: XmlNode): unknown {
  const prefix = [...node.scope].find(([p, ns]) => ns === node.ns && p !== "")?.[0];
  const name = node.ns === "" ? node.local : `${prefix}:${node.local}`;
  return { name, attrs: { ...node.attrs }, text: node.text, children: node.children.map(read) };
}

describe("writeElements over generated trees", () => {
  it("writes what XMLBuilder wrote, byte for byte, when no CR, quote or apostrophe is in text or attributes", () => {
    const attribute = stableText.filter((t) => !/[\t\n>]/.test(t));
    fc.assert(
      fc.property(tree(stableText, attribute), (node) => {
        expect(writeElements([node])).toBe(builder.build([node]));
      }),
      { numRuns: 300 },
    );
  });

  it("is read back exactly, by readXml and by saxes (CR, quotes, tabs and line ends included)", () => {
    const declare = (xml: string) =>
      xml.replace(/^<([^\s/>]+)/, `<$1 xmlns:p="urn:p" xmlns:ns1="urn:ns1" xmlns:xsi="urn:xsi"`);
    fc.assert(
      fc.property(tree(anyText, anyText), (node) => {
        const name = Object.keys(node).find((k) => k !== ":@")!;
        // The declarations go on the root, so they are not attributes of it in the comparison.
        const xml = declare(writeElements([node]));
        expect(read(readXml(xml))).toEqual(written(node));
        expect(saxesText(xml)).toBe(allText(node, name));
      }),
      { numRuns: 300 },
    );
  });
});

/** All text of a tree in document order, attribute values included (each as `@value`). */
function allText(node: OutNode, name: string): string {
  let out = "";
  for (const [, v] of Object.entries((node[":@"] as Record<string, string>) ?? {})) out += `@${v}`;
  for (const child of node[name] as OutNode[]) {
    if ("#text" in child) out += child["#text"];
    else
      out += allText(
        child,
        Object.keys(child).find((k) => k !== ":@")!,
      );
  }
  return out;
}
function saxesText(xml: string): string {
  const parser = new SaxesParser({ xmlns: true });
  let out = "";
  parser.on("opentag", (tag) => {
    for (const a of Object.values(tag.attributes)) if (a.prefix !== "xmlns") out += `@${a.value}`;
  });
  parser.on("text", (t) => (out += t));
  parser.write(xml).close();
  return out;
}
