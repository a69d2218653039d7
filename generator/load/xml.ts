/**
 * XML reading: fast-xml-parser (order preserved, metadata captured) turned into a small namespace-aware tree.
 * Every element knows its namespace URI, its in-scope prefixes (WCF declares `xmlns:qNN` on the very element that
 * uses it) and its line/column, so readers can resolve QName-valued attributes and diagnostics can point at it.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { GeneratorError, type SourceLocation } from "../diagnostics.js";

export const XML_NS = "http://www.w3.org/XML/1998/namespace";

/** A namespace-qualified name. `ns` is `""` for no namespace. */
export interface QName {
  ns: string;
  local: string;
}

export interface XmlElement {
  /** Local name, without prefix. */
  local: string;
  /** Namespace URI of the element (`""` when none). */
  ns: string;
  /** Attributes by their name as written (prefix kept), xmlns declarations excluded. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text content (entity references decoded), concatenated. */
  text: string;
  /** In-scope prefix → namespace URI; `""` is the default namespace. */
  scope: ReadonlyMap<string, string>;
  location: SourceLocation;
}

const MAX_DEPTH = 256;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  captureMetaData: true,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_DEPTH,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

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

/** Maps character offsets to 1-based line/column. */
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

type OrderedNode = Record<string, unknown> & { ":@"?: Record<string, string> };

/**
 * Parses an XML document into an {@link XmlElement} tree rooted at the document element.
 * Malformed XML, DOCTYPE declarations (entity expansion is refused) and undeclared prefixes are errors naming
 * `file:line:col`.
 */
export function parseXml(text: string, file: string): XmlElement {
  const fail = (code: string, message: string, line?: number, column?: number): never => {
    throw new GeneratorError({ severity: "error", code, message, location: { file, line, column } });
  };
  const doctype = /<!DOCTYPE/i.exec(text);
  if (doctype) {
    const at = new LineIndex(text).locate(doctype.index);
    fail("xml-doctype", "DOCTYPE declarations are refused (no DTDs or entity expansion); remove the DOCTYPE", at.line, at.column);
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) fail("xml-malformed", `malformed XML: ${valid.err.msg}`, valid.err.line, valid.err.col);
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(text) as OrderedNode[];
  } catch (e) {
    return fail("xml-malformed", `malformed XML: ${(e as Error).message}`);
  }
  const lines = new LineIndex(text);
  const root = nodes.find((n) => elementName(n) !== undefined);
  if (!root) return fail("xml-empty", "document has no root element");
  return convert(root, new Map([["xml", XML_NS]]), lines, file, fail, 0);
}

function elementName(node: OrderedNode): string | undefined {
  for (const key of Object.keys(node)) {
    if (key !== ":@" && key !== "#text" && key !== "#comment" && key[0] !== "?") return key;
  }
  return undefined;
}

function convert(
  node: OrderedNode,
  parentScope: ReadonlyMap<string, string>,
  lines: LineIndex,
  file: string,
  fail: (code: string, message: string, line?: number, column?: number) => never,
  depth: number,
): XmlElement {
  const name = elementName(node)!;
  const meta = (node as Record<symbol, { startIndex?: number } | undefined>)[META];
  const pos = meta?.startIndex !== undefined ? lines.locate(meta.startIndex) : undefined;
  const location: SourceLocation = { file, line: pos?.line, column: pos?.column };
  if (depth > MAX_DEPTH) fail("xml-too-deep", `element nesting deeper than ${MAX_DEPTH}`, pos?.line, pos?.column);

  const rawAttrs = node[":@"] ?? {};
  let scope = parentScope;
  const attrs: Record<string, string> = {};
  for (const [key, raw] of Object.entries(rawAttrs)) {
    const value = decodeEntities(String(raw));
    if (key === "xmlns" || key.startsWith("xmlns:")) {
      if (scope === parentScope) scope = new Map(parentScope);
      (scope as Map<string, string>).set(key === "xmlns" ? "" : key.slice(6), value);
    } else {
      attrs[key] = value;
    }
  }
  const colon = name.indexOf(":");
  const prefix = colon === -1 ? "" : name.slice(0, colon);
  const local = colon === -1 ? name : name.slice(colon + 1);
  const ns = scope.get(prefix);
  if (ns === undefined && prefix !== "") {
    fail("xml-undeclared-prefix", `element <${name}> uses undeclared namespace prefix "${prefix}"`, pos?.line, pos?.column);
  }
  const children: XmlElement[] = [];
  let text = "";
  for (const child of (node[name] as OrderedNode[]) ?? []) {
    if ("#text" in child) text += decodeEntities(String(child["#text"]));
    else if (elementName(child) !== undefined) children.push(convert(child, scope, lines, file, fail, depth + 1));
  }
  return { local, ns: ns ?? "", attrs, children, text, scope, location };
}

/**
 * Resolves a QName-valued attribute (`type="q21:ArrayOfint"`) against the element's in-scope namespaces.
 * Unprefixed names take the default namespace. Returns undefined for an undeclared prefix.
 */
export function resolveQName(el: XmlElement, value: string): QName | undefined {
  const trimmed = value.trim();
  const colon = trimmed.indexOf(":");
  const prefix = colon === -1 ? "" : trimmed.slice(0, colon);
  const local = colon === -1 ? trimmed : trimmed.slice(colon + 1);
  const ns = el.scope.get(prefix);
  if (ns === undefined) return prefix === "" ? { ns: "", local } : undefined;
  return { ns, local };
}

/** Child elements in namespace `ns` with local name `local` (any local name when omitted). */
export function childrenNamed(el: XmlElement, ns: string, local?: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && (local === undefined || c.local === local));
}

export function firstChild(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  return el.children.find((c) => c.ns === ns && c.local === local);
}

/** `{ns}local`: the canonical string key of a QName. */
export function qnameKey(q: QName): string {
  return q.ns ? `{${q.ns}}${q.local}` : q.local;
}
