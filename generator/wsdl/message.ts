/** `wsdl:message` parts: each names a global element (document style) or a type (rpc style). */
import type { DiagnosticSink, SourceLocation } from "../diagnostics.js";
import { NS } from "../load/namespaces.js";
import { childrenNamed } from "../load/xml.js";
import { qnameKey, type QName } from "../model/qname.js";
import type { Part } from "../model/model.js";
import type { XsdReader } from "../xsd/reader.js";
import { namedTypeRef, namespaceFallback } from "../xsd/type-ref.js";
import { findInTargetNamespace, wsdlQName, type WsdlEntry, type WsdlIndex } from "./definitions.js";

/**
 * The parts of the message `name` (referred to from `from`, whose document's target namespace is where a name
 * its own namespace lacks is looked up), and the message's QName as found.
 */
export function readMessageParts(
  wsdl: WsdlIndex,
  reader: XsdReader,
  name: QName,
  sink: DiagnosticSink,
  refConstruct: string,
  refLocation: SourceLocation,
  from?: WsdlEntry,
): { message: QName; parts: Part[] } {
  const entry = findInTargetNamespace(wsdl.messages, name, from, sink, "message", refConstruct, refLocation);
  if (!entry) {
    return sink.fail(
      "message-missing",
      `message ${qnameKey(name)} is referenced but not declared`,
      refConstruct,
      refLocation,
    );
  }
  const parts = childrenNamed(entry.el, NS.wsdl, "part").map((partEl) => {
    const construct = `wsdl:part ${entry.name.local}.${partEl.attrs.name ?? ""}`;
    const part: Part = {
      name: partEl.attrs.name ?? sink.fail("part-name", "wsdl:part has no name", construct, partEl.location),
    };
    if (partEl.attrs.element !== undefined) {
      let element = wsdlQName(partEl, "element", sink, construct);
      const declared = (q: QName) => !!reader.index.get("element", q);
      if (!declared(element)) {
        const fallback = namespaceFallback(
          sink,
          element,
          entry.targetNamespaces,
          declared,
          "element",
          construct,
          partEl.location,
        );
        if (!fallback)
          sink.fail(
            "element-missing",
            `element ${qnameKey(element)} is referenced but not declared in any loaded schema`,
            construct,
            partEl.location,
          );
        element = fallback;
      }
      part.element = element;
    } else if (partEl.attrs.type !== undefined) {
      const type = wsdlQName(partEl, "type", sink, construct);
      part.type = namedTypeRef(reader, type, construct, partEl.location, entry.targetNamespaces);
    } else {
      sink.fail("part-untyped", "wsdl:part has neither element= nor type=", construct, partEl.location);
    }
    return part;
  });
  return { message: entry.name, parts };
}
