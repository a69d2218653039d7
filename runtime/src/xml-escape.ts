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
 * A string with nothing to escape is returned as it is (one native search); otherwise the string is built in one
 * pass, from one native search for the next character to escape or refuse to the next.
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

// What needs escaping or refusing, found by one native search each time. Surrogates are in it as a whole range (a
// pair is fine, and skipped where it is found): a plain character class keeps the search fast.
const TEXT_SPECIAL = /[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]/g;
const ATTRIBUTE_SPECIAL = /[&<"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]/g;

/** Escapes a string for an element's text content. */
export function escapeText(s: string): string {
  return escape(s, TEXT_SPECIAL);
}

/** Escapes a string for an attribute value written between double quotes. */
export function escapeAttribute(s: string): string {
  return escape(s, ATTRIBUTE_SPECIAL);
}

/**
 * `s` with each character `special` finds replaced by its reference: one pass, the search native (faster than a
 * loop over the characters, or than one replace per character, for the text a message carries: measured, README).
 * A string with nothing to escape is returned as it is. Throws at the first character XML 1.0 cannot carry.
 */
function escape(s: string, special: RegExp): string {
  special.lastIndex = 0;
  if (!special.test(s)) return s;
  let out = "";
  let run = 0;
  do {
    const i = special.lastIndex - 1;
    const c = s.charCodeAt(i);
    let replacement: string;
    if (c === 0x26) replacement = "&amp;";
    else if (c === 0x3c) replacement = "&lt;";
    else if (c === 0x3e) replacement = "&gt;";
    else if (c === 0x22) replacement = "&quot;";
    else if (c === 0x0d) replacement = "&#13;";
    else if (c === 0x0a) replacement = "&#10;";
    else if (c === 0x09) replacement = "&#9;";
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(s.charCodeAt(i + 1))) {
      // A surrogate pair: one character, written as it is.
      special.lastIndex = i + 2;
      continue;
    } else {
      special.lastIndex = 0;
      throw new XmlCharacterError(c, i);
    }
    out += s.slice(run, i) + replacement;
    run = i + 1;
  } while (special.test(s));
  return run === 0 ? s : out + s.slice(run);
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
