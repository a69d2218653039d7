/** `wsdl:message` parts: each names a global element (document style) or a type (rpc style). */
import type { DiagnosticSink, SourceLocation } from "../diagnostics.js";
import { NS } from "../load/namespaces.js";
import { childrenNamed } from "../load/xml.js";
import { qnameKey, type QName } from "../model/qname.js";
import type { Part } from "../model/model.js";
import type { XsdReader } from "../xsd/reader.js";
import { namedTypeRef } from "../xsd/type-ref.js";
import { wsdlQName, type WsdlIndex } from "./definitions.js";

export function readMessageParts(
  wsdl: WsdlIndex,
  reader: XsdReader,
  name: QName,
  sink: DiagnosticSink,
  refConstruct: string,
  refLocation: SourceLocation,
): Part[] {
  const entry = wsdl.messages.get(qnameKey(name));
  if (!entry) {
    return sink.fail(
      "message-missing",
      `message ${qnameKey(name)} is referenced but not declared`,
      refConstruct,
      refLocation,
    );
  }
  return childrenNamed(entry.el, NS.wsdl, "part").map((partEl) => {
    const construct = `wsdl:part ${entry.name.local}.${partEl.attrs.name ?? ""}`;
    const part: Part = {
      name: partEl.attrs.name ?? sink.fail("part-name", "wsdl:part has no name", construct, partEl.location),
    };
    if (partEl.attrs.element !== undefined) {
      const element = wsdlQName(partEl, "element", sink, construct);
      if (!reader.index.get("element", element)) {
        sink.fail(
          "element-missing",
          `element ${qnameKey(element)} is referenced but not declared in any loaded schema`,
          construct,
          partEl.location,
        );
      }
      part.element = element;
    } else if (partEl.attrs.type !== undefined) {
      part.type = namedTypeRef(reader, wsdlQName(partEl, "type", sink, construct), construct, partEl.location);
    } else {
      sink.fail("part-untyped", "wsdl:part has neither element= nor type=", construct, partEl.location);
    }
    return part;
  });
}
