/** Type references: `type="..."`/`base="..."` QNames and anonymous types declared in place. */
import type { DiagnosticSink, SourceLocation } from "../diagnostics.js";
import { NS } from "../load/namespaces.js";
import type { XmlElement } from "../load/xml.js";
import { qnameKey, type QName } from "../model/qname.js";
import { builtinCategory } from "../model/builtins.js";
import type { TypeRef } from "../model/model.js";
import { isXmlName } from "@wsdlgen/runtime/xml-names";
import type { XsdReader } from "./reader.js";

/**
 * A reference to the type named `name`, checked: XSD built-ins (and the SOAP-encoding aliases of them) become
 * `builtin`; anything else must be a declared complexType or simpleType.
 */
export function namedTypeRef(
  reader: XsdReader,
  name: QName,
  construct: string,
  location: SourceLocation,
  /** The referring document's target namespace(s), where a name its own namespace lacks is looked up. */
  targetNamespaces: readonly string[] = [],
): TypeRef {
  const declared = (q: QName) => !!(reader.index.get("complexType", q) || reader.index.get("simpleType", q));
  if (name.ns === NS.xs || name.ns === NS.soapEnc || name.ns === NS.soapEnc12) {
    if (builtinCategory(name.local)) return { kind: "builtin", name: name.local };
    const fallback = namespaceFallback(reader.sink, name, targetNamespaces, declared, "type", construct, location);
    if (fallback) return { kind: "named", name: fallback };
    if (name.ns === NS.xs) {
      reader.sink.fail(
        "type-unknown-builtin",
        `xs:${name.local} is not an XML Schema built-in type`,
        construct,
        location,
      );
    }
    if (!reader.index.get("complexType", name) && !reader.index.get("simpleType", name)) {
      // soapenc:Array / soapenc:Struct used as a type without saying what they hold.
      reader.sink.warn(
        "soapenc-untyped",
        `soapenc:${name.local} says nothing about its content; it is generated as unknown`,
        construct,
        location,
      );
      return { kind: "builtin", name: "anyType" };
    }
  }
  if (!declared(name)) {
    const fallback = namespaceFallback(reader.sink, name, targetNamespaces, declared, "type", construct, location);
    if (fallback) return { kind: "named", name: fallback };
    reader.sink.fail(
      "type-missing",
      `type ${qnameKey(name)} is referenced but not declared in any loaded schema`,
      construct,
      location,
    );
  }
  return { kind: "named", name };
}

/**
 * Forgiving references, as zeep and node-soap have them: a QName that names nothing in its own namespace but is
 * declared in exactly one of the referring document's target namespaces is taken from there, with a warning naming
 * both namespaces (the common slip: `type="portje"` under a default namespace that is not the document's own, or
 * no default namespace at all). Undefined when no target namespace declares it; an error when several do.
 */
export function namespaceFallback(
  sink: DiagnosticSink,
  name: QName,
  targetNamespaces: readonly string[],
  declared: (q: QName) => boolean,
  what: string,
  construct: string,
  location: SourceLocation | undefined,
): QName | undefined {
  const found = [...new Set(targetNamespaces)]
    .filter((ns) => ns !== name.ns)
    .map((ns) => ({ ns, local: name.local }))
    .filter(declared);
  if (found.length === 0) return undefined;
  const written = name.ns === "" ? "no namespace" : `namespace ${name.ns}`;
  if (found.length > 1) {
    sink.fail(
      "qname-ambiguous",
      `${what} ${name.local} is not declared in ${written}, and the document's target namespaces ` +
        `${found.map((q) => q.ns).join(" and ")} each declare one; write the prefix of the one meant`,
      construct,
      location,
    );
  }
  sink.warn(
    "qname-namespace-fallback",
    `${what} ${name.local} is not declared in ${written} (where the reference resolves to); ` +
      `the document's target namespace ${found[0]!.ns} declares it and is used`,
    construct,
    location,
  );
  return found[0];
}

/**
 * Element and attribute names are written as markup on the wire: a name that is no XML name (an NCName) is
 * reported here, and the runtime codec refuses to write it.
 */
export function checkWireName(reader: XsdReader, name: string, construct: string, location: SourceLocation): void {
  if (!isXmlName(name)) {
    reader.sink.warn(
      "schema-invalid-name",
      `${JSON.stringify(name)} is not an XML name; the generated types keep it, but the runtime codec will refuse to write it`,
      construct,
      location,
    );
  }
}

/** Is this QName a complex type (not built-in, not simple)? */
export function isComplexTypeName(reader: XsdReader, name: QName): boolean {
  return !!reader.index.get("complexType", name);
}

/** `describe(el)`: a short human name for diagnostics, e.g. `xs:element TicketIds`. */
export function describe(el: XmlElement): string {
  const name = el.attrs.name ?? el.attrs.ref ?? el.attrs.base;
  return name ? `xs:${el.local} ${name}` : `xs:${el.local}`;
}
