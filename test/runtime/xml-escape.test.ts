/**
 * XML escaping for writing (runtime/src/xml-escape.ts): what each character becomes, the refusal of
 * characters XML 1.0 cannot carry, and the round trip — any string of allowed characters, written as an attribute
 * value and as text, is read back exactly by readXml and by saxes (a conformant reader).
 */
import fc from "fast-check";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import { SoapCodecError } from "../../runtime/src/errors.js";
import { escapeAttribute, escapeText, XmlCharacterError } from "../../runtime/src/xml-escape.js";
import { readXml } from "../../runtime/src/xml-reader.js";

describe("escapeText and escapeAttribute", () => {
  it.each([
    ["plain", "plain", "plain"],
    ["a & b < c > d", "a &amp; b &lt; c &gt; d", "a &amp; b &lt; c > d"],
    [`say "hi" it's`, `say "hi" it's`, `say &quot;hi&quot; it's`],
    ["line\r\nnext\rlast\n", "line&#13;\nnext&#13;last\n", "line&#13;&#10;next&#13;last&#10;"],
    ["tab\there", "tab\there", "tab&#9;here"],
    ["]]>", "]]&gt;", "]]>"],
    ["&amp;", "&amp;amp;", "&amp;amp;"],
    [
      "\u{1F600} é \ufffd \ue000 \u0085 \u2028 \u007f",
      "\u{1F600} é \ufffd \ue000 \u0085 \u2028 \u007f",
      "\u{1F600} é \ufffd \ue000 \u0085 \u2028 \u007f",
    ],
  ])("%j → text %j, attribute %j", (input, text, attribute) => {
    expect(escapeText(input)).toBe(text);
    expect(escapeAttribute(input)).toBe(attribute);
  });

  it("returns the very same string when nothing needs escaping", () => {
    const s = "Nothing to escape here: 12 345, ÆØÅ, \u{1F600}".repeat(3);
    expect(escapeText(s)).toBe(s);
    expect(escapeAttribute(s)).toBe(s);
  });

  it.each([
    ["\u0000", 0, 0x0],
    ["ab\u0001", 2, 0x1],
    ["\u0008", 0, 0x8],
    ["x\u000b", 1, 0xb],
    ["\u000c", 0, 0xc],
    ["\u001f", 0, 0x1f],
    ["\ufffe", 0, 0xfffe],
    ["a\uffff", 1, 0xffff],
    ["\ud800", 0, 0xd800],
    ["\ud83dx", 0, 0xd83d],
    ["x\ude00", 1, 0xde00],
    ["\ude00\ud83d", 0, 0xde00],
    ["\u{1F600}\u{1F600}\udbff", 4, 0xdbff],
    ["ok &\u0002", 4, 0x2],
  ])("refuses %j: the character at index %i", (input, index, codePoint) => {
    for (const escape of [escapeText, escapeAttribute]) {
      let error: unknown;
      try {
        escape(input);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(XmlCharacterError);
      expect(error).toBeInstanceOf(SoapCodecError);
      expect(error).toMatchObject({ index, codePoint, name: "XmlCharacterError" });
      const hex = codePoint.toString(16).toUpperCase().padStart(4, "0");
      expect((error as Error).message).toMatch(
        new RegExp(`^U\\+${hex} at index ${index} cannot be written in XML 1.0`),
      );
    }
  });
});

/** Text and attribute values as saxes reads them. */
function readWithSaxes(xml: string): { attribute: string; text: string } {
  const parser = new SaxesParser({ xmlns: true });
  let attribute = "";
  let text = "";
  parser.on("opentag", (tag) => (attribute = tag.attributes["x"]!.value));
  parser.on("text", (t) => (text += t));
  parser.write(xml).close();
  return { attribute, text };
}

/** A character XML 1.0 cannot carry: C0 controls but tab, LF, CR; U+FFFE, U+FFFF; a surrogate not in a pair. */
const FORBIDDEN =
  /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isAllowed = (s: string) => !FORBIDDEN.test(s);

/** Strings rich in what matters: markup characters, line ends, tabs, quotes, and any code unit at all. */
const anyUnits = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      "&",
      "<",
      ">",
      '"',
      "'",
      "\r",
      "\n",
      "\r\n",
      "\t",
      " ",
      "]]>",
      "&amp;",
      "&#13;",
      "a",
      "é",
      "\u{1F600}",
    ),
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    fc.string({ unit: "binary", maxLength: 1 }),
  ),
  maxLength: 40,
});

describe("round trip through a reader", () => {
  it("any string of allowed characters comes back exactly, as an attribute value and as text (readXml, saxes)", () => {
    fc.assert(
      fc.property(
        anyUnits.filter((s) => isAllowed(s)),
        (s) => {
          const xml = `<a x="${escapeAttribute(s)}">${escapeText(s)}</a>`;
          const root = readXml(xml);
          expect(root.attrs["x"]).toBe(s);
          expect(root.text).toBe(s);
          expect(readWithSaxes(xml)).toEqual({ attribute: s, text: s });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("any string with a character XML 1.0 cannot carry is refused at its first such character", () => {
    fc.assert(
      fc.property(
        anyUnits.filter((s) => !isAllowed(s)),
        (s) => {
          const bad = FORBIDDEN.exec(s)!.index;
          expect(() => escapeText(s)).toThrow(expect.objectContaining({ index: bad }));
          expect(() => escapeAttribute(s)).toThrow(expect.objectContaining({ index: bad }));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
