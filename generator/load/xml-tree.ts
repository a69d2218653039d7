/**
 * The generator's XML tree, built over fast-xml-parser (the generator reads WSDL and XSD with it; the runtime has
 * its own reader, readXml). It gives the runtime's {@link XmlNode} tree: every element knows its namespace URI and
 * its in-scope prefixes (so QName-valued attributes such as `type="q1:ArrayOfint"` resolve where they are written)
 * and, on request, its line and column.
 */
import { XMLParser } from "fast-xml-parser";
import { XML_NS, XmlSyntaxError, type ParseTreeOptions, type XmlNode, type XmlPosition } from "@wsdlgen/runtime/xml";

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; anything else is left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

/** Maps character offsets to 1-based line/column (lines end at LF). */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }
  locate(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/** Line/column of a character offset (for error messages). */
function locateOffset(text: string, offset: number): { line: number; column: number } {
  return new LineIndex(text).locate(offset);
}

/**
 * The line and column of each element's start tag, in document order — the order in which {@link convert} meets
 * the elements fast-xml-parser reports. It walks the text as fast-xml-parser's parser does (the `<` of an end tag,
 * a processing instruction, a comment or a CDATA section is not an element's; quoted attribute values are skipped
 * whole), counting line ends as it goes. This replaces the parser's `captureMetaData` (a symbol-keyed property on
 * every node, a map of CRLF positions, a binary search per element), which cost about a fifth of building the tree.
 */
class StartTags {
  /** Where to look for the next start tag; the line that {@link lineStart} begins, counted up to {@link counted}. */
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private counted = 0;
  constructor(private readonly text: string) {}

  /** Where the next start tag's `<` is in `file` (line and column 1-based, lines end at LF; none when no tag is left). */
  next(file: string): XmlPosition {
    const s = this.text;
    for (let i = s.indexOf("<", this.pos); i !== -1; i = s.indexOf("<", this.pos)) {
      const c1 = s.charCodeAt(i + 1);
      if (c1 === 47 /* / */) this.pos = skipTo(s, ">", i) + 1;
      else if (c1 === 63 /* ? */) this.pos = quotedEnd(s, i + 1, PI_END) + 1;
      else if (c1 === 33 /* ! */ && s.charCodeAt(i + 2) === 45 && s.charCodeAt(i + 3) === 45)
        this.pos = skipTo(s, "-->", i + 4) + 3;
      else if (c1 === 33 && s.charCodeAt(i + 2) === 91 /* [ */) this.pos = skipTo(s, "]]>", i) + 3;
      else {
        this.pos = quotedEnd(s, i + 1, TAG_END) + 1;
        for (let nl = s.indexOf("\n", this.counted); nl !== -1 && nl < i; nl = s.indexOf("\n", nl + 1)) {
          this.line++;
          this.lineStart = nl + 1;
        }
        this.counted = i;
        return { file, line: this.line, column: i - this.lineStart + 1 };
      }
    }
    return { file, line: undefined, column: undefined };
  }
}

/** Where `what` next occurs from `from`, or the end of the text. */
function skipTo(s: string, what: string, from: number): number {
  const at = s.indexOf(what, from);
  return at === -1 ? s.length : at;
}

/**
 * The rest of a tag up to its `>` (`TAG_END`) or of a processing instruction up to its `?>` (`PI_END`), skipping
 * quoted values whole, as fast-xml-parser reads them. Regular expressions rather than a loop over characters: a
 * run reads each document once, while the loop is still interpreted (a loop took ~50 ms of Ticket's 3,600 tags
 * cold, 5 ms warm). Each alternative starts with its own character, so a failed match does not backtrack.
 */
const TAG_END = /(?:[^"'>]|"[^"]*"|'[^']*')*>/y;
const PI_END = /(?:[^"'?]|"[^"]*"|'[^']*'|\?(?!>))*\?>/y;

/** Where `end` (TAG_END or PI_END) matches from `from`: the offset of its last character, or the end of the text. */
function quotedEnd(s: string, from: number, end: RegExp): number {
  end.lastIndex = from;
  return end.test(s) ? end.lastIndex - 1 : s.length;
}

type OrderedNode = Record<string, unknown> & { ":@"?: Record<string, string> };

const parsers = new Map<string, XMLParser>();
function parserFor(maxDepth: number): XMLParser {
  const key = `${maxDepth}`;
  let parser = parsers.get(key);
  if (!parser) {
    parser = new XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: "",
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      processEntities: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      cdataPropName: "#cdata",
      // Ours (in convert) fires first and names the position; the parser's own limit stays as a backstop.
      maxNestedTags: maxDepth + 8,
      jPath: false,
    });
    parsers.set(key, parser);
  }
  return parser;
}

/**
 * Parses a document into a tree rooted at its document element. Throws {@link XmlSyntaxError} for input that is
 * not a namespace-well-formed document, including an undeclared prefix and any DOCTYPE (no DTDs or entity
 * expansion). Callers that need a full well-formedness check run fast-xml-parser's validator first (parseXml in
 * xml.ts does).
 */
export function buildXmlTree(text: string, options: ParseTreeOptions = {}): XmlNode {
  const maxDepth = options.maxDepth ?? 256;
  const doctype = /<!DOCTYPE/i.exec(text);
  if (doctype) {
    const at = locateOffset(text, doctype.index);
    throw new XmlSyntaxError("DOCTYPE declarations are refused (no DTDs or entity expansion)", at.line, at.column);
  }
  let nodes: OrderedNode[];
  try {
    nodes = parserFor(maxDepth).parse(text) as OrderedNode[];
  } catch (e) {
    const message = (e as Error).message;
    if (/nested tags/i.test(message)) {
      const at = locateOffset(text, deepOffset(text, maxDepth));
      throw new XmlSyntaxError(`element nesting deeper than ${maxDepth}`, at.line, at.column);
    }
    throw new XmlSyntaxError(`malformed XML: ${message}`);
  }
  const lines = options.positions ? new StartTags(text) : undefined;
  const root = nodes.find((n) => elementName(n) !== undefined);
  if (!root) throw new XmlSyntaxError("document has no root element");
  const file = options.positions?.file ?? "";
  return convert(root, elementName(root)!, new Map([["xml", XML_NS]]), lines, file, 0, maxDepth);
}

/** Where nesting first exceeds `maxDepth` (a rough scan, for the error message only). */
function deepOffset(text: string, maxDepth: number): number {
  let depth = 0;
  for (let i = text.indexOf("<"); i !== -1; i = text.indexOf("<", i + 1)) {
    const next = text[i + 1];
    if (next === "/") depth--;
    else if (next !== "?" && next !== "!") {
      const end = text.indexOf(">", i);
      if (end !== -1 && text[end - 1] === "/") continue;
      if (++depth > maxDepth) return i;
    }
  }
  return 0;
}

function elementName(node: OrderedNode): string | undefined {
  for (const key in node) {
    if (key !== ":@" && key !== "#text" && key !== "#comment" && key !== "#cdata" && key[0] !== "?") return key;
  }
  return undefined;
}

/**
 * What every element without attributes has as `attrs`, and every element without children as `children` (as in
 * the runtime's readXml): one frozen empty object and array rather than two allocations per element. The tree is
 * read, never changed.
 */
const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_CHILDREN: XmlNode[] = Object.freeze([]) as unknown as XmlNode[];

function convert(
  node: OrderedNode,
  name: string,
  parentScope: ReadonlyMap<string, string>,
  lines: StartTags | undefined,
  file: string,
  depth: number,
  maxDepth: number,
): XmlNode {
  const location = lines?.next(file);
  if (depth > maxDepth)
    throw new XmlSyntaxError(`element nesting deeper than ${maxDepth}`, location?.line, location?.column);
  const rawAttrs = node[":@"];
  let scope = parentScope;
  let attrs = NO_ATTRIBUTES;
  if (rawAttrs) {
    for (const key in rawAttrs) {
      const value = decodeEntities(String(rawAttrs[key]));
      if (key === "xmlns" || key.startsWith("xmlns:")) {
        if (scope === parentScope) scope = new Map(parentScope);
        (scope as Map<string, string>).set(key === "xmlns" ? "" : key.slice(6), value);
      } else {
        if (attrs === NO_ATTRIBUTES) attrs = {};
        attrs[key] = value;
      }
    }
  }
  const colon = name.indexOf(":");
  const prefix = colon === -1 ? "" : name.slice(0, colon);
  const local = colon === -1 ? name : name.slice(colon + 1);
  const ns = scope.get(prefix);
  if (ns === undefined && prefix !== "") {
    throw new XmlSyntaxError(
      `element <${name}> uses undeclared namespace prefix "${prefix}"`,
      location?.line,
      location?.column,
    );
  }
  let children = NO_CHILDREN;
  let text = "";
  const content = node[name] as OrderedNode[] | undefined;
  if (content) {
    for (const child of content) {
      const piece = textOf(child);
      if (piece !== undefined) text += piece;
      else {
        const childName = elementName(child);
        if (childName === undefined) continue;
        if (children === NO_CHILDREN) children = [];
        children.push(convert(child, childName, scope, lines, file, depth + 1, maxDepth));
      }
    }
  }
  const result: XmlNode = { local, ns: ns ?? "", attrs, children, text, scope };
  if (children.length && text.trim() !== "") result.mixed = mixedContent(content!, children);
  if (location) result.location = location;
  return result;
}

/** The text of a text or CDATA node (entities decoded), undefined for any other node. */
function textOf(node: OrderedNode): string | undefined {
  if ("#text" in node) return decodeEntities(String(node["#text"]));
  if ("#cdata" in node) return (node["#cdata"] as { "#text"?: string }[]).map((c) => c["#text"] ?? "").join("");
  return undefined;
}

/** Mixed content in order: the text pieces of `content` and its elements, already converted as `children`. */
function mixedContent(content: OrderedNode[], children: XmlNode[]): (string | XmlNode)[] {
  const sequence: (string | XmlNode)[] = [];
  let next = 0;
  for (const child of content) {
    const piece = textOf(child);
    if (piece !== undefined) sequence.push(piece);
    else if (elementName(child) !== undefined) sequence.push(children[next++]!);
  }
  return sequence;
}
