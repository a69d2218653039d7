/**
 * Content-model particles: `xs:sequence`, `xs:all`, `xs:choice`, `xs:group ref`, `xs:any` and element particles
 * (including refs to the head of a substitution group), turned into the body's ordered field list plus the
 * exclusive choices among those fields.
 *
 * Rules (README "Type mapping"):
 * - sequence / all: their elements in document order; an optional group makes its members optional, a repeated
 *   group makes them separately repeated (with a warning: the pairing of the repetitions is not represented);
 * - choice (and a `ref` to a substitution-group head, whose alternatives are the head unless abstract and every
 *   non-abstract member): a {@link ChoiceGroup}: each alternative is the set of fields it consists of (nested
 *   sequences and choices are multiplied out), every member is optional on the body, and the emitter writes an
 *   exclusive union; a repeated choice becomes one `particle: "group"` field whose items are such unions;
 * - fallback, with a warning: a choice inside a repeated group, one containing `xs:any`, or one with more than
 *   {@link MAX_ALTERNATIVES} alternatives is generated as optional members;
 * - `xs:any`: one `$any` field (`particle: "any"`) at the position of the first wildcard.
 */
import { NS } from "../load/namespaces.js";
import { resolveQName, type XmlElement } from "../load/xml.js";
import { qnameKey, type QName } from "../model/qname.js";
import type { ChoiceGroup, ComplexBody, Field } from "../model/model.js";
import { parseOccurs, readElementParticle, refField } from "./element.js";
import { attrQName, type SchemaDefaults } from "./schema-index.js";
import { describe } from "./type-ref.js";
import type { XsdReader } from "./reader.js";

export interface Particles {
  fields: Field[];
  choices: ChoiceGroup[];
  anyElement: boolean;
}

/** More alternatives than this (after multiplying out nested groups) fall back to optional members. */
export const MAX_ALTERNATIVES = 64;
/** Model groups (and group refs) nest at most this deep. */
const MAX_DEPTH = 64;

type Occurs = { min: number; max: number | "unbounded" };

/** A particle of the content model, group refs and substitution groups resolved. */
type Term =
  ({ kind: "element"; field: Field; el: XmlElement } & Occurs) | ({ kind: "any"; el: XmlElement } & Occurs) | GroupTerm;

type GroupTerm = { kind: "sequence" | "all" | "choice"; el: XmlElement; children: Term[]; groupName?: string } & Occurs;

interface Member {
  field: Field;
  required: boolean;
}

const repeated = (max: number | "unbounded") => max === "unbounded" || max > 1;

export function emptyParticles(): Particles {
  return { fields: [], choices: [], anyElement: false };
}

/** Reads one content-model particle (a sequence, choice, all or group ref) into `out`. */
export function readParticles(
  reader: XsdReader,
  particle: XmlElement,
  schema: SchemaDefaults,
  out: Particles = emptyParticles(),
): Particles {
  const term = toTerm(reader, particle, schema, 0);
  if (term) flatten(reader, term, { optional: false, repeated: false }, out);
  return out;
}

// ---------------------------------------------------------------- XML → terms

function toTerm(reader: XsdReader, el: XmlElement, schema: SchemaDefaults, depth: number): Term | undefined {
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
      return elementTerm(reader, el, schema, o);
    case "any":
      return { kind: "any", el, ...o };
    case "sequence":
    case "all":
    case "choice": {
      const children: Term[] = [];
      for (const child of el.children) {
        if (child.ns !== NS.xs || child.local === "annotation") continue;
        if (["element", "any", "sequence", "choice", "all", "group"].includes(child.local)) {
          const t = toTerm(reader, child, schema, depth + 1);
          if (t) children.push(t);
        } else {
          reader.sink.warn(
            "schema-unsupported",
            `xs:${child.local} inside xs:${el.local} is ignored`,
            describe(child),
            child.location,
          );
        }
      }
      return { kind: el.local, el, children, ...o };
    }
    case "group": {
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
      const t = toTerm(reader, inner, target.schema, depth + 1);
      if (!t || t.kind === "element" || t.kind === "any") return t;
      // The ref's occurrence applies to the group's model group (which, being global, occurs once itself).
      return t.min === 1 && t.max === 1 ? { ...t, ...o } : { kind: "sequence", el, children: [t], ...o };
    }
    default:
      return undefined;
  }
}

/** An element particle; a ref to the head of a substitution group becomes a choice of the group's elements. */
function elementTerm(reader: XsdReader, el: XmlElement, schema: SchemaDefaults, o: Occurs): Term {
  const ref = attrQName(el, "ref", reader.sink);
  const members = ref ? substitutes(reader, ref) : [];
  const head = ref && reader.index.get("element", ref);
  if (!ref || !head || members.length === 0) {
    if (head && head.el.attrs.abstract === "true") {
      reader.sink.warn(
        "substitution-group-empty",
        `element ${ref!.local} is abstract and no element substitutes for it; it is generated as a member of its own type`,
        describe(el),
        el.location,
      );
    }
    return { kind: "element", field: readElementParticle(reader, el, schema), el, ...o };
  }
  const heads = head.el.attrs.abstract === "true" ? [] : [ref];
  const candidates = [...heads, ...members.filter((m) => reader.index.get("element", m)?.el.attrs.abstract !== "true")];
  if (candidates.length === 0) {
    reader.sink.warn(
      "substitution-group-empty",
      `element ${ref.local} is abstract and no element substitutes for it; it is generated as a member of its own type`,
      describe(el),
      el.location,
    );
    return { kind: "element", field: readElementParticle(reader, el, schema), el, ...o };
  }
  const children: Term[] = candidates.map((name) => ({
    kind: "element",
    field: refField(reader, name, { minOccurs: 1, maxOccurs: 1 }, el),
    el,
    min: 1,
    max: 1,
  }));
  return { kind: "choice", el, children, groupName: `$${ref.local}`, ...o };
}

/** The elements that may substitute for `head`: its substitution group, transitively, sorted by namespace and name. */
export function substitutes(reader: XsdReader, head: QName): QName[] {
  if (!reader.substitutes) {
    const direct = new Map<string, QName[]>();
    for (const { el, name } of reader.index.all("element")) {
      const value = el.attrs.substitutionGroup;
      if (!value) continue;
      // XSD 1.1 allows a list of heads.
      for (const token of value.split(/\s+/).filter(Boolean)) {
        const h = resolveQName(el, token);
        if (!h) continue;
        const key = qnameKey(h);
        direct.set(key, [...(direct.get(key) ?? []), name]);
      }
    }
    reader.substitutes = new Map();
    for (const key of direct.keys()) {
      const found = new Map<string, QName>();
      const stack = [...(direct.get(key) ?? [])];
      while (stack.length) {
        const m = stack.pop()!;
        const k = qnameKey(m);
        if (found.has(k) || k === key) continue;
        found.set(k, m);
        stack.push(...(direct.get(k) ?? []));
      }
      reader.substitutes.set(
        key,
        [...found.values()].sort((a, b) =>
          a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.local < b.local ? -1 : a.local > b.local ? 1 : 0,
        ),
      );
    }
  }
  return reader.substitutes.get(qnameKey(head)) ?? [];
}

// ---------------------------------------------------------------- terms → fields and choices

interface Context {
  optional: boolean;
  repeated: boolean;
}

function flatten(reader: XsdReader, term: Term, outer: Context, out: Particles): void {
  switch (term.kind) {
    case "element": {
      const field = { ...term.field };
      if (outer.optional) field.minOccurs = 0;
      if (outer.repeated) field.maxOccurs = "unbounded";
      addField(reader, out, field, false);
      return;
    }
    case "any":
      addAny(out, term.el);
      return;
    case "sequence":
    case "all": {
      const rep = repeated(term.max);
      if (rep && !outer.repeated && term.el.local !== "group" && containsElements(term)) {
        reader.sink.warn(
          "repeated-group",
          `a repeated xs:${term.kind} is generated as separately repeated members`,
          describe(term.el),
          term.el.location,
        );
      }
      const here = { optional: outer.optional || term.min === 0, repeated: outer.repeated || rep };
      for (const child of term.children) flatten(reader, child, here, out);
      return;
    }
    case "choice": {
      const here = { optional: outer.optional || term.min === 0, repeated: outer.repeated || repeated(term.max) };
      if (outer.repeated) return fallback(reader, term, here, out, "inside a repeated group");
      if (repeated(term.max)) {
        const group = groupField(reader, term, here.optional);
        if (!group) return fallback(reader, term, here, out, reasonOf(term));
        addField(reader, out, group, false);
        return;
      }
      const alternatives = choiceAlternatives(reader, term, 0);
      if (!alternatives) return fallback(reader, term, here, out, reasonOf(term));
      addChoice(reader, out, alternatives, here.optional);
      return;
    }
  }
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

/**
 * The alternatives of a term inside a choice, each the members it sets (with whether they are required in it), or
 * undefined when the term cannot be expressed as an exclusive union (a wildcard, too many alternatives).
 */
function choiceAlternatives(reader: XsdReader, term: Term, depth: number): Member[][] | undefined {
  switch (term.kind) {
    case "element":
      return [[{ field: { ...term.field }, required: term.min >= 1 }]];
    case "any":
      return undefined;
    case "sequence":
    case "all": {
      if (repeated(term.max)) {
        // Inside a choice, a repeated sequence is one alternative whose members are separately repeated.
        const inner = emptyParticles();
        flatten(reader, term, { optional: false, repeated: false }, inner);
        if (inner.anyElement) return undefined;
        return [inner.fields.map((f) => ({ field: f, required: f.minOccurs >= 1 }))];
      }
      let product: Member[][] = [[]];
      for (const child of term.children) {
        const alts = choiceAlternatives(reader, child, depth + 1);
        if (!alts) return undefined;
        const next: Member[][] = [];
        for (const left of product) for (const right of alts) next.push([...left, ...right]);
        if (next.length > MAX_ALTERNATIVES) return undefined;
        product = next;
      }
      return term.min === 0 ? [...product.map((a) => a.map((m) => ({ ...m, required: false }))), []] : product;
    }
    case "choice": {
      if (repeated(term.max)) {
        const group = groupField(reader, term, term.min === 0);
        return group ? [[{ field: group, required: term.min >= 1 }]] : undefined;
      }
      const all: Member[][] = [];
      for (const child of term.children) {
        const alts = choiceAlternatives(reader, child, depth + 1);
        if (!alts) return undefined;
        all.push(...alts);
        if (all.length > MAX_ALTERNATIVES) return undefined;
      }
      if (term.min === 0) all.push([]);
      return all;
    }
  }
}

/** A repeated choice as one field without an element of its own, whose items are the choice's union. */
function groupField(reader: XsdReader, term: GroupTerm, optional: boolean): Field | undefined {
  const single: Term = { ...term, min: 1, max: 1 };
  const alternatives = choiceAlternatives(reader, single, 0);
  if (!alternatives) return undefined;
  const inner = emptyParticles();
  addChoice(reader, inner, alternatives, false);
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

function containsAny(term: Term): boolean {
  return term.kind === "any" || (term.kind !== "element" && term.children.some(containsAny));
}

function containsElements(term: Term): boolean {
  return term.kind === "element" || (term.kind !== "any" && term.children.some(containsElements));
}

/** The documented fallback: every alternative's members become optional members of the type. */
function fallback(reader: XsdReader, term: GroupTerm, here: Context, out: Particles, reason: string): void {
  reader.sink.warn(
    "choice-as-optional",
    `xs:choice ${reason} is generated as optional members for each alternative (not an exclusive union)`,
    describe(term.el),
    term.el.location,
  );
  const before = out.fields.length;
  for (const child of term.children) flatten(reader, child, { optional: true, repeated: here.repeated }, out);
  for (const f of out.fields.slice(before)) if (!f.particle) f.choice = true;
}

function addAny(out: Particles, el: XmlElement): void {
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

/**
 * Adds a field, or merges it into an existing field of the same name (a member of several alternatives, or an
 * element declared twice): the merged field is optional if either is, repeated if either is or when it is declared
 * twice outside a choice. Returns the field in the list.
 */
function addField(reader: XsdReader, out: Particles, field: Field, quiet: boolean): Field {
  if (field.particle === "group") {
    while (out.fields.some((f) => f.name === field.name)) field.name += "_";
    out.fields.push(field);
    return field;
  }
  const existing = out.fields.find((f) => f.name === field.name && !f.particle);
  if (!existing) {
    out.fields.push(field);
    return field;
  }
  const where = field.location ? { location: field.location } : {};
  if (existing.ns !== field.ns || JSON.stringify(existing.type) !== JSON.stringify(field.type)) {
    reader.sink.warn(
      "duplicate-element",
      `element ${field.name} is declared more than once in one content model with different types or namespaces; the first declaration is used`,
      `xs:element ${field.name}`,
      where.location,
    );
  } else if (!quiet && !field.choice) {
    reader.sink.warn(
      "duplicate-element",
      `element ${field.name} occurs more than once in one content model; it is generated as one repeated member`,
      `xs:element ${field.name}`,
      where.location,
    );
    existing.maxOccurs = "unbounded";
  }
  existing.minOccurs = Math.min(existing.minOccurs, field.minOccurs);
  if (repeated(field.maxOccurs))
    existing.maxOccurs =
      field.maxOccurs === "unbounded" || existing.maxOccurs === "unbounded"
        ? "unbounded"
        : Math.max(existing.maxOccurs, field.maxOccurs);
  existing.nillable ||= field.nillable;
  return existing;
}
