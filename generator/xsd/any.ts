/**
 * `xs:any`: the element wildcard. A content model with wildcards gets one `$any` field (`particle: "any"`,
 * `unknown[]` of elements the type does not declare) at the position of the first one.
 */
import type { XmlElement } from "../load/xml.js";
import type { AnyTerm, Occurs, Particles } from "./content-model.js";

export function anyTerm(el: XmlElement, occurs: Occurs): AnyTerm {
  return { kind: "any", el, ...occurs };
}

export function placeAny(out: Particles, el: XmlElement): void {
  out.anyElement = true;
  if (out.fields.some((f) => f.particle === "any")) return;
  out.fields.push({
    name: "$any",
    ns: "",
    type: { kind: "builtin", name: "anyType" },
    minOccurs: 0,
    maxOccurs: "unbounded",
    nillable: false,
    particle: "any",
    location: el.location,
  });
}
