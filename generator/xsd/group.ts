/**
 * `xs:group ref`: the referenced group's model group (sequence, choice or all), read in place — its members are
 * inlined into the referring type — with the ref's minOccurs/maxOccurs applied to it.
 */
import { NS } from "../load/namespaces.js";
import type { XmlElement } from "../load/xml.js";
import type { Occurs, ParticleWalker, Term } from "./content-model.js";
import type { XsdReader } from "./reader.js";
import { attrQName } from "./schema-index.js";
import { describe } from "./type-ref.js";

export function groupRefTerm(walker: ParticleWalker, el: XmlElement, depth: number, occurs: Occurs): Term | undefined {
  const reader: XsdReader = walker.reader;
  const ref = attrQName(el, "ref", reader.sink);
  const target = ref && reader.index.get("group", ref);
  if (!target)
    reader.sink.fail(
      "group-missing",
      `xs:group ${el.attrs.ref ?? ""} is referenced but not declared`,
      describe(el),
      el.location,
    );
  const inner = target.el.children.find(
    (c) => c.ns === NS.xs && (c.local === "sequence" || c.local === "choice" || c.local === "all"),
  );
  if (!inner) return undefined;
  const t = walker.term(inner, target.schema, depth + 1);
  if (!t || t.kind === "element" || t.kind === "any") return t;
  // The ref's occurrence applies to the group's model group (which, being global, occurs once itself).
  return t.min === 1 && t.max === 1 ? { ...t, ...occurs } : { kind: "sequence", el, children: [t], ...occurs };
}
