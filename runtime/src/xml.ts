/**
 * The runtime's XML tree: what the codec reads SOAP messages into ({@link XmlNode}: namespace-aware, every element
 * with its in-scope prefixes so that QName-valued attributes such as `xsi:type="q1:ArrayOfint"` resolve where they
 * are written), the reader that builds it ({@link parseXmlTree}, the purpose-built readXml of xml-reader.ts), and
 * helpers over it. The generator builds the same tree from WSDL and XSD with fast-xml-parser
 * (generator/load/xml-tree.ts).
 */
import { internalized, readXml, type ParseTreeOptions, type XmlNode } from "./xml-reader.js";

export { XML_NS } from "./namespaces.js";
export { readXml, XmlSyntaxError, type ParseTreeOptions, type XmlNode, type XmlPosition } from "./xml-reader.js";

/**
 * Reads a document into the tree rooted at its document element: the runtime's reader (readXml), which accepts
 * exactly the namespace-well-formed XML 1.0 documents without a DOCTYPE and throws an `XmlSyntaxError` with line
 * and column for anything else.
 */
export function parseXmlTree(text: string, options: ParseTreeOptions = {}): XmlNode {
  return readXml(text, options);
}

/** A namespace-qualified name. `ns` is `""` for no namespace. */
export interface QName {
  ns: string;
  local: string;
}

/** What the QName-valued attribute values read in a scope resolved to there (see resolveQName); per scope, bounded. */
const resolved = new WeakMap<ReadonlyMap<string, string>, Map<string, QName | undefined>>();
const RESOLVED_MAX = 256;

/**
 * Resolves a QName-valued attribute (`type="q21:ArrayOfint"`) against the element's in-scope namespaces.
 * Unprefixed names take the default namespace. Returns undefined for an undeclared prefix. The result is shared
 * by the elements of one scope that carry the same value (the xsi:type of each element of a message): read it,
 * do not change it.
 */
export function resolveQName(el: XmlNode, value: string): QName | undefined {
  let known = resolved.get(el.scope);
  if (known === undefined) resolved.set(el.scope, (known = new Map()));
  else {
    const q = known.get(value);
    if (q !== undefined || known.has(value)) return q;
  }
  const trimmed = value.trim();
  const colon = trimmed.indexOf(":");
  const prefix = colon === -1 ? "" : trimmed.slice(0, colon);
  const local = colon === -1 ? trimmed : trimmed.slice(colon + 1);
  const ns = el.scope.get(prefix);
  const q =
    ns === undefined
      ? prefix === ""
        ? { ns: "", local: internalized(local) }
        : undefined
      : { ns, local: internalized(local) };
  // Kept as long as the scope, which readXml may share among documents: copies, not slices of a document.
  if (known.size < RESOLVED_MAX) known.set(internalized(value), q);
  return q;
}

/** The value of the attribute `local` in namespace `ns` (prefix-independent), if present. */
export function attributeNS(el: XmlNode, ns: string, local: string): string | undefined {
  for (const key in el.attrs) {
    const colon = key.indexOf(":");
    if (colon === -1) {
      if (key === local && ns === "") return el.attrs[key];
    } else if (key.length - colon - 1 === local.length && key.endsWith(local)) {
      if (el.scope.get(key.slice(0, colon)) === ns) return el.attrs[key];
    }
  }
  return undefined;
}
