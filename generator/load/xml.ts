/**
 * XML reading for the generator: the runtime's namespace-aware tree (positions recorded), built with fast-xml-parser
 * (xml-tree.ts) behind its full well-formedness check, with every problem reported as a diagnostic naming
 * `file:line:col`.
 */
import { XMLValidator } from "fast-xml-parser";
import { GeneratorError, type SourceLocation } from "../diagnostics.js";
import { XmlSyntaxError, type XmlNode } from "@wsdlgen/runtime/xml";
import { buildXmlTree } from "./xml-tree.js";

export { attributeNS, resolveQName, XML_NS, type XmlNode } from "@wsdlgen/runtime/xml";
export { decodeEntities } from "./xml-tree.js";

/** A parsed element; in the generator every element has a location. */
export interface XmlElement extends XmlNode {
  children: XmlElement[];
  location: SourceLocation;
}

/**
 * Parses an XML document into an {@link XmlElement} tree rooted at the document element.
 * Malformed XML, DOCTYPE declarations (entity expansion is refused) and undeclared prefixes are errors naming
 * `file:line:col`.
 */
export function parseXml(text: string, file: string): XmlElement {
  const fail = (code: string, message: string, line?: number, column?: number): never => {
    throw new GeneratorError({ severity: "error", code, message, location: { file, line, column } });
  };
  if (!/<!DOCTYPE/i.test(text)) {
    const valid = XMLValidator.validate(text);
    if (valid !== true) fail("xml-malformed", `malformed XML: ${valid.err.msg}`, valid.err.line, valid.err.col);
  }
  try {
    return buildXmlTree(text, { positions: { file } }) as XmlElement;
  } catch (e) {
    if (!(e instanceof XmlSyntaxError)) throw e;
    const code = e.message.startsWith("DOCTYPE")
      ? "xml-doctype"
      : e.message.startsWith("element nesting")
        ? "xml-too-deep"
        : e.message.includes("undeclared namespace prefix")
          ? "xml-undeclared-prefix"
          : "xml-malformed";
    const message = code === "xml-doctype" ? `${e.message}; remove the DOCTYPE` : e.message;
    return fail(code, message, e.line, e.column);
  }
}

/** Child elements in namespace `ns` with local name `local` (any local name when omitted). */
export function childrenNamed(el: XmlElement, ns: string, local?: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && (local === undefined || c.local === local));
}

export function firstChild(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  return el.children.find((c) => c.ns === ns && c.local === local);
}
