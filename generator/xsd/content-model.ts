/**
 * The content model as the particle readers pass it between them: terms (particles with group refs and
 * substitution groups resolved), the field list they become, and the dispatch each construct's reader uses for
 * the particles it contains ({@link ParticleWalker}, implemented in particles.ts).
 */
import { NS } from "../load/namespaces.js";
import type { XmlElement } from "../load/xml.js";
import type { ChoiceGroup, Field } from "../model/model.js";
import type { XsdReader } from "./reader.js";
import type { SchemaDefaults } from "./schema-index.js";
import { describe } from "./type-ref.js";

/** What a content model reads into: the body's fields in order, its exclusive choices, whether it has `xs:any`. */
export interface Particles {
  fields: Field[];
  choices: ChoiceGroup[];
  anyElement: boolean;
}

export function emptyParticles(): Particles {
  return { fields: [], choices: [], anyElement: false };
}

export type Occurs = { min: number; max: number | "unbounded" };

/** A particle of the content model, group refs and substitution groups resolved. */
export type Term = ElementTerm | AnyTerm | GroupTerm;
export type ElementTerm = { kind: "element"; field: Field; el: XmlElement } & Occurs;
export type AnyTerm = { kind: "any"; el: XmlElement } & Occurs;
/** A model group; `groupName` names the field of a repeated choice (a substitution group's `$<Head>`). */
export type GroupTerm = {
  kind: "sequence" | "all" | "choice";
  el: XmlElement;
  children: Term[];
  groupName?: string;
} & Occurs;

/** Where a term sits: inside an optional group (its members become optional) or a repeated one (repeated). */
export interface Placement {
  optional: boolean;
  repeated: boolean;
}

/** A field an alternative of a choice sets, and whether it must be present when that alternative is chosen. */
export interface Member {
  field: Field;
  required: boolean;
}

/** The operations on the particles a group contains, whatever their construct (the dispatch is in particles.ts). */
export interface ParticleWalker {
  readonly reader: XsdReader;
  /** The term for a particle element (`xs:element`, `xs:any`, a model group or a group ref), if it has one. */
  term(el: XmlElement, schema: SchemaDefaults, depth: number): Term | undefined;
  /** Adds a term's fields (and choices) to `out`. */
  place(term: Term, outer: Placement, out: Particles): void;
  /**
   * The alternatives of a term inside a choice, each the members it sets, or undefined when the term cannot be
   * expressed as an exclusive union (a wildcard, too many alternatives).
   */
  alternatives(term: Term, depth: number): Member[][] | undefined;
}

/** More alternatives than this (after multiplying out nested groups) fall back to optional members. */
export const MAX_ALTERNATIVES = 64;

export const repeated = (max: number | "unbounded") => max === "unbounded" || max > 1;

/** The term of a model group (`xs:sequence`, `xs:all`, `xs:choice`): its particles, in document order. */
export function modelGroupTerm(
  walker: ParticleWalker,
  el: XmlElement,
  schema: SchemaDefaults,
  depth: number,
  occurs: Occurs,
): GroupTerm {
  const children: Term[] = [];
  for (const child of el.children) {
    if (child.ns !== NS.xs || child.local === "annotation") continue;
    if (["element", "any", "sequence", "choice", "all", "group"].includes(child.local)) {
      const t = walker.term(child, schema, depth + 1);
      if (t) children.push(t);
    } else {
      walker.reader.sink.warn(
        "schema-unsupported",
        `xs:${child.local} inside xs:${el.local} is ignored`,
        describe(child),
        child.location,
      );
    }
  }
  return { kind: el.local as GroupTerm["kind"], el, children, ...occurs };
}

export function containsAny(term: Term): boolean {
  return term.kind === "any" || (term.kind !== "element" && term.children.some(containsAny));
}

export function containsElements(term: Term): boolean {
  return term.kind === "element" || (term.kind !== "any" && term.children.some(containsElements));
}

/** Per list of fields: the first field of each name that is no particle, and how many of the list it covers. */
const fieldIndexes = new WeakMap<Field[], { byName: Map<string, Field>; covered: number }>();

/**
 * The first field named `name` that is no particle (`$any`, a repeated choice's group): a lookup, not a scan of
 * the list (a content model of n elements would cost n² comparisons). Fields are only ever appended to a list, and
 * neither their names nor their particle change once they are in it; the index catches up with appended fields.
 */
function fieldNamed(fields: Field[], name: string): Field | undefined {
  let index = fieldIndexes.get(fields);
  if (!index) fieldIndexes.set(fields, (index = { byName: new Map(), covered: 0 }));
  for (; index.covered < fields.length; index.covered++) {
    const f = fields[index.covered]!;
    if (!f.particle && !index.byName.has(f.name)) index.byName.set(f.name, f);
  }
  return index.byName.get(name);
}

/**
 * Adds a field, or merges it into an existing field of the same name (a member of several alternatives, or an
 * element declared twice): the merged field is optional if either is, repeated if either is or when it is declared
 * twice outside a choice. Returns the field in the list.
 */
export function addField(reader: XsdReader, out: Particles, field: Field, quiet: boolean): Field {
  if (field.particle === "group") {
    while (out.fields.some((f) => f.name === field.name)) field.name += "_";
    out.fields.push(field);
    return field;
  }
  const existing = fieldNamed(out.fields, field.name);
  if (!existing) {
    out.fields.push(field);
    return field;
  }
  const where = field.location ? { location: field.location } : {};
  if (existing.ns !== field.ns || JSON.stringify(existing.type) !== JSON.stringify(field.type)) {
    reader.sink.warn(
      "duplicate-element",
      `element ${field.name} is declared more than once in one content model with different types or namespaces; ` +
        "the first declaration is used",
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
