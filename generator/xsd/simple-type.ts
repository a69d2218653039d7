/** `xs:simpleType`: restriction (atomic or enumeration), list (WCF flags enums are lists of an enumeration), union. */
import { NS } from "../load/namespaces.js";
import { childrenNamed, firstChild, resolveQName, type XmlElement } from "../load/xml.js";
import type { EnumValue, SimpleBody, TypeRef } from "../model/model.js";
import { readAnnotation } from "./annotation.js";
import { attrQName, type SchemaDefaults } from "./schema-index.js";
import { describe, namedTypeRef } from "./type-ref.js";
import type { XsdReader } from "./reader.js";

export function readSimpleBody(reader: XsdReader, el: XmlElement, schema: SchemaDefaults): SimpleBody {
  const annotation = readAnnotation(el);
  const actualType = annotation.actualType ? { actualType: annotation.actualType } : {};
  const restriction = firstChild(el, NS.xs, "restriction");
  if (restriction) {
    const base = restrictionBase(reader, restriction, schema);
    const enumeration = readEnumeration(restriction);
    if (enumeration) return { kind: "simple", variety: "enumeration", base, enumeration, ...actualType };
    return { kind: "simple", variety: "atomic", base, ...actualType };
  }
  const list = firstChild(el, NS.xs, "list");
  if (list) {
    const itemName = attrQName(list, "itemType", reader.sink);
    const inline = firstChild(list, NS.xs, "simpleType");
    let itemType: TypeRef;
    if (itemName) itemType = namedTypeRef(reader, itemName, describe(list), list.location, [schema.targetNamespace]);
    else if (inline) itemType = { kind: "inline", type: readSimpleBody(reader, inline, schema) };
    else
      return reader.sink.fail(
        "schema-list-item",
        "xs:list has neither itemType nor an inline xs:simpleType",
        describe(el),
        list.location,
      );
    return { kind: "simple", variety: "list", itemType, ...actualType };
  }
  const union = firstChild(el, NS.xs, "union");
  if (union) {
    const memberTypes: TypeRef[] = [];
    for (const token of (union.attrs.memberTypes ?? "").split(/\s+/).filter(Boolean)) {
      const q = resolveQName(union, token);
      if (!q)
        reader.sink.fail(
          "schema-undeclared-prefix",
          `memberTypes entry "${token}" uses an undeclared prefix`,
          describe(el),
          union.location,
        );
      memberTypes.push(namedTypeRef(reader, q, describe(union), union.location, [schema.targetNamespace]));
    }
    for (const inline of childrenNamed(union, NS.xs, "simpleType")) {
      memberTypes.push({ kind: "inline", type: readSimpleBody(reader, inline, schema) });
    }
    return { kind: "simple", variety: "union", memberTypes, ...actualType };
  }
  return reader.sink.fail(
    "schema-simple-type",
    "xs:simpleType has no restriction, list or union",
    describe(el),
    el.location,
  );
}

/** The `xs:enumeration` facets of a restriction (documentation and WCF `EnumerationValue` kept), if it has any. */
export function readEnumeration(restriction: XmlElement): EnumValue[] | undefined {
  const enums = childrenNamed(restriction, NS.xs, "enumeration");
  if (enums.length === 0) return undefined;
  const seen = new Set<string>();
  const values: EnumValue[] = [];
  for (const e of enums) {
    const a = readAnnotation(e);
    const value: EnumValue = { value: e.attrs.value ?? "" };
    // A value listed twice is one value (a duplicate would repeat a key of the const object).
    if (seen.has(value.value)) continue;
    seen.add(value.value);
    if (a.doc) value.doc = a.doc;
    if (a.enumerationValue !== undefined) value.wcfValue = a.enumerationValue;
    values.push(value);
  }
  return values;
}

function restrictionBase(reader: XsdReader, restriction: XmlElement, schema: SchemaDefaults): TypeRef {
  const baseName = attrQName(restriction, "base", reader.sink);
  if (baseName)
    return namedTypeRef(reader, baseName, describe(restriction), restriction.location, [schema.targetNamespace]);
  const inline = firstChild(restriction, NS.xs, "simpleType");
  if (inline) return { kind: "inline", type: readSimpleBody(reader, inline, schema) };
  return { kind: "builtin", name: "anySimpleType" };
}
