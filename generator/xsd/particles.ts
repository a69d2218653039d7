/**
 * Content-model particles, turned into the body's ordered field list plus the exclusive choices among those
 * fields: the entry point ({@link readParticles}) and the dispatch to one reader per construct —
 * `xs:sequence` (sequence.ts), `xs:all` (all.ts), `xs:choice` (choice.ts), `xs:group ref` (group.ts), `xs:any`
 * (any.ts), element particles (element.ts; a ref to the head of a substitution group: substitution-group.ts).
 *
 * Reading is in two steps: XML → terms (group refs and substitution groups resolved, occurrences parsed), then
 * terms → fields and choices (README "Type mapping"), where each construct says how its members are placed.
 */
import type { XmlElement } from "../load/xml.js";
import type { Field } from "../model/model.js";
import { allAlternatives, placeAll } from "./all.js";
import { anyTerm, placeAny } from "./any.js";
import { choiceAlternatives, placeChoice } from "./choice.js";
import {
  addField,
  emptyParticles,
  modelGroupTerm,
  type Member,
  type Occurs,
  type ParticleWalker,
  type Particles,
  type Placement,
  type Term,
} from "./content-model.js";
import { parseOccurs, readElementParticle } from "./element.js";
import { groupRefTerm } from "./group.js";
import type { XsdReader } from "./reader.js";
import type { SchemaDefaults } from "./schema-index.js";
import { placeSequence, sequenceAlternatives } from "./sequence.js";
import { substitutionGroupTerm } from "./substitution-group.js";
import { describe } from "./type-ref.js";

/** Model groups (and group refs) nest at most this deep. */
const MAX_DEPTH = 64;

/** Reads one content-model particle (a sequence, choice, all or group ref) into `out`. */
export function readParticles(
  reader: XsdReader,
  particle: XmlElement,
  schema: SchemaDefaults,
  out: Particles = emptyParticles(),
): Particles {
  const walker = particleWalker(reader);
  const term = walker.term(particle, schema, 0);
  if (term) walker.place(term, { optional: false, repeated: false }, out);
  return out;
}

function particleWalker(reader: XsdReader): ParticleWalker {
  const walker: ParticleWalker = {
    reader,
    term: (el, schema, depth) => term(walker, el, schema, depth),
    place: (t, outer, out) => place(walker, t, outer, out),
    alternatives: (t, depth) => alternatives(walker, t, depth),
  };
  return walker;
}

function term(walker: ParticleWalker, el: XmlElement, schema: SchemaDefaults, depth: number): Term | undefined {
  const reader: XsdReader = walker.reader;
  if (depth > MAX_DEPTH)
    reader.sink.fail(
      "schema-group-cycle",
      `model groups nest more than ${MAX_DEPTH} deep (a group referring to itself?)`,
      describe(el),
      el.location,
    );
  const occurs = parseOccurs(reader, el);
  const o: Occurs = { min: occurs.minOccurs, max: occurs.maxOccurs };
  switch (el.local) {
    case "element":
      return (
        substitutionGroupTerm(reader, el, o) ?? {
          kind: "element",
          field: readElementParticle(reader, el, schema),
          el,
          ...o,
        }
      );
    case "any":
      return anyTerm(el, o);
    case "sequence":
    case "all":
    case "choice":
      return modelGroupTerm(walker, el, schema, depth, o);
    case "group":
      return groupRefTerm(walker, el, depth, o);
    default:
      return undefined;
  }
}

function place(walker: ParticleWalker, term: Term, outer: Placement, out: Particles): void {
  switch (term.kind) {
    case "element":
      return placeElement(walker.reader, term.field, outer, out);
    case "any":
      return placeAny(out, term.el);
    case "sequence":
      return placeSequence(walker, term, outer, out);
    case "all":
      return placeAll(walker, term, outer, out);
    case "choice":
      return placeChoice(walker, term, outer, out);
  }
}

/** An element particle: optional inside an optional group, repeated inside a repeated one. */
function placeElement(reader: XsdReader, declared: Field, outer: Placement, out: Particles): void {
  const field = { ...declared };
  if (outer.optional) field.minOccurs = 0;
  if (outer.repeated) field.maxOccurs = "unbounded";
  addField(reader, out, field, false);
}

function alternatives(walker: ParticleWalker, term: Term, depth: number): Member[][] | undefined {
  switch (term.kind) {
    case "element":
      return [[{ field: { ...term.field }, required: term.min >= 1 }]];
    case "any":
      return undefined;
    case "sequence":
      return sequenceAlternatives(walker, term, depth);
    case "all":
      return allAlternatives(walker, term, depth);
    case "choice":
      return choiceAlternatives(walker, term, depth);
  }
}
