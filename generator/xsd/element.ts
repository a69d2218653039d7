/** `xs:element`: global declarations and local/ref particles, with form/nillable/occurs. */
import { NS } from "../load/namespaces.js";
import { firstChild, type XmlElement } from "../load/xml.js";
import { qnameKey, type QName } from "../model/qname.js";
import type { ElementDecl, Field, TypeRef } from "../model/model.js";
import { readAnnotation } from "./annotation.js";
import { attrQName, type SchemaDefaults } from "./schema-index.js";
import { readSimpleBody } from "./simple-type.js";
import { checkWireName, describe, namedTypeRef, namespaceFallback } from "./type-ref.js";
import type { XsdReader } from "./reader.js";

/** The type of an element declaration: `type=`, an inline type, or `xs:anyType` when neither is given. */
export function elementType(reader: XsdReader, el: XmlElement, schema: SchemaDefaults): TypeRef {
  const typeName = attrQName(el, "type", reader.sink);
  if (typeName) return namedTypeRef(reader, typeName, describe(el), el.location, [schema.targetNamespace]);
  const complex = firstChild(el, NS.xs, "complexType");
  if (complex) return { kind: "inline", type: reader.readComplexBody(complex, schema) };
  const simple = firstChild(el, NS.xs, "simpleType");
  if (simple) return { kind: "inline", type: readSimpleBody(reader, simple, schema) };
  return { kind: "builtin", name: "anyType" };
}

/**
 * The type of the global element `name`, read once: its declaration and every `ref` to it share the one TypeRef
 * (so an anonymous type is one object, declared once under the element's name by the emitters). A type that turns
 * out to refer to its element (declared as a named type, read-schemas.ts) is not kept.
 */
function globalElementType(reader: XsdReader, el: XmlElement, schema: SchemaDefaults, name: QName): TypeRef {
  const key = qnameKey(name);
  const cached = reader.elementTypes?.get(key);
  if (cached) return cached;
  const type = elementType(reader, el, schema);
  if (!reader.recursiveElements?.has(key)) (reader.elementTypes ??= new Map()).set(key, type);
  return type;
}

export function readGlobalElement(reader: XsdReader, el: XmlElement, schema: SchemaDefaults, name: QName): ElementDecl {
  const annotation = readAnnotation(el);
  checkWireName(reader, name.local, describe(el), el.location);
  const decl: ElementDecl = {
    name,
    type: globalElementType(reader, el, schema, name),
    nillable: el.attrs.nillable === "true",
    location: el.location,
  };
  if (el.attrs.abstract === "true") decl.abstract = true;
  const substitutionGroup = attrQName(el, "substitutionGroup", reader.sink);
  if (substitutionGroup) decl.substitutionGroup = substitutionGroup;
  if (annotation.doc) decl.doc = annotation.doc;
  return decl;
}

export function parseOccurs(reader: XsdReader, el: XmlElement): { minOccurs: number; maxOccurs: number | "unbounded" } {
  const min = el.attrs.minOccurs ?? "1";
  const max = el.attrs.maxOccurs ?? "1";
  const minOccurs = Number(min);
  const maxOccurs = max === "unbounded" ? "unbounded" : Number(max);
  if (
    !Number.isInteger(minOccurs) ||
    minOccurs < 0 ||
    (maxOccurs !== "unbounded" && (!Number.isInteger(maxOccurs) || maxOccurs < 0))
  ) {
    reader.sink.fail("schema-occurs", `invalid minOccurs="${min}" / maxOccurs="${max}"`, describe(el), el.location);
  }
  return { minOccurs, maxOccurs };
}

/** A local element particle (`name=` or `ref=`) as a field. */
export function readElementParticle(reader: XsdReader, el: XmlElement, schema: SchemaDefaults): Field {
  const occurs = parseOccurs(reader, el);
  const refName = attrQName(el, "ref", reader.sink);
  if (refName) return refField(reader, refName, occurs, el, [schema.targetNamespace]);
  const annotation = readAnnotation(el);
  const name = el.attrs.name;
  if (!name)
    reader.sink.fail("schema-element-name", "local xs:element has neither name nor ref", describe(el), el.location);
  checkWireName(reader, name, describe(el), el.location);
  const form = el.attrs.form;
  const qualified = form ? form === "qualified" : schema.elementQualified;
  const field: Field = {
    name,
    ns: qualified ? schema.targetNamespace : "",
    type: elementType(reader, el, schema),
    ...occurs,
    nillable: el.attrs.nillable === "true",
  };
  if (annotation.doc) field.doc = annotation.doc;
  field.location = el.location;
  return field;
}

/**
 * A field for the global element `refName`, as referred to by the particle `el` (an `xs:element ref=`, or the ref
 * to a substitution group's head for its members): the element's name, namespace, type and nillable.
 */
export function refField(
  reader: XsdReader,
  refName: QName,
  occurs: { minOccurs: number; maxOccurs: number | "unbounded" },
  el: XmlElement,
  /** The referring schema's target namespace(s), where a name its own namespace lacks is looked up. */
  targetNamespaces: readonly string[] = [],
): Field {
  const declared = (q: QName) => !!reader.index.get("element", q);
  if (!declared(refName))
    refName =
      namespaceFallback(reader.sink, refName, targetNamespaces, declared, "element", describe(el), el.location) ??
      refName;
  const target = reader.index.get("element", refName);
  if (!target) {
    reader.sink.fail(
      "element-missing",
      `element ${refName.local} in namespace "${refName.ns}" is referenced but not declared`,
      describe(el),
      el.location,
    );
  }
  const key = qnameKey(refName);
  reader.expanding ??= new Set();
  reader.recursiveElements ??= new Map();
  let type: TypeRef;
  const named = reader.recursiveElements.get(key);
  if (named) {
    type = { kind: "named", name: named };
  } else if (reader.expanding.has(key)) {
    // The element refers to itself through its anonymous type: that type is declared once, named after the
    // element (with `_element` when a type already has that name), and referred to by name (read-schemas.ts).
    const taken = (q: QName) => reader.index.get("complexType", q) || reader.index.get("simpleType", q);
    const name = taken(refName) ? { ns: refName.ns, local: `${refName.local}_element` } : refName;
    reader.recursiveElements.set(key, name);
    type = { kind: "named", name };
  } else {
    reader.expanding.add(key);
    try {
      type = globalElementType(reader, target.el, target.schema, refName);
    } finally {
      reader.expanding.delete(key);
    }
    const late = reader.recursiveElements.get(key);
    if (late) type = { kind: "named", name: late };
  }
  const field: Field = {
    name: refName.local,
    ns: refName.ns,
    type,
    ...occurs,
    nillable: target.el.attrs.nillable === "true",
    ref: refName,
  };
  const doc = (el.attrs.ref !== undefined ? readAnnotation(el).doc : undefined) ?? readAnnotation(target.el).doc;
  if (doc) field.doc = doc;
  field.location = el.location;
  return field;
}
