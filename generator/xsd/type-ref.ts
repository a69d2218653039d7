/** Type references: `type="..."`/`base="..."` QNames and anonymous types declared in place. */
import type { SourceLocation } from "../diagnostics.js";
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
export function namedTypeRef(reader: XsdReader, name: QName, construct: string, location: SourceLocation): TypeRef {
  if (name.ns === NS.xs || name.ns === NS.soapEnc || name.ns === NS.soapEnc12) {
    if (builtinCategory(name.local)) return { kind: "builtin", name: name.local };
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
  if (!reader.index.get("complexType", name) && !reader.index.get("simpleType", name)) {
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
