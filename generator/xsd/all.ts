/**
 * `xs:all`: its elements in any order on the wire. The model keeps them in schema order, like a sequence's (the
 * codec reads them in any order and writes them in that order), so an `xs:all` is placed as a sequence is.
 */
import type { GroupTerm, Member, ParticleWalker, Particles, Placement } from "./content-model.js";
import { placeSequence, sequenceAlternatives } from "./sequence.js";

export function placeAll(walker: ParticleWalker, term: GroupTerm, outer: Placement, out: Particles): void {
  placeSequence(walker, term, outer, out);
}

export function allAlternatives(walker: ParticleWalker, term: GroupTerm, depth: number): Member[][] | undefined {
  return sequenceAlternatives(walker, term, depth);
}
