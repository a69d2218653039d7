/**
 * Content-model particles: `xs:sequence`, `xs:all`, `xs:choice`, `xs:group ref`, `xs:any`, flattened into an
 * ordered field list. Choice alternatives become optional fields (with a warning: exclusive unions are not
 * generated yet); a repeated sequence or choice makes its fields repeated.
 */
import { NS } from "../load/namespaces.js";
import type { XmlElement } from "../load/xml.js";
import type { Field } from "../model/model.js";
import { parseOccurs, readElementParticle } from "./element.js";
import { attrQName } from "./schema-index.js";
import { describe, type SchemaContext, type XsdReadContext } from "./type-ref.js";

export interface Particles {
  fields: Field[];
  anyElement: boolean;
}

export function readParticles(
  rc: XsdReadContext,
  group: XmlElement,
  ctx: SchemaContext,
  out: Particles = { fields: [], anyElement: false },
  outer: { optional: boolean; repeated: boolean } = { optional: false, repeated: false },
  depth = 0,
): Particles {
  if (depth > 64) rc.sink.fail("schema-group-cycle", "model groups nest more than 64 deep (a group referring to itself?)", describe(group), group.location);
  const occurs = parseOccurs(rc, group);
  const inChoice = group.local === "choice";
  if (inChoice) {
    rc.sink.warn("choice-as-optional", "xs:choice is generated as optional members for each alternative (not an exclusive union)", describe(group), group.location);
  }
  const here = {
    optional: outer.optional || occurs.minOccurs === 0 || inChoice,
    repeated: outer.repeated || occurs.maxOccurs === "unbounded" || occurs.maxOccurs > 1,
  };
  if (group.local !== "group" && here.repeated && !outer.repeated && group.children.some((c) => c.ns === NS.xs && c.local === "element")) {
    if (occurs.maxOccurs === "unbounded" || occurs.maxOccurs > 1) {
      rc.sink.warn("repeated-group", `a repeated xs:${group.local} is generated as separately repeated members`, describe(group), group.location);
    }
  }
  for (const child of group.children) {
    if (child.ns !== NS.xs) continue;
    switch (child.local) {
      case "element": {
        const field = readElementParticle(rc, child, ctx);
        if (here.optional) field.minOccurs = 0;
        if (here.repeated) field.maxOccurs = "unbounded";
        if (inChoice) field.choice = true;
        out.fields.push(field);
        break;
      }
      case "sequence":
      case "choice":
      case "all":
        readParticles(rc, child, ctx, out, here, depth + 1);
        break;
      case "group": {
        const ref = attrQName(child, "ref", rc.sink);
        const target = ref && rc.index.get("group", ref);
        if (!target) rc.sink.fail("group-missing", `xs:group ${child.attrs.ref ?? ""} is referenced but not declared`, describe(child), child.location);
        const childOccurs = parseOccurs(rc, child);
        const groupOuter = {
          optional: here.optional || childOccurs.minOccurs === 0,
          repeated: here.repeated || childOccurs.maxOccurs === "unbounded" || childOccurs.maxOccurs > 1,
        };
        for (const inner of target.el.children) {
          if (inner.ns === NS.xs && (inner.local === "sequence" || inner.local === "choice" || inner.local === "all")) {
            readParticles(rc, inner, target.ctx, out, groupOuter, depth + 1);
          }
        }
        break;
      }
      case "any":
        out.anyElement = true;
        break;
      case "annotation":
        break;
      default:
        rc.sink.warn("schema-unsupported", `xs:${child.local} inside xs:${group.local} is ignored`, describe(child), child.location);
    }
  }
  return out;
}
