/**
 * `xs:sequence`: its particles in document order. An optional sequence makes its members optional; a repeated one
 * makes them separately repeated (with a warning: the pairing of the repetitions is not represented). Inside a
 * choice, a sequence is one alternative: the product of its particles' alternatives.
 */
import {
  containsElements,
  emptyParticles,
  MAX_ALTERNATIVES,
  repeated,
  type GroupTerm,
  type Member,
  type ParticleWalker,
  type Particles,
  type Placement,
} from "./content-model.js";
import { describe } from "./type-ref.js";

export function placeSequence(walker: ParticleWalker, term: GroupTerm, outer: Placement, out: Particles): void {
  const rep = repeated(term.max);
  // The sequence group.ts wraps around a group ref's model group (`el` the xs:group) is not warned about.
  if (rep && !outer.repeated && term.el.local !== "group" && containsElements(term)) {
    walker.reader.sink.warn(
      "repeated-group",
      `a repeated xs:${term.kind} is generated as separately repeated members`,
      describe(term.el),
      term.el.location,
    );
  }
  const here = { optional: outer.optional || term.min === 0, repeated: outer.repeated || rep };
  for (const child of term.children) walker.place(child, here, out);
}

/** A sequence inside a choice: every combination of its particles' alternatives (an optional one adds "none"). */
export function sequenceAlternatives(walker: ParticleWalker, term: GroupTerm, depth: number): Member[][] | undefined {
  if (repeated(term.max)) {
    // Inside a choice, a repeated sequence is one alternative whose members are separately repeated.
    const inner = emptyParticles();
    walker.place(term, { optional: false, repeated: false }, inner);
    if (inner.anyElement) return undefined;
    return [inner.fields.map((f) => ({ field: f, required: f.minOccurs >= 1 }))];
  }
  let product: Member[][] = [[]];
  for (const child of term.children) {
    const alts = walker.alternatives(child, depth + 1);
    if (!alts) return undefined;
    const next: Member[][] = [];
    for (const left of product) for (const right of alts) next.push([...left, ...right]);
    if (next.length > MAX_ALTERNATIVES) return undefined;
    product = next;
  }
  return term.min === 0 ? [...product.map((a) => a.map((m) => ({ ...m, required: false }))), []] : product;
}
