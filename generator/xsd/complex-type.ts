/**
 * `xs:complexType`: sequence/all/choice content, `complexContent` extension/restriction, `simpleContent`,
 * attributes and wildcards, SOAP-encoded arrays (`restriction base="soapenc:Array"`), plus recognition of WCF's
 * `ArrayOfX` and `IsDictionary` shapes.
 */
import { NS } from "../load/namespaces.js";
import { attributeNS, firstChild, resolveQName, type XmlElement } from "../load/xml.js";
import { qnameKey, type QName } from "../model/qname.js";
import type { AttributeDecl, ComplexBody, Field, TypeRef, WcfShape } from "../model/model.js";
import { readAnnotation } from "./annotation.js";
import { readAttributes, type Attributes } from "./attributes.js";
import { emptyParticles } from "./content-model.js";
import { readParticles } from "./particles.js";
import { attrQName, type SchemaDefaults } from "./schema-index.js";
import { readEnumeration, readSimpleBody } from "./simple-type.js";
import { describe, isComplexTypeName, namedTypeRef } from "./type-ref.js";
import type { XsdReader } from "./reader.js";

const GROUPS = new Set(["sequence", "choice", "all", "group"]);

export function readComplexBody(reader: XsdReader, el: XmlElement, schema: SchemaDefaults, name?: string): ComplexBody {
  const body: ComplexBody = { kind: "complex", fields: [], attributes: [] };
  if (el.attrs.abstract === "true") body.abstract = true;
  let contentOwner = el;
  let inherited: AttributeDecl[] = [];
  const complexContent = firstChild(el, NS.xs, "complexContent");
  const simpleContent = firstChild(el, NS.xs, "simpleContent");
  if (complexContent) {
    const derivation = complexContent.children.find(
      (c) => c.ns === NS.xs && (c.local === "extension" || c.local === "restriction"),
    );
    if (!derivation)
      reader.sink.fail(
        "schema-complex-content",
        "xs:complexContent has no extension or restriction",
        describe(el),
        complexContent.location,
      );
    let base = attrQName(derivation, "base", reader.sink);
    if (!base)
      reader.sink.fail("schema-base-missing", `xs:${derivation.local} has no base`, describe(el), derivation.location);
    if ((base.ns === NS.soapEnc || base.ns === NS.soapEnc12) && base.local === "Array")
      return soapEncArray(reader, el, derivation, schema, body);
    if (!(base.ns === NS.xs && base.local === "anyType")) {
      const resolved = namedTypeRef(reader, base, describe(derivation), derivation.location, [schema.targetNamespace]);
      if (resolved.kind === "named") base = resolved.name;
      if (!isComplexTypeName(reader, base)) {
        reader.sink.fail(
          "schema-base-kind",
          `complexContent base ${base.local} is not a complex type`,
          describe(el),
          derivation.location,
        );
      }
      body.base = base;
      body.derivation = derivation.local as "extension" | "restriction";
      // A restriction restates the content model but inherits the attributes it does not prohibit.
      if (derivation.local === "restriction") inherited = attributesOf(reader, base, derivation);
    }
    if (complexContent.attrs.mixed === "true" || el.attrs.mixed === "true") body.mixed = true;
    contentOwner = derivation;
  } else if (simpleContent) {
    const derivation = simpleContent.children.find(
      (c) => c.ns === NS.xs && (c.local === "extension" || c.local === "restriction"),
    );
    if (!derivation)
      reader.sink.fail(
        "schema-simple-content",
        "xs:simpleContent has no extension or restriction",
        describe(el),
        simpleContent.location,
      );
    const written = attrQName(derivation, "base", reader.sink);
    if (!written)
      reader.sink.fail("schema-base-missing", `xs:${derivation.local} has no base`, describe(el), derivation.location);
    const ref = namedTypeRef(reader, written, describe(derivation), derivation.location, [schema.targetNamespace]);
    const base = ref.kind === "named" ? ref.name : written;
    const own = readAttributes(reader, derivation, schema);
    if (ref.kind === "named" && isComplexTypeName(reader, base)) {
      body.base = base;
      body.derivation = derivation.local as "extension" | "restriction";
      if (derivation.local === "restriction") {
        // The value keeps the base's text type (narrowed by enumeration facets); the attributes are inherited.
        const text = textOf(reader, base, derivation) ?? { kind: "builtin", name: "string" };
        const inline = firstChild(derivation, NS.xs, "simpleType");
        const enumeration = readEnumeration(derivation);
        body.simpleContent = inline
          ? { kind: "inline", type: readSimpleBody(reader, inline, schema) }
          : enumeration
            ? { kind: "inline", type: { kind: "simple", variety: "enumeration", base: text, enumeration } }
            : text;
        body.attributes.push(...merge(attributesOf(reader, base, derivation), own));
      } else {
        body.attributes.push(...own.attributes);
      }
    } else {
      body.simpleContent = ref;
      body.attributes.push(...own.attributes);
    }
    if (own.anyAttribute) body.anyAttribute = true;
    return body;
  } else if (el.attrs.mixed === "true") {
    body.mixed = true;
  }
  const particles = emptyParticles();
  for (const child of contentOwner.children) {
    if (child.ns === NS.xs && GROUPS.has(child.local)) readParticles(reader, child, schema, particles);
  }
  body.fields = particles.fields;
  if (particles.choices.length) body.choices = particles.choices;
  if (particles.anyElement) body.anyElement = true;
  const own = readAttributes(reader, contentOwner, schema);
  body.attributes.push(...(inherited.length ? merge(inherited, own) : own.attributes));
  if (own.anyAttribute) body.anyAttribute = true;
  dropClashingAttributes(reader, body, el);
  if (body.mixed && body.fields.length > 0) {
    reader.sink.warn(
      "mixed-content",
      "mixed content: text between child elements is not represented",
      describe(el),
      el.location,
    );
  }
  const shape = wcfShape(body, name, readAnnotation(el).isDictionary === true);
  if (shape) body.wcf = shape;
  return body;
}

/** Inherited attributes minus the prohibited ones, with the restriction's own replacing those of the same name. */
function merge(inherited: AttributeDecl[], own: Attributes): AttributeDecl[] {
  const key = (a: AttributeDecl) => qnameKey({ ns: a.ns, local: a.name });
  const prohibited = new Set(own.prohibited);
  const ownByKey = new Map(own.attributes.map((a) => [key(a), a]));
  const out = inherited.filter((a) => !prohibited.has(key(a))).map((a) => ownByKey.get(key(a)) ?? a);
  const present = new Set(out.map(key));
  return [...out, ...own.attributes.filter((a) => !present.has(key(a)))];
}

/** Restrictions (which read their base's content) nest at most this deep. */
const MAX_DERIVATION_DEPTH = 256;

/** Reads a named complex type's content for a type derived from it (once per run), guarding derivation cycles. */
function readBase(reader: XsdReader, base: QName, at: XmlElement): ComplexBody | undefined {
  const decl = reader.index.get("complexType", base);
  if (!decl) return undefined;
  const key = qnameKey(base);
  const cached = reader.bases?.get(key);
  if (cached) return cached;
  reader.deriving ??= new Set();
  if (reader.deriving.has(key))
    reader.sink.fail("schema-derivation-cycle", `type ${base.local} is derived from itself`, describe(at), at.location);
  if (reader.deriving.size >= MAX_DERIVATION_DEPTH)
    reader.sink.fail(
      "schema-derivation-too-deep",
      `restrictions of restrictions nest more than ${MAX_DERIVATION_DEPTH} deep`,
      describe(at),
      at.location,
    );
  reader.deriving.add(key);
  try {
    const body = readComplexBody(reader, decl.el, decl.schema, base.local);
    (reader.bases ??= new Map()).set(key, body);
    return body;
  } finally {
    reader.deriving.delete(key);
  }
}

/** Every attribute a complex type has, its extension bases' included (iteratively: chains may be long). */
function attributesOf(reader: XsdReader, base: QName, at: XmlElement): AttributeDecl[] {
  const layers: AttributeDecl[][] = [];
  const seen = new Set<string>();
  for (let name: QName | undefined = base; name && !seen.has(qnameKey(name));) {
    seen.add(qnameKey(name));
    const body = readBase(reader, name, at);
    if (!body) break;
    layers.unshift(body.attributes);
    name = body.base && body.derivation === "extension" ? body.base : undefined;
  }
  return layers.flat();
}

/** The text type of a complex type with simple content (looking through its bases). */
function textOf(reader: XsdReader, base: QName, at: XmlElement): TypeRef | undefined {
  const seen = new Set<string>();
  for (let name: QName | undefined = base; name && !seen.has(qnameKey(name));) {
    seen.add(qnameKey(name));
    const body = readBase(reader, name, at);
    if (!body) return undefined;
    if (body.simpleContent) return body.simpleContent;
    name = body.base;
  }
  return undefined;
}

/**
 * An attribute and an element of the same name would be one property: the element wins, the attribute is dropped
 * with a warning (it is neither sent nor read).
 */
function dropClashingAttributes(reader: XsdReader, body: ComplexBody, el: XmlElement): void {
  const fieldNames = new Set(body.fields.map((f) => f.name));
  body.attributes = body.attributes.filter((a) => {
    if (!fieldNames.has(a.name)) return true;
    reader.sink.warn(
      "attribute-element-clash",
      `attribute ${a.name} has the name of an element of the same type; the attribute is not represented`,
      describe(el),
      el.location,
    );
    return false;
  });
}

/**
 * A SOAP-encoded array: `<restriction base="soapenc:Array">` with `<attribute ref="soapenc:arrayType"
 * wsdl:arrayType="T[]"/>` (or a sequence of one repeated element). The value is `T[]`; on the wire the items may
 * have any element name (`item` is written).
 */
function soapEncArray(
  reader: XsdReader,
  el: XmlElement,
  derivation: XmlElement,
  schema: SchemaDefaults,
  body: ComplexBody,
): ComplexBody {
  const where = describe(el);
  for (const attr of derivation.children) {
    if (attr.ns !== NS.xs || attr.local !== "attribute") continue;
    const value = attributeNS(attr, NS.wsdl, "arrayType");
    if (value === undefined) continue;
    const m = /^\s*([^\s[\]]+)\s*((?:\[[^\]]*\]\s*)+)$/.exec(value);
    const q = m ? resolveQName(attr, m[1]!) : undefined;
    if (!m || !q) {
      reader.sink.warn(
        "soapenc-array",
        `wsdl:arrayType="${value}" is not a type name followed by [] (or uses an undeclared prefix); the items are generated as unknown`,
        where,
        attr.location,
      );
      break;
    }
    const ranks = m[2]!.replace(/\s+/g, "").match(/\[[^\]]*\]/g)!;
    if (ranks.some((r) => r.includes(","))) {
      reader.sink.warn(
        "soapenc-array-multidimensional",
        `wsdl:arrayType="${value}" is multi-dimensional; it is generated as a flat array`,
        where,
        attr.location,
      );
    }
    const leaf = namedTypeRef(reader, q, where, attr.location, [schema.targetNamespace]);
    // `T[][]`: an array of `T[]` — the items of the outer array are themselves encoded arrays.
    let item: TypeRef = leaf;
    for (let i = ranks.length - 1; i >= 1; i--) {
      const inner: ComplexBody = { kind: "complex", fields: [], attributes: [] };
      inner.wcf = {
        shape: "array",
        item: encodedItem(item),
        encoded: {
          type: q,
          ranks: ranks
            .slice(i + 1)
            .map(() => "[]")
            .join(""),
        },
      };
      item = { kind: "inline", type: inner };
    }
    body.wcf = {
      shape: "array",
      item: encodedItem(item),
      encoded: {
        type: q,
        ranks: ranks
          .slice(1)
          .map(() => "[]")
          .join(""),
      },
    };
    return body;
  }
  // A sequence of one repeated element names the item type directly.
  const particles = emptyParticles();
  for (const child of derivation.children)
    if (child.ns === NS.xs && GROUPS.has(child.local)) readParticles(reader, child, schema, particles);
  const only = particles.fields.length === 1 ? particles.fields[0]! : undefined;
  if (only && !only.particle) {
    const type: QName =
      only.type.kind === "named"
        ? only.type.name
        : only.type.kind === "builtin"
          ? { ns: NS.xs, local: only.type.name }
          : { ns: NS.xs, local: "anyType" };
    body.wcf = {
      shape: "array",
      item: { ...encodedItem(only.type), name: only.name, ns: only.ns, nillable: only.nillable },
      encoded: { type, ranks: "" },
    };
    return body;
  }
  reader.sink.warn(
    "soapenc-array",
    "SOAP-encoded array without wsdl:arrayType: its items are generated as unknown",
    where,
    derivation.location,
  );
  body.wcf = {
    shape: "array",
    item: encodedItem({ kind: "builtin", name: "anyType" }),
    encoded: { type: { ns: NS.xs, local: "anyType" }, ranks: "" },
  };
  return body;
}

function encodedItem(type: TypeRef): Field {
  return { name: "item", ns: "", type, minOccurs: 0, maxOccurs: "unbounded", nillable: false };
}

/**
 * WCF collection shapes:
 * - `ArrayOfX`: named `ArrayOf…`, no base or attributes, exactly one repeated element;
 * - dictionaries: the `IsDictionary` annotation over one repeated element whose anonymous type has `Key` and `Value`.
 */
function wcfShape(body: ComplexBody, name: string | undefined, isDictionary: boolean): WcfShape | undefined {
  if (
    body.base ||
    body.attributes.length ||
    body.anyElement ||
    body.anyAttribute ||
    body.choices ||
    body.fields.length !== 1
  )
    return undefined;
  const only = body.fields[0]!;
  if (only.particle || (only.maxOccurs !== "unbounded" && only.maxOccurs <= 1)) return undefined;
  if (isDictionary && only.type.kind === "inline" && only.type.type.kind === "complex") {
    const entry = only.type.type;
    const key = entry.fields.find((f) => f.name === "Key");
    const value = entry.fields.find((f) => f.name === "Value");
    if (entry.fields.length === 2 && key && value && !entry.choices) {
      return { shape: "dictionary", entry: { ns: only.ns, local: only.name }, key, value };
    }
  }
  if (name?.startsWith("ArrayOf")) return { shape: "array", item: only };
  return undefined;
}
