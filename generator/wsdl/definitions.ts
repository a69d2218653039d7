/**
 * The index of `wsdl:definitions` content across the loaded WSDL documents (the root and its `wsdl:import`s):
 * messages, portTypes, bindings and services by QName, plus the documentation helper all WSDL readers share.
 */
import type { DiagnosticSink } from "../diagnostics.js";
import type { LoadedDocument } from "../load/documents.js";
import { NS } from "../load/namespaces.js";
import { childrenNamed, firstChild, resolveQName, type XmlElement } from "../load/xml.js";
import { qnameKey, type QName } from "../model/qname.js";
import { deepText, normalizeDoc } from "../xsd/annotation.js";

export interface WsdlIndex {
  messages: Map<string, { el: XmlElement; name: QName }>;
  portTypes: Map<string, { el: XmlElement; name: QName }>;
  bindings: Map<string, { el: XmlElement; name: QName }>;
  services: { el: XmlElement; name: QName }[];
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
    const add = (table: Map<string, { el: XmlElement; name: QName }>, local: string) => {
      for (const el of childrenNamed(root, NS.wsdl, local)) {
        const name = { ns: tns, local: el.attrs.name ?? "" };
        if (!table.has(qnameKey(name))) table.set(qnameKey(name), { el, name });
      }
    };
    add(index.messages, "message");
    add(index.portTypes, "portType");
    add(index.bindings, "binding");
    for (const el of childrenNamed(root, NS.wsdl, "service"))
      index.services.push({ el, name: { ns: tns, local: el.attrs.name ?? "" } });
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
