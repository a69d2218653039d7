/**
 * A purpose-built XML 1.0 reader for SOAP messages: one pass over the text, straight into the {@link XmlNode} tree
 * that `parseXmlTree` (xml.ts) builds, and a well-formedness checker for everything a SOAP message may contain.
 *
 * What it accepts is a namespace-well-formed XML 1.0 document (Namespaces in XML 1.0, third edition) without a
 * document type declaration: an optional BOM and XML declaration, comments and processing instructions around one
 * root element, elements, attributes, character data, CDATA sections, the five predefined entities and character
 * references. Everything else is an {@link XmlSyntaxError} with the 1-based line and column where it was detected
 * (lines end at LF, CRLF or a lone CR; columns count UTF-16 code units; a leading BOM is not a column):
 * any DOCTYPE, an undefined entity, a reference to or a raw character that XML 1.0 forbids (NUL and the other C0
 * controls except tab, LF and CR, U+FFFE, U+FFFF, lone surrogates), `<` in an attribute value, `]]>` in text, `--`
 * inside a comment, a misplaced or malformed XML declaration, a PI target `xml`, a duplicate attribute (also the
 * same namespace and local name under two prefixes), an undeclared prefix, a malformed QName, `xmlns:p=""`, the
 * reserved `xml`/`xmlns` prefixes or namespaces misbound, mismatched or unclosed tags, text or a second element
 * outside the root, and nesting deeper than `maxDepth` (default 256; the root is depth 0).
 *
 * The tree it builds, per element: `local`, `ns` (`""` for none), `attrs` by name as written (namespace declarations
 * left out), `children`, `text` (all character data, CDATA included, whitespace kept, concatenated), `scope` (the
 * in-scope prefixes; an element that declares none shares its parent's map), `mixed` (only when the element has
 * children and text that is not just whitespace: the text between children, comments and PIs left out, and the
 * children, in order) and, with `positions`, `location` (line and column of the element's `<`). As the XML
 * specification says, line ends in text are LF (CRLF and a lone CR become LF; `&#13;` stays CR) and attribute values
 * are normalised: a literal tab, LF or CR (CRLF counted once) becomes a space, while character references to them
 * are kept. A namespace name is the declaration's value without surrounding whitespace (a URI has none; saxes does
 * the same). The tree is for reading: elements without attributes or children share one frozen empty `attrs`
 * object or `children` array, and elements whose one attribute is an xsi attribute with the same value as at the
 * last element of their name share that element's (frozen) `attrs`.
 *
 * Speed (issue 13): one pass with charCodeAt, no regular expressions on the way; element and attribute names that
 * repeat share one internalized string (see XmlReader.readName), which makes them cheap property and Map keys for
 * the codec too, while text and values are plain slices (interning them cost more than it saved: measured, README);
 * namespace resolution is cached for the usual run of elements with the same prefix in the same scope; a start tag
 * of only namespace declarations and xsi attributes that was read before under the same parent scope is recognised
 * whole (see TagMemo), its scope and attrs shared; the text of an element that is only indentation (a pretty-printed
 * element with children) is one string per shape rather than a concatenation of its pieces (see elements()); `mixed`
 * is built only when needed, from offsets recorded on the way.
 */
import { XML_NS, XSI_NS } from "./namespaces.js";

export interface XmlPosition {
  file: string;
  line?: number;
  column?: number;
}

export interface XmlNode {
  /** Local name, without prefix. */
  local: string;
  /** Namespace URI (`""` when none). */
  ns: string;
  /** Attributes by their name as written (prefix kept), xmlns declarations excluded, entities decoded. */
  attrs: Record<string, string>;
  children: XmlNode[];
  /** The element's own text (and CDATA) content, entity references decoded, concatenated. */
  text: string;
  /** In-scope prefix → namespace URI; `""` is the default namespace. */
  scope: ReadonlyMap<string, string>;
  /** Mixed content only (text that is not just whitespace, and child elements): text and elements in order. */
  mixed?: (string | XmlNode)[];
  /** Present when parsed with `positions`. */
  location?: XmlPosition;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = "XmlSyntaxError";
  }
}

export interface ParseTreeOptions {
  /** Record line/column positions (costs some speed); `file` names the document in them. */
  positions?: { file: string };
  /** Maximum element nesting (default 256). */
  maxDepth?: number;
}

const XMLNS_NS = "http://www.w3.org/2000/xmlns/";
/**
 * What every element without attributes has as `attrs`, and every element without children as `children`: one
 * frozen empty object and array, rather than two allocations per element (a tree is read, never changed).
 */
const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_CHILDREN: XmlNode[] = Object.freeze([]) as unknown as XmlNode[];
/** An element or attribute name as read: its text split at the colon, and what it meant last time. */
interface ReadName {
  /** The name as written (prefix kept), internalized. */
  readonly qname: string;
  /** The prefix (`""` for none) and the local name (internalized). */
  readonly prefix: string;
  readonly local: string;
  /** Where the colon is in {@link qname} (-1 for none). */
  readonly colon: number;
  /**
   * The namespace the name had in `scope` when it was last resolved there: an element name's (its prefix's, or the
   * default namespace), an attribute name's prefix's. A one-entry cache: consecutive elements share their scope.
   */
  scope: ReadonlyMap<string, string> | undefined;
  ns: string;
  /** The element name whose start tag came right after this one's last time: a guess that holds most of the time. */
  next: ReadName | undefined;
  /**
   * For an element name: the name of its first attribute last time, and that attribute's value when it was an XML
   * Schema instance attribute (xsi:type, xsi:nil) written without references — structure, not data, so it may be
   * kept — to be recognised with one comparison next time.
   */
  firstAttribute: ReadName | undefined;
  firstValue: string | undefined;
  /**
   * The `attrs` of the element's last start tag when that xsi attribute, with that value, was its only attribute:
   * shared (frozen) by the elements that have exactly that attribute, as elements without attributes share one.
   */
  firstAttrs: Record<string, string> | undefined;
  /** For an element name: its last start tag made only of structure (see {@link TagMemo}), to be recognised whole. */
  tag: TagMemo | undefined;
  /**
   * The one before {@link tag}, of another text: an element name whose start tag alternates between two forms (the
   * same element in two types, each with its own `xsi:type`) is recognised whole too, rather than read again.
   */
  previousTag: TagMemo | undefined;
}

/**
 * A start tag whose attributes are all namespace declarations and xsi attributes — structure, not data, so it may be
 * kept from document to document — as read last time: the text after its name up to and with its `>` (or `/>`),
 * the scope of its parent, and what reading it gave. The same text under the same parent scope reads the same, so
 * next time one comparison replaces reading it (the envelope's start tag with its declarations, the `xsi:type` of
 * every element of a repeating message).
 */
interface TagMemo {
  readonly text: string;
  /** The element's name followed by {@link text}: the whole tag after its `<`. */
  readonly full: string;
  readonly parentScope: ReadonlyMap<string, string>;
  readonly ns: string;
  readonly attrs: Record<string, string>;
  readonly scope: ReadonlyMap<string, string>;
  readonly empty: boolean;
}

/**
 * The scope every document starts in (only `xml` is bound): one map for all documents, so that a root element
 * read before is recognised by its {@link TagMemo}. Never changed (scopes are copied to add declarations).
 */
const DOCUMENT_SCOPE: ReadonlyMap<string, string> = new Map([["xml", XML_NS]]);

/**
 * Element and attribute names read recently, by a hash of their text (see {@link XmlReader.readName}): names repeat
 * (within a message and from message to message of a service), so a repeat shares one string that V8 has
 * internalized — a property key and a Map key that compare by identity — instead of a new one. Only names (and the
 * namespaces they resolved to) are kept here, never text or attribute values: nothing a message says outlives its
 * tree.
 */
const NAME_SLOTS = 1024;
const nameTable: (ReadName | undefined)[] = new Array<ReadName | undefined>(NAME_SLOTS);
/** Names up to this length are looked up in {@link nameTable}; longer ones are made anew each time. */
const NAME_MAX_LENGTH = 64;

/**
 * `name` as an internalized string (the form V8 gives property keys), so that comparing it is comparing identity;
 * also a copy that does not keep the document it was read from alive (as a slice of the text would).
 */
export function internalized(name: string): string {
  return Object.keys({ [name]: 0 })[0]!;
}

// Character codes.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const HASH = 35;
const AMP = 38;
const SQUOTE = 39;
const DASH = 45;
const SLASH = 47;
const COLON = 58;
const SEMICOLON = 59;
const LT = 60;
const EQUALS = 61;
const GT = 62;
const QUESTION = 63;
const BRACKET_CLOSE = 93;
const LOWER_X = 120;

/** ASCII name characters: 2 = may start a name (NCName: no colon), 1 = may only follow. */
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) ASCII_NAME[c] = 2;
  else if ((c >= 48 && c <= 57) || c === DASH || c === 46) ASCII_NAME[c] = 1;
}

/** XML 1.0 (fifth edition) NameStartChar above ASCII, for a BMP code unit that is not a surrogate. */
function isNonAsciiNameStart(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

/**
 * How many code units the name character at `p` (not ASCII) takes: 0 when it is not a name character (a start
 * character when `start`), 2 for a supplementary character (U+10000–U+EFFFF, a surrogate pair), else 1.
 */
function nonAsciiNameWidth(s: string, p: number, c: number, start: boolean): number {
  if (c >= 0xd800 && c <= 0xdb7f) {
    const low = s.charCodeAt(p + 1);
    return low >= 0xdc00 && low <= 0xdfff ? 2 : 0;
  }
  if (isNonAsciiNameStart(c)) return 1;
  if (start) return 0;
  return c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040 ? 1 : 0;
}

/** Whether a code point may be written in an XML 1.0 document (the Char production). */
function isXmlChar(code: number): boolean {
  return code >= SPACE
    ? code <= 0xd7ff || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
    : code === TAB || code === LF || code === CR;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === LF || c === TAB || c === CR;
}

/** The whole XML declaration (`<?xml version="1.x" encoding="…" standalone="…"?>`), anchored where it is tried. */
const XML_DECLARATION_PATTERN = (() => {
  const space = "[ \\t\\r\\n]";
  const eq = `${space}*=${space}*`;
  const quoted = (body: string) => `(?:"${body}"|'${body}')`;
  return new RegExp(
    `<\\?xml${space}+version${eq}${quoted("1\\.[0-9]+")}` +
      `(?:${space}+encoding${eq}${quoted("[A-Za-z][A-Za-z0-9._-]*")})?` +
      `(?:${space}+standalone${eq}${quoted("(?:yes|no)")})?${space}*\\?>`,
    "y",
  );
})();

/**
 * Reads an XML document into the tree rooted at its document element (see the module comment for what is checked
 * and what the tree holds). Throws {@link XmlSyntaxError} for anything that is not a well-formed document.
 */
export function readXml(text: string, options: ParseTreeOptions = {}): XmlNode {
  return new XmlReader(text, options).document();
}

class XmlReader {
  private readonly s: string;
  private readonly maxDepth: number;
  private readonly file: string | undefined;
  /** Offsets where lines start (computed on first use). */
  private lineStarts: number[] | undefined;
  /** Where the document starts (1 after a BOM). */
  private readonly origin: number;
  private pos: number;
  /** The attributes of the start tag being read: names, values and offsets, reused from tag to tag. */
  private attrCount = 0;
  private readonly attrNames: string[] = [];
  private readonly attrReadNames: ReadName[] = [];
  private readonly attrValues: string[] = [];
  private readonly attrOffsets: number[] = [];
  /** Set by {@link startTag}: the tag just read ended with `/>`. */
  private emptyElement = false;
  /** Set by {@link startTag}: where the name of the element just read is in the text, and the name. */
  private tagNameStart = 0;
  private tagNameEnd = 0;
  private tagReadName: ReadName | undefined;
  /** Set by {@link attributeValue}: the value just read is the text as written (no reference, no line end). */
  private plainValue = false;

  constructor(text: string, options: ParseTreeOptions) {
    this.s = text;
    this.maxDepth = options.maxDepth ?? 256;
    this.file = options.positions?.file;
    this.origin = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.pos = this.origin;
  }

  // -------------------------------------------------------------------------------------------- errors

  private fail(message: string, offset: number): never {
    const { line, column } = this.locate(offset);
    throw new XmlSyntaxError(message, line, column);
  }

  private locate(offset: number): { line: number; column: number } {
    const starts = (this.lineStarts ??= this.computeLineStarts());
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  private computeLineStarts(): number[] {
    const s = this.s;
    const starts = [this.origin];
    for (let i = this.origin; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === LF) starts.push(i + 1);
      else if (c === CR) {
        if (s.charCodeAt(i + 1) === LF) i++;
        starts.push(i + 1);
      }
    }
    return starts;
  }

  /** The character at `p` for a message: quoted, or named when it is invisible. */
  private describe(p: number): string {
    if (p >= this.s.length) return "the end of the document";
    const code = this.s.codePointAt(p)!;
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
    return code > SPACE && code < 0x7f ? `"${String.fromCharCode(code)}"` : hex;
  }

  /** Fails at `p`, whose character is not allowed in XML at all, or not here. */
  private failCharacter(p: number, where: string): never {
    if (p >= this.s.length) this.fail(`unexpected end of the document ${where}`, p);
    const code = this.s.codePointAt(p)!;
    const forbidden = !isXmlChar(code) || (code >= 0xdc00 && code <= 0xdfff);
    this.fail(`${forbidden ? "character not allowed in XML" : "unexpected character"} ${this.describe(p)} ${where}`, p);
  }

  // -------------------------------------------------------------------------------------------- document

  document(): XmlNode {
    const s = this.s;
    if (
      s.startsWith("<?xml", this.pos) &&
      (isSpace(s.charCodeAt(this.pos + 5)) || s.charCodeAt(this.pos + 5) === QUESTION)
    )
      this.xmlDeclaration();
    let root: XmlNode | undefined;
    for (;;) {
      let p = this.pos;
      while (isSpace(s.charCodeAt(p))) p++;
      this.pos = p;
      if (p >= s.length) break;
      if (s.charCodeAt(p) !== LT) {
        const code = s.codePointAt(p)!;
        if (!isXmlChar(code)) this.failCharacter(p, `${root ? "after" : "before"} the root element`);
        this.fail(root ? "text after the root element" : "text before the root element", p);
      }
      const next = s.charCodeAt(p + 1);
      if (next === QUESTION) this.processingInstruction();
      else if (next === BANG) {
        if (s.startsWith("<!--", p)) this.comment();
        else if (s.startsWith("<!DOCTYPE", p))
          this.fail("DOCTYPE declarations are refused (no DTDs or entity expansion)", p);
        else if (s.startsWith("<![CDATA[", p))
          this.fail(`CDATA section ${root ? "after" : "before"} the root element`, p);
        else this.failCharacter(p + 2, 'after "<!" (a comment "<!--" expected)');
      } else if (root) this.fail("a second root element (a document has exactly one)", p);
      else root = this.elements();
    }
    if (!root) this.fail("the document has no root element", this.pos);
    return root;
  }

  private xmlDeclaration(): void {
    XML_DECLARATION_PATTERN.lastIndex = this.pos;
    if (!XML_DECLARATION_PATTERN.test(this.s)) {
      this.fail(
        'malformed XML declaration (expected <?xml version="1.x" encoding="…" standalone="yes|no"?>, ' +
          "in that order, the last two optional)",
        this.pos,
      );
    }
    this.pos = XML_DECLARATION_PATTERN.lastIndex;
  }

  /** A comment at `pos` (`<!--`); skipped. */
  private comment(): void {
    const s = this.s;
    const start = this.pos + 4;
    const dashes = s.indexOf("--", start);
    if (dashes === -1) this.fail("unterminated comment", this.pos);
    if (s.charCodeAt(dashes + 2) !== GT) this.fail('"--" inside a comment', dashes);
    this.checkChars(start, dashes, "in a comment");
    this.pos = dashes + 3;
  }

  /** A processing instruction at `pos` (`<?`); skipped. */
  private processingInstruction(): void {
    const s = this.s;
    const start = this.pos;
    const targetEnd = this.name(start + 2);
    if (targetEnd === start + 2) this.failCharacter(targetEnd, "where a processing instruction's target was expected");
    if (this.colon !== -1) this.fail("a processing instruction's target may not contain a colon", this.colon);
    if (targetEnd - start - 2 === 3 && s.slice(start + 2, targetEnd).toLowerCase() === "xml") {
      this.fail(
        start === this.origin
          ? "malformed XML declaration"
          : "an XML declaration is only allowed at the very start of the document",
        start,
      );
    }
    const c = s.charCodeAt(targetEnd);
    if (c === QUESTION && s.charCodeAt(targetEnd + 1) === GT) {
      this.pos = targetEnd + 2;
      return;
    }
    if (!isSpace(c)) this.failCharacter(targetEnd, "after a processing instruction's target");
    const end = s.indexOf("?>", targetEnd);
    if (end === -1) this.fail("unterminated processing instruction", start);
    this.checkChars(targetEnd, end, "in a processing instruction");
    this.pos = end + 2;
  }

  /** Fails at the first character in [from, to) that XML 1.0 does not allow. */
  private checkChars(from: number, to: number, where: string): void {
    const s = this.s;
    for (let p = from; p < to; p++) {
      const c = s.charCodeAt(p);
      if (c < SPACE) {
        if (c !== LF && c !== TAB && c !== CR) this.failCharacter(p, where);
      } else if (c >= 0xd800) {
        if (c <= 0xdbff) {
          const low = s.charCodeAt(p + 1);
          if (low >= 0xdc00 && low <= 0xdfff && p + 1 < to) p++;
          else this.failCharacter(p, where);
        } else if (c <= 0xdfff || c >= 0xfffe) this.failCharacter(p, where);
      }
    }
  }

  /** [from, to) with CRLF and lone CR turned into LF (end-of-line handling). */
  private normalizedLines(from: number, to: number): string {
    const s = this.s;
    let out = "";
    let run = from;
    for (let p = s.indexOf("\r", from); p !== -1 && p < to; p = s.indexOf("\r", p + 1)) {
      out += s.slice(run, p) + "\n";
      run = s.charCodeAt(p + 1) === LF && p + 1 < to ? p + 2 : p + 1;
    }
    return out + s.slice(run, to);
  }

  // -------------------------------------------------------------------------------------------- names

  /** Set by {@link name}: the offset of the name's first colon, or -1. */
  private colon = -1;

  /**
   * The end of the name starting at `p` (`p` itself when no name starts there). A colon may appear once, between
   * two NCNames (a QName); anything else with a colon is an error. Sets {@link colon}.
   */
  private name(p: number): number {
    const s = this.s;
    const start = p;
    let c = s.charCodeAt(p);
    if (c < 128) {
      if (ASCII_NAME[c] !== 2) {
        if (c === COLON) this.fail("a name may not start with a colon", p);
        return p;
      }
      p++;
    } else {
      const width = nonAsciiNameWidth(s, p, c, true);
      if (width === 0) return p;
      p += width;
    }
    let colon = -1;
    for (;;) {
      c = s.charCodeAt(p);
      if (c < 128) {
        if (ASCII_NAME[c] !== 0) {
          p++;
          continue;
        }
        if (c !== COLON) break;
        if (colon !== -1) this.fail(`a name with more than one colon: "${s.slice(start, this.nameEnd(p))}"`, p);
        colon = p++;
        c = s.charCodeAt(p);
        const width = c < 128 ? (ASCII_NAME[c] === 2 ? 1 : 0) : nonAsciiNameWidth(s, p, c, true);
        if (width === 0) this.fail(`"${s.slice(start, this.nameEnd(p))}" is not a qualified name (prefix:local)`, p);
        p += width;
        continue;
      }
      const width = nonAsciiNameWidth(s, p, c, false);
      if (width === 0) break;
      p += width;
    }
    this.colon = colon;
    return p;
  }

  /** Where a run of name characters and colons from `p` ends (for messages). */
  private nameEnd(p: number): number {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(p);
      const width = c < 128 ? (ASCII_NAME[c] !== 0 || c === COLON ? 1 : 0) : nonAsciiNameWidth(s, p, c, false);
      if (width === 0) return p;
      p += width;
    }
  }

  // -------------------------------------------------------------------------------------------- elements

  /** The root element at `pos` and everything inside it; leaves `pos` after its end tag. */
  private elements(): XmlNode {
    const s = this.s;
    const len = s.length;
    const maxDepth = this.maxDepth;
    // The open ancestors of the current element (entries below `depth`): node, name, its text so far, and where its
    // entries in childOffsets start.
    const openNodes: XmlNode[] = [];
    const openNames: ReadName[] = [];
    const openTexts: string[] = [];
    const openRuns: number[] = [];
    const openShapes: number[] = [];
    const openChildOffsets: number[] = [];
    let depth = 0;
    // The children of the open elements so far (entries below `childTop`, each element's from its `childBase`),
    // and for each the length its parent's text had when the child started (for mixed content).
    const children: XmlNode[] = [];
    const childOffsets: number[] = [];
    let childTop = 0;

    const root = this.startTag(DOCUMENT_SCOPE);
    if (this.emptyElement) return root;
    let node = root;
    let name = this.tagReadName!;
    let text = "";
    // While an element's text is only indentation (LF and spaces) and all its pieces but the last are the same —
    // the text of a pretty-printed element with children — it is not built piece by piece: `runs` counts the pieces
    // and `shape` holds the lengths of the first and the last (first * 128 + last), and indentText() makes the text
    // (one string, the same for every element of that shape). `runs` is -1 once the text is anything else: then
    // `text` holds it.
    let runs = 0;
    let shape = 0;
    let childBase = 0;
    let p = this.pos;

    for (;;) {
      // Character data up to the next "<".
      let run = p;
      for (;;) {
        const c = s.charCodeAt(p);
        if (c === LT) break;
        if (c >= SPACE ? c !== AMP && c !== BRACKET_CLOSE && c < 0xd800 : c === LF || c === TAB) {
          p++;
          continue;
        }
        if (p >= len) this.fail(`element <${name.qname}> is not closed at the end of the document`, p);
        if (runs !== -1) {
          text = indentText(runs, shape);
          runs = -1;
        }
        if (c === AMP) {
          if (p > run) text += s.slice(run, p);
          text += this.reference(p);
          p = this.pos;
          run = p;
        } else if (c === CR) {
          text += s.slice(run, p) + "\n";
          p += s.charCodeAt(p + 1) === LF ? 2 : 1;
          run = p;
        } else if (c === BRACKET_CLOSE) {
          if (s.charCodeAt(p + 1) === BRACKET_CLOSE && s.charCodeAt(p + 2) === GT)
            this.fail('"]]>" in text (write "]]&gt;")', p);
          p++;
        } else if (c >= 0xd800 && c <= 0xdbff) {
          const low = s.charCodeAt(p + 1);
          if (low >= 0xdc00 && low <= 0xdfff) p += 2;
          else this.failCharacter(p, "in text");
        } else if (c >= 0xe000 && c < 0xfffe) p++;
        else this.failCharacter(p, "in text");
      }
      if (p > run) {
        const n = p - run;
        if (runs !== -1 && n <= INDENT_MAX && isIndent(s, run, p)) {
          if (runs === 0) shape = n * 128 + n;
          else if (shape >> 7 === (shape & 127)) shape = (shape & ~127) | n;
          else {
            // A third length: the text is built after all.
            text = indentText(runs, shape) + indent(n);
            runs = -2;
          }
          runs++;
        } else {
          if (runs !== -1) {
            text = indentText(runs, shape);
            runs = -1;
          }
          text += n <= INDENT_MAX && isIndent(s, run, p) ? indent(n) : s.slice(run, p);
        }
      }

      // Markup at "<".
      const next = s.charCodeAt(p + 1);
      if (next === SLASH) {
        // The end tag of the current element: the same name, optional spaces, ">".
        let q = p + 2 + name.qname.length;
        if (!occursAt(s, p + 2, name.qname) || (s.charCodeAt(q) !== GT && !this.endsName(q))) {
          const end = this.name(p + 2);
          if (end === p + 2) this.failCharacter(end, 'after "</"');
          const found = s.slice(p + 2, end);
          this.fail(`end tag </${found}> does not match the start tag <${name.qname}>`, p);
        }
        while (isSpace(s.charCodeAt(q))) q++;
        if (s.charCodeAt(q) !== GT) this.failCharacter(q, `in the end tag </${name.qname}>`);
        p = q + 1;
        // Indentation alone is white space: no mixed content.
        node.text = runs === -1 ? text : indentText(runs, shape);
        if (childTop > childBase) {
          node.children = children.slice(childBase, childTop);
          if (runs === -1 && text.trim() !== "")
            node.mixed = mixedContent(text, node.children, childOffsets, childBase);
          childTop = childBase;
        }
        if (depth === 0) {
          this.pos = p;
          return root;
        }
        depth--;
        node = openNodes[depth]!;
        name = openNames[depth]!;
        text = openTexts[depth]!;
        runs = openRuns[depth]!;
        shape = openShapes[depth]!;
        childBase = openChildOffsets[depth]!;
      } else if (next === BANG) {
        this.pos = p;
        if (s.startsWith("<!--", p)) this.comment();
        else if (s.startsWith("<![CDATA[", p)) {
          const end = s.indexOf("]]>", p + 9);
          if (end === -1) this.fail("unterminated CDATA section", p);
          this.checkChars(p + 9, end, "in a CDATA section");
          if (runs !== -1) {
            text = indentText(runs, shape);
            runs = -1;
          }
          text += this.normalizedLines(p + 9, end);
          this.pos = end + 3;
        } else if (s.startsWith("<!DOCTYPE", p))
          this.fail("DOCTYPE declarations are refused (no DTDs or entity expansion)", p);
        else this.failCharacter(p + 2, 'after "<!" (a comment "<!--" or "<![CDATA[" expected)');
        p = this.pos;
      } else if (next === QUESTION) {
        this.pos = p;
        this.processingInstruction();
        p = this.pos;
      } else {
        // A child element.
        if (depth + 1 > maxDepth) this.fail(`element nesting deeper than ${maxDepth}`, p);
        this.pos = p;
        const child = this.startTag(node.scope);
        p = this.pos;
        children[childTop] = child;
        childOffsets[childTop++] =
          runs === -1 ? text.length : runs === 0 ? 0 : (runs - 1) * (shape >> 7) + (shape & 127);
        if (!this.emptyElement) {
          openNodes[depth] = node;
          openNames[depth] = name;
          openTexts[depth] = text;
          openRuns[depth] = runs;
          openShapes[depth] = shape;
          openChildOffsets[depth] = childBase;
          depth++;
          node = child;
          name = this.tagReadName!;
          text = "";
          runs = 0;
          shape = 0;
          childBase = childTop;
        }
      }
    }
  }

  /**
   * The name [from, to), whose colon is at `colon` (-1 for none): the one in {@link nameTable} when it is there, else
   * a new one (with internalized strings).
   */
  private readName(from: number, to: number, colon: number): ReadName {
    const s = this.s;
    const length = to - from;
    if (length > NAME_MAX_LENGTH) return newReadName(s.slice(from, to), colon === -1 ? -1 : colon - from);
    // Two slots per hash (the second is where the first's name moves when a new one comes).
    let h =
      length * 0x3b +
      s.charCodeAt(from) * 0x1f3 +
      s.charCodeAt(to - 1) * 0x95 +
      s.charCodeAt(from + (length >> 1)) * 0x1f +
      s.charCodeAt(from + (length >> 2)) * 7;
    h ^= h >> 7;
    const slot = h & (NAME_SLOTS - 2);
    const first = nameTable[slot];
    if (first !== undefined && first.qname.length === length && occursAt(s, from, first.qname)) return first;
    const second = nameTable[slot + 1];
    if (second !== undefined && second.qname.length === length && occursAt(s, from, second.qname)) return second;
    const made = newReadName(s.slice(from, to), colon === -1 ? -1 : colon - from);
    nameTable[slot + 1] = first;
    nameTable[slot] = made;
    return made;
  }

  /** Whether the character at `p` cannot continue a name (so a name read up to `p` ends there). */
  private endsName(p: number): boolean {
    const c = this.s.charCodeAt(p);
    if (c < 128) return ASCII_NAME[c] === 0 && c !== COLON;
    return nonAsciiNameWidth(this.s, p, c, false) === 0;
  }

  /**
   * The start tag at `pos` (`<` then a name): its node, with namespaces resolved against `parentScope`. Leaves
   * `pos` after the tag and sets {@link emptyElement}, {@link tagNameStart} and {@link tagNameEnd}.
   */
  private startTag(parentScope: ReadonlyMap<string, string>): XmlNode {
    const s = this.s;
    const start = this.pos;
    let p = start + 1;
    // Elements come in the same order message after message: try the name that followed the previous one last time.
    const previous = this.tagReadName;
    const guess = previous?.next;
    // The element that followed last time, with the same start tag as then: one comparison for the whole tag.
    const guessed = guess?.tag;
    if (guessed !== undefined && guessed.parentScope === parentScope && occursAt(s, p, guessed.full)) {
      this.tagReadName = guess;
      this.tagNameStart = p;
      this.tagNameEnd = p + guess!.qname.length;
      this.pos = p + guessed.full.length;
      this.emptyElement = guessed.empty;
      return this.newNode(guess!.local, guessed.ns, guessed.attrs, guessed.scope, start);
    }
    let tagName: ReadName;
    let nameEnd: number;
    if (guess !== undefined && occursAt(s, p, guess.qname) && this.endsName(p + guess.qname.length)) {
      tagName = guess;
      nameEnd = p + guess.qname.length;
    } else {
      nameEnd = this.name(p);
      if (nameEnd === p) this.failCharacter(p, 'after "<" (an element name expected)');
      tagName = this.readName(p, nameEnd, this.colon);
      if (previous !== undefined) previous.next = tagName;
    }
    this.tagReadName = tagName;
    this.tagNameStart = p;
    this.tagNameEnd = nameEnd;
    const memo = tagName.tag;
    if (memo !== undefined && memo.parentScope === parentScope && occursAt(s, nameEnd, memo.text)) {
      this.pos = nameEnd + memo.text.length;
      this.emptyElement = memo.empty;
      return this.newNode(tagName.local, memo.ns, memo.attrs, memo.scope, start);
    }
    const other = tagName.previousTag;
    if (other !== undefined && other.parentScope === parentScope && occursAt(s, nameEnd, other.text)) {
      // The other form: it becomes the last one (the guess above tries the last one first).
      tagName.previousTag = memo;
      tagName.tag = other;
      this.pos = nameEnd + other.text.length;
      this.emptyElement = other.empty;
      return this.newNode(tagName.local, other.ns, other.attrs, other.scope, start);
    }
    p = nameEnd;
    const names = this.attrNames;
    const readNames = this.attrReadNames;
    let count = 0;
    let declares = false;
    let firstPlain = false;
    let firstKnown = false;
    for (;;) {
      let c = s.charCodeAt(p);
      const spaced = isSpace(c);
      if (spaced) {
        do c = s.charCodeAt(++p);
        while (isSpace(c));
      }
      if (c === GT) {
        this.emptyElement = false;
        p++;
        break;
      }
      if (c === SLASH) {
        if (s.charCodeAt(p + 1) !== GT) this.failCharacter(p + 1, `after "/" in the start tag <${this.tagName()}>`);
        this.emptyElement = true;
        p += 2;
        break;
      }
      // An attribute: name, "=", quoted value. The first one is tried as the element's first attribute last time.
      const attrStart = p;
      const known = count === 0 ? tagName.firstAttribute : undefined;
      let attrName: ReadName;
      let attrEnd: number;
      if (known !== undefined && spaced && occursAt(s, p, known.qname) && this.endsName(p + known.qname.length)) {
        attrName = known;
        attrEnd = p + known.qname.length;
      } else {
        attrEnd = this.name(p);
        if (attrEnd === p) this.failCharacter(p, `in the start tag <${this.tagName()}>`);
        if (!spaced) this.fail(`no space before the attribute ${s.slice(p, attrEnd)} in <${this.tagName()}>`, p);
        attrName = this.readName(attrStart, attrEnd, this.colon);
        if (count === 0) tagName.firstAttribute = attrName;
      }
      p = attrEnd;
      while (isSpace(s.charCodeAt(p))) p++;
      if (s.charCodeAt(p) !== EQUALS)
        this.failCharacter(p, `after the attribute name ${s.slice(attrStart, attrEnd)} ("=" expected)`);
      p++;
      while (isSpace(s.charCodeAt(p))) p++;
      const quote = s.charCodeAt(p);
      if (quote !== DQUOTE && quote !== SQUOTE)
        this.failCharacter(p, `where the value of ${s.slice(attrStart, attrEnd)} should start (a quote expected)`);
      const value = attrName === known ? tagName.firstValue : undefined;
      if (value !== undefined && occursAt(s, p + 1, value) && s.charCodeAt(p + 1 + value.length) === quote) {
        this.attrValues[count] = value;
        p += value.length + 2;
        firstKnown = true;
      } else {
        this.attrValues[count] = this.attributeValue(p + 1, quote);
        p = this.pos;
        if (count === 0) {
          tagName.firstValue = undefined;
          tagName.firstAttrs = undefined;
          firstPlain = this.plainValue;
        }
      }
      readNames[count] = attrName;
      names[count] = attrName.qname;
      this.attrOffsets[count] = attrStart;
      if (attrName.prefix === "xmlns" || attrName.qname === "xmlns") declares = true;
      count++;
    }
    this.pos = p;
    this.attrCount = count;
    if (count > 1) this.checkDuplicates();
    const scope = declares ? this.declarations(parentScope) : parentScope;
    // The namespace: the name's own cache holds it when the scope is the one it was last resolved in.
    let ns: string | undefined;
    if (tagName.scope === scope) ns = tagName.ns;
    else {
      if (tagName.colon === -1) ns = scope.get("") ?? "";
      else {
        const prefix = tagName.prefix;
        if (prefix === "xmlns") this.fail('an element name may not have the prefix "xmlns"', start);
        ns = scope.get(prefix);
        if (ns === undefined)
          this.fail(`element <${this.tagName()}> uses undeclared namespace prefix "${prefix}"`, start);
      }
      tagName.scope = scope;
      tagName.ns = ns;
    }
    let attrs = NO_ATTRIBUTES;
    if (count === 1 && firstKnown && tagName.firstAttrs !== undefined) {
      // The same one attribute as last time, with the same value: the same attrs (its prefix checked all the same).
      this.attributes(undefined, scope);
      attrs = tagName.firstAttrs;
    } else if (count !== 0) {
      this.attributes((attrs = {}), scope);
      // Keep an xsi attribute's value for next time, when it was written as it reads (no reference, no line end).
      const first = readNames[0]!;
      if ((firstPlain || firstKnown) && first.colon !== -1 && first.ns === XSI_NS) {
        tagName.firstValue = internalized(this.attrValues[0]!);
        tagName.firstAttrs = count === 1 ? kept(attrs) : undefined;
      }
    }
    if (count !== 0 && this.onlyStructure()) {
      const text = internalized(s.slice(nameEnd, p));
      const full = internalized(tagName.qname + text);
      tagName.previousTag = tagName.tag;
      tagName.tag = { text, full, parentScope, ns, attrs: kept(attrs), scope, empty: this.emptyElement };
    }
    return this.newNode(tagName.local, ns, attrs, scope, start);
  }

  /** An element's node (its children and text are filled in when its end tag is read). */
  private newNode(
    local: string,
    ns: string,
    attrs: Record<string, string>,
    scope: ReadonlyMap<string, string>,
    start: number,
  ): XmlNode {
    const node: XmlNode = { local, ns, attrs, children: NO_CHILDREN, text: "", scope };
    if (this.file !== undefined) {
      const { line, column } = this.locate(start);
      node.location = { file: this.file, line, column };
    }
    return node;
  }

  /** Are the attributes of the start tag just read all namespace declarations and xsi attributes? */
  private onlyStructure(): boolean {
    const readNames = this.attrReadNames;
    for (let i = 0; i < this.attrCount; i++) {
      const name = readNames[i]!;
      if (name.prefix === "xmlns" || name.qname === "xmlns") continue;
      // A prefixed attribute's namespace was resolved in this scope by attributes().
      if (name.colon === -1 || name.ns !== XSI_NS) return false;
    }
    return true;
  }

  /** The name of the start tag being read (for messages). */
  private tagName(): string {
    return this.s.slice(this.tagNameStart, this.tagNameEnd);
  }

  /** The value of an attribute from `p` (after its opening quote) to the closing `quote`, normalised; sets `pos`. */
  private attributeValue(p: number, quote: number): string {
    const s = this.s;
    let value = "";
    let run = p;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === quote) break;
      if (c >= SPACE ? c !== AMP && c !== LT && c < 0xd800 : false) {
        p++;
        continue;
      }
      if (c === AMP) {
        value += s.slice(run, p) + this.reference(p);
        p = run = this.pos;
      } else if (c === TAB || c === LF || c === CR) {
        value += s.slice(run, p) + " ";
        p += c === CR && s.charCodeAt(p + 1) === LF ? 2 : 1;
        run = p;
      } else if (c === LT) this.fail('"<" in an attribute value (write "&lt;")', p);
      else if (p >= s.length) this.fail("unterminated attribute value", p);
      else if (c >= 0xd800 && c <= 0xdbff) {
        const low = s.charCodeAt(p + 1);
        if (low >= 0xdc00 && low <= 0xdfff) p += 2;
        else this.failCharacter(p, "in an attribute value");
      } else if (c >= 0xe000 && c < 0xfffe) p++;
      else this.failCharacter(p, "in an attribute value");
    }
    this.pos = p + 1;
    this.plainValue = value === "";
    return value + s.slice(run, p);
  }

  /** The entity or character reference at `p` (`&`), decoded; sets `pos` after its `;`. */
  private reference(p: number): string {
    const s = this.s;
    if (s.charCodeAt(p + 1) === HASH) {
      const hex = s.charCodeAt(p + 2) === LOWER_X;
      let q = hex ? p + 3 : p + 2;
      const digits = q;
      let code = 0;
      for (; ; q++) {
        const c = s.charCodeAt(q);
        let digit: number;
        if (c >= 48 && c <= 57) digit = c - 48;
        else if (hex && c >= 97 && c <= 102) digit = c - 87;
        else if (hex && c >= 65 && c <= 70) digit = c - 55;
        else break;
        if (code <= 0x10ffff) code = code * (hex ? 16 : 10) + digit;
      }
      if (q === digits || s.charCodeAt(q) !== SEMICOLON)
        this.fail(`malformed character reference "${s.slice(p, q + 1)}"`, p);
      if (!isXmlChar(code)) {
        const shown = code > 0x10ffff ? s.slice(p, q + 1) : `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
        this.fail(`character reference "${s.slice(p, q + 1)}" to a character XML 1.0 forbids (${shown})`, p);
      }
      this.pos = q + 1;
      return String.fromCodePoint(code);
    }
    const end = this.name(p + 1);
    if (end === p + 1 || s.charCodeAt(end) !== SEMICOLON) this.fail('"&" not starting a reference (write "&amp;")', p);
    this.pos = end + 1;
    switch (s.slice(p + 1, end)) {
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "amp":
        return "&";
      case "quot":
        return '"';
      case "apos":
        return "'";
    }
    return this.fail(
      `undefined entity "${s.slice(p, end + 1)}" (only &lt; &gt; &amp; &quot; &apos; and character references)`,
      p,
    );
  }

  /** Fails when the start tag just read has an attribute name twice. */
  private checkDuplicates(): void {
    const names = this.attrNames;
    const count = this.attrCount;
    if (count > 16) {
      const seen = new Set<string>();
      for (let i = 0; i < count; i++) {
        if (seen.has(names[i]!)) this.fail(`duplicate attribute ${names[i]}`, this.attrOffsets[i]!);
        seen.add(names[i]!);
      }
    } else {
      for (let i = 1; i < count; i++) {
        for (let j = 0; j < i; j++) {
          if (names[i] === names[j]) this.fail(`duplicate attribute ${names[i]}`, this.attrOffsets[i]!);
        }
      }
    }
  }

  /**
   * The scope of the start tag just read, which declares namespaces: a copy of `parentScope` with its declarations
   * added. Also checks the declarations.
   */
  private declarations(parentScope: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
    const names = this.attrNames;
    const count = this.attrCount;
    let scope: Map<string, string> | undefined;
    for (let i = 0; i < count; i++) {
      const name = names[i]!;
      if (
        name.charCodeAt(0) !== LOWER_X ||
        !name.startsWith("xmlns") ||
        (name.length > 5 && name.charCodeAt(5) !== COLON)
      )
        continue;
      const prefix = name.length === 5 ? "" : name.slice(6);
      // A namespace name is a URI reference, which has no spaces: surrounding whitespace is dropped (as saxes does).
      // Internalized, as names are: the codec compares namespaces with those of its metadata (interned too).
      const uri = internalized(this.attrValues[i]!.trim());
      const at = this.attrOffsets[i]!;
      if (prefix === "xmlns") this.fail('the prefix "xmlns" may not be declared', at);
      if (prefix === "xml" ? uri !== XML_NS : uri === XML_NS)
        this.fail(`the prefix "xml" and only it is bound to ${XML_NS}`, at);
      if (uri === XMLNS_NS) this.fail(`no prefix may be bound to ${XMLNS_NS}`, at);
      if (uri === "" && prefix !== "")
        this.fail(`${name}="" (undeclaring a prefix is not allowed in XML 1.0 namespaces)`, at);
      (scope ??= new Map(parentScope)).set(prefix, uri);
    }
    return scope!;
  }

  /**
   * Fills `attrs` with the start tag's attributes other than namespace declarations, resolving their prefixes (and
   * only checks them without `attrs`).
   */
  private attributes(attrs: Record<string, string> | undefined, scope: ReadonlyMap<string, string>): void {
    const readNames = this.attrReadNames;
    const values = this.attrValues;
    const count = this.attrCount;
    let prefixed = 0;
    for (let i = 0; i < count; i++) {
      const attrName = readNames[i]!;
      const name = attrName.qname;
      if (attrName.colon !== -1) {
        const prefix = attrName.prefix;
        if (prefix === "xmlns") continue;
        if (attrName.scope !== scope) {
          const ns = scope.get(prefix);
          if (ns === undefined) {
            const message = `attribute ${name} of <${this.tagName()}> uses undeclared namespace prefix "${prefix}"`;
            this.fail(message, this.attrOffsets[i]!);
          }
          attrName.scope = scope;
          attrName.ns = ns;
        }
        prefixed++;
      } else if (name === "xmlns") continue;
      if (attrs === undefined) continue;
      if (name === "__proto__")
        Object.defineProperty(attrs, name, { value: values[i], enumerable: true, writable: true, configurable: true });
      else attrs[name] = values[i]!;
    }
    if (prefixed < 2) return;
    // The same namespace and local name under two prefixes is a duplicate too (prefixes resolved in `scope` above).
    for (let i = 1; i < count; i++) {
      const a = readNames[i]!;
      if (a.colon === -1 || a.prefix === "xmlns") continue;
      for (let j = 0; j < i; j++) {
        const b = readNames[j]!;
        if (b.colon === -1 || b.prefix === "xmlns" || a.local !== b.local || a.ns !== b.ns) continue;
        this.fail(
          `duplicate attribute ${a.qname} (the same as ${b.qname}: same namespace and local name)`,
          this.attrOffsets[i]!,
        );
      }
    }
  }
}

/**
 * `attrs` made fit to be kept from document to document: its values copied out of the document (a slice of the
 * text would keep the whole document alive as long as it is kept), then frozen (it is shared). Only xsi attributes
 * are kept, whose names are never `__proto__`.
 */
function kept(attrs: Record<string, string>): Record<string, string> {
  if (Object.isFrozen(attrs)) return attrs;
  for (const key in attrs) attrs[key] = internalized(attrs[key]!);
  return Object.freeze(attrs);
}

/** A new {@link ReadName} for `qname` (with the colon at `colon`, -1 for none), its strings internalized. */
function newReadName(qname: string, colon: number): ReadName {
  const name = internalized(qname);
  return {
    qname: name,
    prefix: colon === -1 ? "" : name.slice(0, colon),
    local: colon === -1 ? name : internalized(name.slice(colon + 1)),
    colon,
    scope: undefined,
    ns: "",
    next: undefined,
    firstAttribute: undefined,
    firstValue: undefined,
    firstAttrs: undefined,
    tag: undefined,
    previousTag: undefined,
  };
}

/**
 * Whether `known` is in `s` at `at`. A substring compared with `===` (a native comparison of flat strings): faster
 * than startsWith or a loop over the characters for the names and values compared here (measured, README).
 */
function occursAt(s: string, at: number, known: string): boolean {
  return s.substring(at, at + known.length) === known;
}

/** The longest indentation (LF and spaces) kept as one string ({@link indent}). */
const INDENT_MAX = 64;
/** LF and n - 1 spaces, by n: the text between the elements of an indented document, one string for each depth. */
const INDENTS: string[] = [];
/** The texts {@link indentText} made, by runs * 16384 + shape (short ones, a bounded number). */
const INDENT_TEXTS = new Map<number, string>();

/** Is [from, to) of `s` an indentation: LF, then only spaces? */
function isIndent(s: string, from: number, to: number): boolean {
  if (s.charCodeAt(from) !== LF) return false;
  for (let p = from + 1; p < to; p++) if (s.charCodeAt(p) !== SPACE) return false;
  return true;
}

/** The indentation of length n (LF and n - 1 spaces): one string for each n. */
function indent(n: number): string {
  return (INDENTS[n] ??= `\n${" ".repeat(n - 1)}`);
}

/**
 * The text of `runs` indentations, all of the length `shape >> 7` but the last, of `shape & 127` (see elements()):
 * one string per shape for the short ones, since every element of a repeating message has the same.
 */
function indentText(runs: number, shape: number): string {
  if (runs === 0) return "";
  const last = shape & 127;
  if (runs === 1) return indent(last);
  const key = runs * 16384 + shape;
  let text = INDENT_TEXTS.get(key);
  if (text === undefined) {
    text = indent(shape >> 7).repeat(runs - 1) + indent(last);
    if (text.length <= 4096 && INDENT_TEXTS.size < 256) INDENT_TEXTS.set(key, text);
  }
  return text;
}

/** The `mixed` list of an element: its text cut where each child started, and the children, in document order. */
function mixedContent(text: string, children: XmlNode[], childOffsets: number[], base: number): (string | XmlNode)[] {
  const mixed: (string | XmlNode)[] = [];
  let from = 0;
  for (let i = 0; i < children.length; i++) {
    const at = childOffsets[base + i]!;
    if (at > from) mixed.push(text.slice(from, at));
    mixed.push(children[i]!);
    from = at;
  }
  if (text.length > from) mixed.push(text.slice(from));
  return mixed;
}
