/**
 * Escaping for writing XML 1.0: text content and attribute values that any conformant reader gives back exactly.
 *
 * - Text: `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;` (always, not only after `]]`: one rule, no context to track),
 *   CR → `&#13;` (a raw CR would come back as LF: readers normalise line ends).
 * - Attribute values, written between double quotes: `&`, `<`, `"` as `&amp;`, `&lt;`, `&quot;`, and tab, LF, CR as
 *   `&#9;`, `&#10;`, `&#13;` (readers turn raw ones into spaces: attribute-value normalisation). `>` and `'` stay.
 * - Characters XML 1.0 cannot carry at all, raw or as a reference (NUL and the other C0 controls except tab, LF and
 *   CR; U+FFFE, U+FFFF; a surrogate that is not half of a pair) throw {@link XmlCharacterError}, naming the code
 *   point and its index: refusing is better than writing a document no reader accepts.
 *
 * A string with nothing to escape is returned as it is (one precompiled regular-expression test); one with only
 * markup characters and line ends to escape goes through native single-character replacements.
 */
import { SoapCodecError } from "./errors.js";

/** A string holds a character that XML 1.0 cannot carry. */
export class XmlCharacterError extends SoapCodecError {
  constructor(
    /** The code unit (a lone surrogate) or code point found. */
    readonly codePoint: number,
    /** Its index (UTF-16 code units) in the string. */
    readonly index: number,
    /** Where the string was to be written (an element path, `…/ns1:Name@attribute` for an attribute), if known. */
    readonly where?: string,
  ) {
    super(
      `${where ? `${where}: ` : ""}U+${codePoint.toString(16).toUpperCase().padStart(4, "0")} at index ${index} ` +
        "cannot be written in XML 1.0 " +
        "(allowed: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF as surrogate pairs)",
    );
    this.name = "XmlCharacterError";
  }
}

// What may need escaping or refusing. Surrogates are in it as a whole range (a pair is fine, and checked in the
// slow path): a plain character class keeps the test fast.
const TEXT_SPECIAL = /[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]/;
const ATTRIBUTE_SPECIAL = /[&<"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]/;
/** What only the character-by-character path handles: characters to refuse, and surrogates (pairs are fine). */
const NOT_SIMPLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]/;

/** Escapes a string for an element's text content. */
export function escapeText(s: string): string {
  if (!TEXT_SPECIAL.test(s)) return s;
  if (NOT_SIMPLE.test(s)) return escapeFrom(s, false);
  // Replacing one character everywhere is a native search: several passes beat one loop in JavaScript.
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

/** Escapes a string for an attribute value written between double quotes. */
export function escapeAttribute(s: string): string {
  if (!ATTRIBUTE_SPECIAL.test(s)) return s;
  if (NOT_SIMPLE.test(s)) return escapeFrom(s, true);
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

/** The escaped string, character by character (surrogates checked pairwise); throws at a character XML refuses. */
function escapeFrom(s: string, attribute: boolean): string {
  let out = "";
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let replacement: string;
    if (c === 0x26) replacement = "&amp;";
    else if (c === 0x3c) replacement = "&lt;";
    else if (c === 0x3e && !attribute) replacement = "&gt;";
    else if (c === 0x22 && attribute) replacement = "&quot;";
    else if (c === 0x0d) replacement = "&#13;";
    else if (c === 0x0a) {
      if (!attribute) continue;
      replacement = "&#10;";
    } else if (c === 0x09) {
      if (!attribute) continue;
      replacement = "&#9;";
    } else if (c < 0x20) throw new XmlCharacterError(c, i);
    else if (c >= 0xd800 && c <= 0xdbff) {
      const low = s.charCodeAt(i + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) throw new XmlCharacterError(c, i);
      i++;
      continue;
    } else if ((c >= 0xdc00 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) throw new XmlCharacterError(c, i);
    else continue;
    out += s.slice(run, i) + replacement;
    run = i + 1;
  }
  return out + s.slice(run);
}
