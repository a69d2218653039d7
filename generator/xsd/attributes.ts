/** `xs:attribute`, `xs:attributeGroup ref` and `xs:anyAttribute` of a complex type. */
import { NS } from "../load/namespaces.js";
import { firstChild, type XmlElement } from "../load/xml.js";
import { qnameKey } from "../model/qname.js";
import type { AttributeDecl } from "../model/model.js";
import { readAnnotation } from "./annotation.js";
import { attrQName, type SchemaDefaults } from "./schema-index.js";
import { readSimpleBody } from "./simple-type.js";
import { checkWireName, describe, namedTypeRef } from "./type-ref.js";
import type { XsdReader } from "./reader.js";

export interface Attributes {
  attributes: AttributeDecl[];
  anyAttribute: boolean;
  /** Attributes declared `use="prohibited"` (removed from those a restriction inherits), as `{ns}local` keys. */
  prohibited: string[];
}

/** Reads the attribute uses among `owner`'s children (a complexType, extension, restriction or attributeGroup). */
export function readAttributes(
  reader: XsdReader,
  owner: XmlElement,
  schema: SchemaDefaults,
  out: Attributes = { attributes: [], anyAttribute: false, prohibited: [] },
  depth = 0,
): Attributes {
  if (depth > 64)
    reader.sink.fail("schema-group-cycle", "attribute groups nest more than 64 deep", describe(owner), owner.location);
  for (const child of owner.children) {
    if (child.ns !== NS.xs) continue;
    if (child.local === "attribute") {
      if (child.attrs.use === "prohibited") {
        const ref = attrQName(child, "ref", reader.sink);
        const form = child.attrs.form;
        const ns = ref
          ? ref.ns
          : (form ? form === "qualified" : schema.attributeQualified)
            ? schema.targetNamespace
            : "";
        out.prohibited.push(qnameKey({ ns, local: ref ? ref.local : (child.attrs.name ?? "") }));
        continue;
      }
      const attribute = readAttribute(reader, child, schema);
      const same = out.attributes.findIndex((a) => a.name === attribute.name && a.ns === attribute.ns);
      if (same >= 0) {
        reader.sink.warn(
          "duplicate-attribute",
          `attribute ${attribute.name} is declared more than once; the first declaration is used`,
          describe(child),
          child.location,
        );
        continue;
      }
      out.attributes.push(attribute);
    } else if (child.local === "attributeGroup") {
      const ref = attrQName(child, "ref", reader.sink);
      const target = ref && reader.index.get("attributeGroup", ref);
      if (!target)
        reader.sink.fail(
          "attribute-group-missing",
          `xs:attributeGroup ${child.attrs.ref ?? ""} is referenced but not declared`,
          describe(child),
          child.location,
        );
      readAttributes(reader, target.el, target.schema, out, depth + 1);
    } else if (child.local === "anyAttribute") {
      out.anyAttribute = true;
    }
  }
  return out;
}

function readAttribute(reader: XsdReader, el: XmlElement, schema: SchemaDefaults): AttributeDecl {
  const ref = attrQName(el, "ref", reader.sink);
  let decl: XmlElement = el;
  let declSchema = schema;
  let name: string;
  let ns: string;
  if (ref) {
    const target = reader.index.get("attribute", ref);
    name = ref.local;
    ns = ref.ns;
    if (target) {
      decl = target.el;
      declSchema = target.schema;
    } else if (ref.ns !== NS.xs && ref.ns !== NS.xml && ref.ns !== NS.soapEnc && ref.ns !== NS.soapEnc12) {
      reader.sink.fail(
        "attribute-missing",
        `attribute ${ref.local} in namespace "${ref.ns}" is referenced but not declared`,
        describe(el),
        el.location,
      );
    }
  } else {
    name =
      el.attrs.name ??
      reader.sink.fail("schema-attribute-name", "xs:attribute has neither name nor ref", describe(el), el.location);
    checkWireName(reader, name, describe(el), el.location);
    const form = el.attrs.form;
    ns = (form ? form === "qualified" : schema.attributeQualified) ? schema.targetNamespace : "";
  }
  const typeName = attrQName(decl, "type", reader.sink);
  const inline = firstChild(decl, NS.xs, "simpleType");
  const result: AttributeDecl = {
    name,
    ns,
    type: typeName
      ? namedTypeRef(reader, typeName, describe(decl), decl.location, [declSchema.targetNamespace])
      : inline
        ? { kind: "inline", type: readSimpleBody(reader, inline, declSchema) }
        : { kind: "builtin", name: "anySimpleType" },
    required: el.attrs.use === "required",
  };
  const def = el.attrs.default ?? decl.attrs.default;
  const fixed = el.attrs.fixed ?? decl.attrs.fixed;
  if (def !== undefined) result.default = def;
  if (fixed !== undefined) result.fixed = fixed;
  const doc = readAnnotation(el).doc ?? (decl !== el ? readAnnotation(decl).doc : undefined);
  if (doc) result.doc = doc;
  return result;
}
