/**
 * TypeScript names for schema types. A named type keeps its local name (made legal by `toIdentifier`). When
 * several namespaces declare the same name, every one of them is qualified with a prefix taken from its
 * namespace (the last path segment that is not a version such as `2003` or `v2`, PascalCased), so the result
 * depends only on the set of colliding types, not on the order they were read in; a prefixed name that still
 * clashes gets `_` appended. The anonymous complex type of a global element is named after the element, by the
 * same rule among the elements; one inside a named type or an element's type is named `<Owner>_<Field>`
 * ({@link TypeNames.anonymousName}).
 */
import type { AnonymousSite, ModelIndex } from "../model/model-index.js";
import type { ComplexBody } from "../model/model.js";
import { qnameKey, type QName } from "../model/qname.js";
import { toIdentifier } from "./identifiers.js";

export function namespaceTag(ns: string): string {
  // Version-like segments (`2003`, `10`, `v2`, `1.0`) say nothing about what the namespace holds.
  const segments = ns
    .replace(/^[a-z]+:\/\//i, "")
    .split(/[/:#?]+/)
    .filter((s) => s !== "" && !/^v?\d+([._-]\d+)*$/i.test(s));
  const last = segments[segments.length - 1] ?? "Ns";
  return toIdentifier(
    last.replace(/(^|[^A-Za-z0-9])([a-z])/g, (_m, _sep, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, ""),
  );
}

export function assignTypeNames(names: QName[]): Map<string, string> {
  const groups = new Map<string, QName[]>();
  for (const name of names) {
    const base = toIdentifier(name.local);
    const key = base;
    const group = groups.get(key) ?? [];
    group.push(name);
    groups.set(key, group);
  }
  const result = new Map<string, string>();
  const kept = new Set<string>();
  const collided: QName[][] = [];
  for (const [base, group] of groups) {
    if (group.length === 1) {
      result.set(qnameKey(group[0]!), base);
      kept.add(base);
    } else {
      collided.push(group);
    }
  }
  // Tagged names: a tag that still clashes (with a kept name or another tagged one) gets `_` appended. The
  // groups are visited in name order and members in namespace order, so the outcome depends only on the set.
  const taken = new Set(kept);
  collided.sort((a, b) => (toIdentifier(a[0]!.local) < toIdentifier(b[0]!.local) ? -1 : 1));
  for (const group of collided) {
    const sorted = [...group].sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.local < b.local ? -1 : 1));
    for (const n of sorted) {
      let name = `${namespaceTag(n.ns)}_${toIdentifier(n.local)}`;
      while (taken.has(name)) name += "_";
      taken.add(name);
      result.set(qnameKey(n), name);
    }
  }
  return result;
}

/** An anonymous complex type that gets a declaration of its own. */
export interface AnonymousType {
  name: string;
  body: ComplexBody;
  /** Where it is declared, for its documentation: `Owner.Field.Sub`, or the element's name for its own type. */
  label: string;
  /** The named type or global element it is declared in. */
  owner: QName;
  ownerKind: "type" | "element";
  /** The type of the global element `owner` itself (not one inside it). */
  ofElement: boolean;
}

/**
 * The TypeScript names of a model's types: named types ({@link assignTypeNames}, or names decided elsewhere),
 * the anonymous complex types declared with them, and the names a `$type` member lists.
 */
export class TypeNames {
  /** TypeScript name by QName key, for every named type of the model. */
  readonly byKey: ReadonlyMap<string, string>;
  private anonymous?: Map<ComplexBody, AnonymousType>;
  private anonymousByOwner?: Map<string, AnonymousType[]>;
  private readonly families = new Map<string, string[] | undefined>();
  private byNs?: Map<string, Map<string, string>>;

  constructor(
    readonly index: ModelIndex,
    /** Names decided elsewhere (a subset of a model's types keeps the names the whole model gave them). */
    names?: ReadonlyMap<string, string>,
    /** The names of the whole models when the index's model is a subset of them. */
    private readonly wholeModels?: readonly TypeNames[],
  ) {
    this.byKey = names ?? assignTypeNames(index.model.types.map((t) => t.name));
  }

  tsName(name: QName): string {
    const n = this.byNamespace().get(name.ns)?.get(name.local) ?? this.byKey.get(qnameKey(name));
    if (n === undefined) throw new Error(`internal: no TypeScript name for ${qnameKey(name)}`);
    return n;
  }

  /**
   * {@link byKey} for the model's own types, by namespace and then local name: asked for a name many times per type,
   * two lookups of strings the reader made are cheaper than building the key string and hashing it each time.
   */
  private byNamespace(): Map<string, Map<string, string>> {
    if (this.byNs) return this.byNs;
    this.byNs = new Map();
    for (const { name } of this.index.model.types) {
      const n = this.byKey.get(qnameKey(name));
      if (n === undefined) continue;
      let locals = this.byNs.get(name.ns);
      if (!locals) this.byNs.set(name.ns, (locals = new Map()));
      locals.set(name.local, n);
    }
    return this.byNs;
  }

  /**
   * For each complex type that takes part in extension (has a base or derived types): its own TypeScript name
   * and those of all types derived from it, sorted — the values its `$type` member admits.
   */
  typeFamily(name: QName): string[] | undefined {
    if (this.wholeModels) return this.wholeModels.find((w) => w.index.type(name))?.typeFamily(name);
    const key = qnameKey(name);
    if (!this.families.has(key))
      this.families.set(
        key,
        this.index
          .extensionFamily(name)
          ?.map((q) => this.tsName(q))
          .sort(),
      );
    return this.families.get(key);
  }

  /**
   * The declared name of an anonymous complex type (see {@link ModelIndex.anonymousTypes} for which are declared):
   * - a global element's own type: the element's name, made legal and qualified with its namespace's tag when
   *   elements of several namespaces share it (as {@link assignTypeNames} does for types), `_` appended while a
   *   schema type or an element settled before it (in name order, then by QName) has the name;
   * - one inside a named type or an element's type: `<Owner>_<Field>` (the owner being the named type or the
   *   element — by the names they are declared under —, or the anonymous type the field is in; made legal), `_`
   *   appended while the name is taken by a schema type, an element's type or another anonymous type (settled in
   *   name order, then by owner and path).
   * Names depend only on the model, not on reading order. Anonymous types of wrapper elements that are unwrapped
   * and collection shapes are not declared (undefined).
   */
  anonymousName(body: ComplexBody): string | undefined {
    for (const whole of this.wholeModels ?? []) {
      const n = whole.anonymousName(body);
      if (n) return n;
    }
    return this.anonymousTypes().get(body)?.name;
  }

  /**
   * The anonymous types declared with the named type or global element `name`, in field order (depth first),
   * an element's own type first; each under the name {@link anonymousName} gives it.
   */
  anonymousDeclarations(name: QName, ownerKind: "type" | "element" = "type"): AnonymousType[] {
    this.anonymousTypes();
    const declared = this.anonymousByOwner!.get(`${ownerKind} ${qnameKey(name)}`) ?? [];
    return declared.map((d) => ({ ...d, name: this.anonymousName(d.body) ?? d.name }));
  }

  /** Every name the types file declares: named types, elements' types and the anonymous types inside them. */
  declaredNames(): Set<string> {
    return new Set([...this.byKey.values(), ...[...this.anonymousTypes().values()].map((a) => a.name)]);
  }

  private anonymousTypes(): Map<ComplexBody, AnonymousType> {
    if (this.anonymous) return this.anonymous;
    type Candidate = AnonymousType & { sortKey: string };
    const byName = (a: Candidate, b: Candidate) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0;
    const sites = this.index.anonymousTypes();
    const taken = new Set(this.byKey.values());
    this.anonymous = new Map();
    const settle = (candidates: Candidate[]) => {
      for (const c of candidates.sort(byName)) {
        let name = c.name;
        while (taken.has(name)) name += "_";
        taken.add(name);
        this.anonymous!.set(c.body, { ...c, name });
      }
    };
    // First the elements' own types, by the rule for named types among the elements, then unique among all.
    const elementNames = assignTypeNames([
      ...new Map(sites.filter((s) => s.ownerKind === "element").map((s) => [qnameKey(s.owner), s.owner])).values(),
    ]);
    const own = (site: AnonymousSite) => site.ownerKind === "element" && site.steps.length === 0;
    const candidate = (site: AnonymousSite, name: string): Candidate => ({
      name,
      body: site.body,
      label: site.label,
      owner: site.owner,
      ownerKind: site.ownerKind,
      ofElement: own(site),
      sortKey: site.sortKey,
    });
    settle(sites.filter(own).map((s) => candidate(s, elementNames.get(qnameKey(s.owner))!)));
    // An element whose type is not declared (an unwrapped wrapper) still names the types inside it.
    const elementTypeNames = new Map(
      sites.filter(own).map((s) => [qnameKey(s.owner), this.anonymous!.get(s.body)!.name] as const),
    );
    const ownerName = (site: AnonymousSite): string | undefined => {
      const key = qnameKey(site.owner);
      return site.ownerKind === "type" ? this.byKey.get(key) : (elementTypeNames.get(key) ?? elementNames.get(key));
    };
    const nested: Candidate[] = [];
    for (const site of sites) {
      if (own(site)) continue;
      const owner = ownerName(site);
      if (owner === undefined) continue;
      nested.push(
        candidate(
          site,
          site.steps.reduce((outer, step) => toIdentifier(`${outer}_${step}`), owner),
        ),
      );
    }
    settle(nested);
    // Declaration order per owner: the order the fields were visited in.
    this.anonymousByOwner = new Map();
    const ordered = sites.filter((s) => this.anonymous!.has(s.body));
    for (const s of [...ordered].sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))) {
      const key = `${s.ownerKind} ${qnameKey(s.owner)}`;
      const declared = this.anonymousByOwner.get(key);
      if (declared) declared.push(this.anonymous.get(s.body)!);
      else this.anonymousByOwner.set(key, [this.anonymous.get(s.body)!]);
    }
    return this.anonymous;
  }
}
