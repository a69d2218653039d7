/**
 * `xs:choice`: an exclusive choice among its particles. A {@link ChoiceGroup} lists each alternative's fields
 * (nested sequences and choices multiplied out); every member is optional on the body and the emitter writes an
 * exclusive union. A repeated choice becomes one `particle: "group"` field whose items are such unions.
 *
 * Fallback, with a warning: a choice inside a repeated group, one containing `xs:any`, or one with more than
 * {@link MAX_ALTERNATIVES} alternatives is generated as optional members.
 */
import type { ChoiceGroup, ComplexBody, Field } from "../model/model.js";
import {
  addField,
  containsAny,
  emptyParticles,
  MAX_ALTERNATIVES,
  repeated,
  type GroupTerm,
  type Member,
  type ParticleWalker,
  type Particles,
  type Placement,
  type Term,
} from "./content-model.js";
import type { XsdReader } from "./reader.js";
import { describe } from "./type-ref.js";

export function placeChoice(walker: ParticleWalker, term: GroupTerm, outer: Placement, out: Particles): void {
  const here = { optional: outer.optional || term.min === 0, repeated: outer.repeated || repeated(term.max) };
  if (outer.repeated) return fallback(walker, term, here, out, "inside a repeated group");
  if (repeated(term.max)) {
    const group = groupField(walker, term, here.optional);
    if (!group) return fallback(walker, term, here, out, reasonOf(term));
    addField(walker.reader, out, group, false);
    return;
  }
  const alternatives = choiceAlternatives(walker, term, 0);
  if (!alternatives) return fallback(walker, term, here, out, reasonOf(term));
  addChoice(walker.reader, out, alternatives, here.optional);
}

/** A choice inside a choice: the alternatives of each of its particles (an optional one adds "none"). */
export function choiceAlternatives(walker: ParticleWalker, term: GroupTerm, depth: number): Member[][] | undefined {
  if (repeated(term.max)) {
    const group = groupField(walker, term, term.min === 0);
    return group ? [[{ field: group, required: term.min >= 1 }]] : undefined;
  }
  const all: Member[][] = [];
  for (const child of term.children) {
    const alts = walker.alternatives(child, depth + 1);
    if (!alts) return undefined;
    all.push(...alts);
    if (all.length > MAX_ALTERNATIVES) return undefined;
  }
  if (term.min === 0) all.push([]);
  return all;
}

/** Adds the members of a (non-repeated) choice's alternatives as optional fields, and the choice group. */
function addChoice(reader: XsdReader, out: Particles, alternatives: Member[][], optional: boolean): void {
  const nonEmpty = alternatives.filter((a) => a.length > 0);
  const group: ChoiceGroup = { alternatives: [], optional: optional || nonEmpty.length < alternatives.length };
  const seen = new Set<string>();
  for (const alternative of nonEmpty) {
    const names: { name: string; required: boolean }[] = [];
    for (const m of alternative) {
      const field = addField(reader, out, { ...m.field, minOccurs: 0, choice: true }, seen.has(m.field.name));
      seen.add(field.name);
      const existing = names.find((n) => n.name === field.name);
      if (existing) existing.required ||= m.required;
      else names.push({ name: field.name, required: m.required });
    }
    // Multiplying out nested choices can repeat an alternative; keep the first.
    if (!group.alternatives.some((a) => sameMembers(a, names))) group.alternatives.push(names);
  }
  if (group.alternatives.length > 0) out.choices.push(group);
}

function sameMembers(a: { name: string }[], b: { name: string }[]): boolean {
  return a.length === b.length && a.every((m, i) => m.name === b[i]!.name);
}

/** A repeated choice as one field without an element of its own, whose items are the choice's union. */
function groupField(walker: ParticleWalker, term: GroupTerm, optional: boolean): Field | undefined {
  const single: GroupTerm = { ...term, min: 1, max: 1 };
  const alternatives = choiceAlternatives(walker, single, 0);
  if (!alternatives) return undefined;
  const inner = emptyParticles();
  addChoice(walker.reader, inner, alternatives, false);
  const firsts = inner.choices[0]?.alternatives.map((a) => a[0]!.name) ?? [];
  const body: ComplexBody = { kind: "complex", fields: inner.fields, attributes: [] };
  if (inner.choices.length) body.choices = inner.choices;
  return {
    name: term.groupName ?? `$${firsts.join("Or")}`,
    ns: "",
    type: { kind: "inline", type: body },
    minOccurs: optional ? 0 : term.min,
    maxOccurs: term.max,
    nillable: false,
    choice: true,
    particle: "group",
    location: term.el.location,
  };
}

function reasonOf(term: Term): string {
  return containsAny(term) ? "containing xs:any" : `with more than ${MAX_ALTERNATIVES} alternatives`;
}

/** The documented fallback: every alternative's members become optional members of the type. */
function fallback(walker: ParticleWalker, term: GroupTerm, here: Placement, out: Particles, reason: string): void {
  walker.reader.sink.warn(
    "choice-as-optional",
    `xs:choice ${reason} is generated as optional members for each alternative (not an exclusive union)`,
    describe(term.el),
    term.el.location,
  );
  const before = out.fields.length;
  for (const child of term.children) walker.place(child, { optional: true, repeated: here.repeated }, out);
  for (const f of out.fields.slice(before)) if (!f.particle) f.choice = true;
}
