/**
 * `xs:complexType`: sequence/all/choice content, `complexContent` extension/restriction, `simpleContent`,
 * attributes, plus recognition of WCF's `ArrayOfX` and `IsDictionary` shapes.
 */
import { NS } from "../load/namespaces.js";
import { firstChild, type XmlElement } from "../load/xml.js";
import type { ComplexBody, WcfShape } from "../model/model.js";
import { readAnnotation } from "./annotation.js";
import { readAttributes } from "./attributes.js";
import { readParticles } from "./particles.js";
import { attrQName } from "./schema-index.js";
import { describe, isComplexTypeName, namedTypeRef, type SchemaContext, type XsdReadContext } from "./type-ref.js";

const GROUPS = new Set(["sequence", "choice", "all", "group"]);

export function readComplexBody(rc: XsdReadContext, el: XmlElement, ctx: SchemaContext, name?: string): ComplexBody {
  const body: ComplexBody = { kind: "complex", fields: [], attributes: [] };
  if (el.attrs.abstract === "true") body.abstract = true;
  let contentOwner = el;
  const complexContent = firstChild(el, NS.xs, "complexContent");
  const simpleContent = firstChild(el, NS.xs, "simpleContent");
  if (complexContent) {
    const derivation = complexContent.children.find((c) => c.ns === NS.xs && (c.local === "extension" || c.local === "restriction"));
    if (!derivation) rc.sink.fail("schema-complex-content", "xs:complexContent has no extension or restriction", describe(el), complexContent.location);
    const base = attrQName(derivation, "base", rc.sink);
    if (!base) rc.sink.fail("schema-base-missing", `xs:${derivation.local} has no base`, describe(el), derivation.location);
    if (base.ns === NS.soapEnc && base.local === "Array") {
      rc.sink.warn("soapenc-array", "SOAP-encoded arrays (restriction of soapenc:Array) are generated as unknown[] items", describe(el), derivation.location);
      body.fields.push({ name: "item", ns: "", type: { kind: "builtin", name: "anyType" }, minOccurs: 0, maxOccurs: "unbounded", nillable: true });
      return body;
    }
    if (!(base.ns === NS.xs && base.local === "anyType")) {
      namedTypeRef(rc, base, describe(derivation), derivation.location);
      if (!isComplexTypeName(rc, base)) {
        rc.sink.fail("schema-base-kind", `complexContent base ${base.local} is not a complex type`, describe(el), derivation.location);
      }
      body.base = base;
      body.derivation = derivation.local as "extension" | "restriction";
    }
    if (complexContent.attrs.mixed === "true" || el.attrs.mixed === "true") body.mixed = true;
    contentOwner = derivation;
  } else if (simpleContent) {
    const derivation = simpleContent.children.find((c) => c.ns === NS.xs && (c.local === "extension" || c.local === "restriction"));
    if (!derivation) rc.sink.fail("schema-simple-content", "xs:simpleContent has no extension or restriction", describe(el), simpleContent.location);
    const base = attrQName(derivation, "base", rc.sink);
    if (!base) rc.sink.fail("schema-base-missing", `xs:${derivation.local} has no base`, describe(el), derivation.location);
    const ref = namedTypeRef(rc, base, describe(derivation), derivation.location);
    if (ref.kind === "named" && isComplexTypeName(rc, base)) {
      body.base = base;
      body.derivation = derivation.local as "extension" | "restriction";
    } else {
      body.simpleContent = ref;
    }
    addAttributes(body, readAttributes(rc, derivation, ctx));
    return body;
  } else if (el.attrs.mixed === "true") {
    body.mixed = true;
  }
  for (const child of contentOwner.children) {
    if (child.ns === NS.xs && GROUPS.has(child.local)) {
      if (child.local === "group") {
        const wrapper: XmlElement = { ...contentOwner, children: [child], attrs: {} };
        const p = readParticles(rc, wrapper, ctx);
        body.fields.push(...p.fields);
        if (p.anyElement) body.anyElement = true;
      } else {
        const p = readParticles(rc, child, ctx);
        body.fields.push(...p.fields);
        if (p.anyElement) body.anyElement = true;
      }
    }
  }
  addAttributes(body, readAttributes(rc, contentOwner, ctx));
  if (body.mixed && body.fields.length > 0) {
    rc.sink.warn("mixed-content", "mixed content: text between child elements is not represented", describe(el), el.location);
  }
  const shape = wcfShape(body, name, readAnnotation(el).isDictionary === true);
  if (shape) body.wcf = shape;
  return body;
}

function addAttributes(body: ComplexBody, read: { attributes: ComplexBody["attributes"]; anyAttribute: boolean }): void {
  body.attributes.push(...read.attributes);
  if (read.anyAttribute) body.anyAttribute = true;
}

/**
 * WCF collection shapes:
 * - `ArrayOfX`: named `ArrayOf…`, no base or attributes, exactly one repeated element;
 * - dictionaries: the `IsDictionary` annotation over one repeated element whose anonymous type has `Key` and `Value`.
 */
function wcfShape(body: ComplexBody, name: string | undefined, isDictionary: boolean): WcfShape | undefined {
  if (body.base || body.attributes.length || body.anyElement || body.fields.length !== 1) return undefined;
  const only = body.fields[0]!;
  if (only.maxOccurs !== "unbounded" && only.maxOccurs <= 1) return undefined;
  if (isDictionary && only.type.kind === "inline" && only.type.type.kind === "complex") {
    const entry = only.type.type;
    const key = entry.fields.find((f) => f.name === "Key");
    const value = entry.fields.find((f) => f.name === "Value");
    if (entry.fields.length === 2 && key && value) {
      return { shape: "dictionary", entry: { ns: only.ns, local: only.name }, key, value };
    }
  }
  if (name?.startsWith("ArrayOf")) return { shape: "array", item: only };
  return undefined;
}
