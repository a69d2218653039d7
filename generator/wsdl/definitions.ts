/**
 * The index of `wsdl:definitions` content across the loaded WSDL documents (the root and its `wsdl:import`s):
 * messages, portTypes, bindings and services by QName, plus the documentation helper all WSDL readers share.
 */
import type { DiagnosticSink, SourceLocation } from "../diagnostics.js";
import type { LoadedDocument } from "../load/documents.js";
import { NS } from "../load/namespaces.js";
import { childrenNamed, firstChild, resolveQName, type XmlElement } from "../load/xml.js";
import { qnameKey, type QName } from "../model/qname.js";
import { deepText, normalizeDoc } from "../xsd/annotation.js";
import { namespaceFallback } from "../xsd/type-ref.js";

/** A top-level WSDL construct, with the target namespaces of the document that declares it. */
export interface WsdlEntry {
  el: XmlElement;
  name: QName;
  /**
   * Where a reference from this construct that names nothing in its own namespace is looked up
   * ({@link findInTargetNamespace}): the definitions' targetNamespace, then those of the schemas in its `wsdl:types`.
   */
  targetNamespaces: string[];
}

export interface WsdlIndex {
  messages: Map<string, WsdlEntry>;
  portTypes: Map<string, WsdlEntry>;
  bindings: Map<string, WsdlEntry>;
  services: WsdlEntry[];
  /** `name` of the root `wsdl:definitions`. */
  definitionsName?: string;
  definitionsDoc?: string;
}

export function indexWsdl(documents: LoadedDocument[]): WsdlIndex {
  const index: WsdlIndex = { messages: new Map(), portTypes: new Map(), bindings: new Map(), services: [] };
  for (const doc of documents) {
    const root = doc.root;
    if (root.ns !== NS.wsdl || root.local !== "definitions") continue;
    const tns = root.attrs.targetNamespace ?? "";
    if (index.definitionsName === undefined && doc === documents[0]) {
      index.definitionsName = root.attrs.name;
      index.definitionsDoc = documentation(root);
    }
    const schemaNamespaces = childrenNamed(root, NS.wsdl, "types").flatMap((types) =>
      childrenNamed(types, NS.xs, "schema").map((s) => s.attrs.targetNamespace ?? ""),
    );
    const targetNamespaces = [...new Set([tns, ...schemaNamespaces])];
    const add = (table: Map<string, WsdlEntry>, local: string) => {
      for (const el of childrenNamed(root, NS.wsdl, local)) {
        const name = { ns: tns, local: el.attrs.name ?? "" };
        if (!table.has(qnameKey(name))) table.set(qnameKey(name), { el, name, targetNamespaces });
      }
    };
    add(index.messages, "message");
    add(index.portTypes, "portType");
    add(index.bindings, "binding");
    for (const el of childrenNamed(root, NS.wsdl, "service"))
      index.services.push({ el, name: { ns: tns, local: el.attrs.name ?? "" }, targetNamespaces });
  }
  return index;
}

/** The `wsdl:documentation` text directly under `el`, normalised. */
export function documentation(el: XmlElement): string | undefined {
  const doc = firstChild(el, NS.wsdl, "documentation");
  return doc ? normalizeDoc(deepText(doc)) : undefined;
}

/** Resolves a QName attribute of a WSDL element, failing with the construct and location when it cannot. */
export function wsdlQName(el: XmlElement, attr: string, sink: DiagnosticSink, construct: string): QName {
  const value = el.attrs[attr];
  if (value === undefined) return sink.fail("wsdl-attribute-missing", `${attr}= is required`, construct, el.location);
  const q = resolveQName(el, value);
  if (!q)
    return sink.fail(
      "wsdl-undeclared-prefix",
      `${attr}="${value}" uses an undeclared namespace prefix`,
      construct,
      el.location,
    );
  return q;
}

/**
 * A WSDL construct (message, portType, binding) by QName; when its namespace has none of that name, the one the
 * referring document's targetNamespace declares, with a warning naming both namespaces (xsd/type-ref.ts
 * `namespaceFallback`: the hand-written slip `binding type="portje"` under `xmlns="http://schemas.xmlsoap.org/wsdl/"`).
 */
export function findInTargetNamespace(
  table: Map<string, WsdlEntry>,
  name: QName,
  from: WsdlEntry | undefined,
  sink: DiagnosticSink,
  what: string,
  construct: string,
  location: SourceLocation | undefined,
): WsdlEntry | undefined {
  const found = table.get(qnameKey(name));
  if (found || !from) return found;
  const declared = (q: QName) => table.has(qnameKey(q));
  const fallback = namespaceFallback(sink, name, [from.name.ns], declared, what, construct, location);
  return fallback && table.get(qnameKey(fallback));
}
