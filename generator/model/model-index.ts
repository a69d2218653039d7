/**
 * Lookups over a model that the emitters and the API diff share, computed from the model alone: types and global
 * elements by QName, the extension hierarchy, and the anonymous complex types declared inside named types.
 *
 * A model can be a subset to emit (a service's own types, or the types several services share): its index is
 * then given the indexes of the whole models, where references and derived-type families resolve.
 */
import type { ComplexBody, ElementDecl, Model, SchemaType, TypeRef } from "./model.js";
import { qnameKey, type QName } from "./qname.js";

/** The most types a `$type` member lists; a larger family of derived types gets `$type?: string`. */
export const MAX_TYPE_FAMILY = 256;

/**
 * An anonymous complex type that gets a declaration: the type of a global element, or one inside the fields of a
 * named complex type or of such an element's type; where it is found.
 */
export interface AnonymousSite {
  body: ComplexBody;
  /** The named type, or the global element, it is declared in (or, for an element's own type, that element). */
  owner: QName;
  ownerKind: "type" | "element";
  /**
   * The field names on the way from the owner to it, one per anonymous type passed (its own field last): its
   * declared name is built from the owner's name and these (naming/type-names.ts); none for a global element's
   * own type, declared under the element's name. A dictionary's value adds `<Field>_Value`; a repeated choice's
   * items add nothing (their members are the owner's own).
   */
  steps: string[];
  /** Where it is declared, for its documentation: `Owner.Field.Sub`. */
  label: string;
  /** The owner's QName key and the path of field names: orders the declarations of one owner. */
  sortKey: string;
}

export class ModelIndex {
  private readonly types = new Map<string, SchemaType>();
  private readonly elements = new Map<string, ElementDecl>();
  private families?: Map<string, QName[]>;
  private anonymous?: AnonymousSite[];
  private declared?: Set<string>;

  constructor(
    readonly model: Model,
    /** The indexes of the whole models when `model` is a subset of them. */
    private readonly wholeModels?: readonly ModelIndex[],
  ) {
    for (const whole of wholeModels ?? [])
      for (const [k, t] of whole.types) if (!this.types.has(k)) this.types.set(k, t);
    for (const t of model.types) this.types.set(qnameKey(t.name), t);
    for (const e of model.elements) this.elements.set(qnameKey(e.name), e);
  }

  /** The named type `name` (of this model or, for a subset, of the whole models). */
  type(name: QName): SchemaType | undefined {
    return this.types.get(qnameKey(name));
  }

  /** The global element `name`, if this model declares it. */
  element(name: QName): ElementDecl | undefined {
    return this.elements.get(qnameKey(name));
  }

  /** The global element `name`, which must be there (the readers check every element a model refers to). */
  requiredElement(name: QName): ElementDecl {
    const decl = this.element(name);
    if (!decl) throw new Error(`internal: element ${qnameKey(name)} missing from the model`);
    return decl;
  }

  /**
   * For a complex type that takes part in extension (has a base or derived types): itself and every type derived
   * from it, transitively, leaving out abstract ones (no value's actual type) — the types its `$type` admits. A
   * family of more than {@link MAX_TYPE_FAMILY} is cut off just past that size (its members are then not listed).
   * Undefined for a type outside any hierarchy.
   */
  extensionFamily(name: QName): QName[] | undefined {
    if (this.wholeModels) {
      const key = qnameKey(name);
      return this.wholeModels.find((w) => w.types.has(key))?.extensionFamily(name);
    }
    this.families ??= this.buildFamilies();
    return this.families.get(qnameKey(name));
  }

  private buildFamilies(): Map<string, QName[]> {
    const children = new Map<string, string[]>();
    for (const t of this.model.types) {
      if (t.kind === "complex" && t.base && t.derivation === "extension") {
        const key = qnameKey(t.base);
        const list = children.get(key);
        if (list) list.push(qnameKey(t.name));
        else children.set(key, [qnameKey(t.name)]);
      }
    }
    const families = new Map<string, QName[]>();
    for (const t of this.model.types) {
      const key = qnameKey(t.name);
      if (t.kind !== "complex" || !((t.base && t.derivation === "extension") || children.has(key))) continue;
      // Iterative (hierarchies may be deep); bounded, which keeps the output linear in the model.
      const family = new Map<string, QName>();
      const seen = new Set<string>();
      const stack = [key];
      while (stack.length && family.size <= MAX_TYPE_FAMILY) {
        const k = stack.pop()!;
        if (seen.has(k)) continue;
        seen.add(k);
        const member = this.types.get(k);
        if (!member) continue;
        if (!(member.kind === "complex" && member.abstract)) family.set(k, member.name);
        for (const child of children.get(k) ?? []) stack.push(child);
      }
      families.set(key, [...family.values()]);
    }
    return families;
  }

  /** Does the named complex type (or a base it extends) have exclusive choices (so it is declared as a type alias)? */
  isUnionShaped(name: QName): boolean {
    const seen = new Set<string>();
    for (let key: string | undefined = qnameKey(name); key && !seen.has(key);) {
      seen.add(key);
      const t = this.types.get(key);
      if (t?.kind !== "complex") return false;
      if (t.choices?.length) return true;
      key = t.base && t.derivation === "extension" ? qnameKey(t.base) : undefined;
    }
    return false;
  }

  /**
   * The global elements whose anonymous complex type is declared under the element's name: every one with such a
   * type, except a wrapper element of a wrapped operation (its content is the operation's parameters or result)
   * that nothing uses as a type — no unwrapped body part, header or fault part, no `ref` in a type.
   */
  declaredElements(): ReadonlySet<string> {
    if (this.declared) return this.declared;
    const wrappers = new Set<string>();
    const usedAsType = new Set<string>();
    for (const service of this.model.services)
      for (const port of service.ports)
        for (const op of port.operations) {
          for (const m of [op.input, op.output]) {
            if (!m) continue;
            if (m.wrapper) wrappers.add(qnameKey(m.wrapper));
            else for (const p of m.body) if (p.element) usedAsType.add(qnameKey(p.element));
            for (const h of m.headers) if (h.element) usedAsType.add(qnameKey(h.element));
          }
          for (const f of op.faults) for (const p of f.parts) if (p.element) usedAsType.add(qnameKey(p.element));
        }
    const seen = new Set<ComplexBody>();
    const walk = (ref: TypeRef | undefined, depth: number): void => {
      if (ref?.kind !== "inline" || ref.type.kind !== "complex" || seen.has(ref.type) || depth > 256) return;
      seen.add(ref.type);
      walkBody(ref.type, depth + 1);
    };
    const walkBody = (body: ComplexBody, depth: number) => {
      for (const f of body.fields) {
        if (f.ref) usedAsType.add(qnameKey(f.ref));
        walk(f.type, depth);
      }
      if (body.wcf) walk(body.wcf.shape === "array" ? body.wcf.item.type : body.wcf.value.type, depth);
    };
    for (const t of this.model.types) if (t.kind === "complex") walkBody(t, 0);
    for (const e of this.model.elements) walk(e.type, 0);
    this.declared = new Set(
      this.model.elements
        .filter((e) => e.type.kind === "inline" && e.type.type.kind === "complex")
        .map((e) => qnameKey(e.name))
        .filter((key) => !wrappers.has(key) || usedAsType.has(key)),
    );
    return this.declared;
  }

  /**
   * The anonymous complex types that get declarations: the types of the {@link declaredElements}, and those inside
   * the fields of this model's named complex types and of global elements' types (depth first, in field order),
   * except those that stay inline: the items and values of collection shapes are looked through, a repeated
   * choice's items are the owner's own members, and the type of a declared element met through a `ref` is that
   * element's declaration.
   */
  anonymousTypes(): readonly AnonymousSite[] {
    if (this.anonymous) return this.anonymous;
    const sites: AnonymousSite[] = [];
    const declared = this.declaredElements();
    const elementBodies = new Set<ComplexBody>();
    for (const e of this.model.elements)
      if (declared.has(qnameKey(e.name)) && e.type.kind === "inline" && e.type.type.kind === "complex")
        elementBodies.add(e.type.type);
    type Owner = { name: QName; kind: "type" | "element"; key: string };
    const visitBody = (
      body: ComplexBody,
      owner: Owner,
      steps: string[],
      path: string,
      label: string,
      depth: number,
    ) => {
      if (depth > 256) return;
      for (const f of body.fields) {
        // Only an anonymous complex type needs the path and label (most fields have none).
        if (f.type.kind !== "inline" || f.type.type.kind !== "complex") continue;
        visitRef(
          f.type,
          owner,
          steps,
          `${path}/${f.name}`,
          `${label}.${f.name}`,
          f.particle === "group" ? undefined : f.name,
          depth,
        );
      }
    };
    const visitRef = (
      ref: TypeRef,
      owner: Owner,
      steps: string[],
      path: string,
      label: string,
      field: string | undefined,
      depth: number,
    ): void => {
      if (ref.kind !== "inline" || ref.type.kind !== "complex") return;
      const body = ref.type;
      // A declared element's type, met again through a `ref`: declared (and visited) with the element.
      if (elementBodies.has(body)) return;
      if (body.wcf?.shape === "array") return visitRef(body.wcf.item.type, owner, steps, path, label, field, depth + 1);
      if (body.wcf?.shape === "dictionary")
        return visitRef(
          body.wcf.value.type,
          owner,
          steps,
          `${path}/Value`,
          `${label}.Value`,
          field && `${field}_Value`,
          depth + 1,
        );
      // A repeated choice's items are unions of the owner's own members: transparent.
      if (field === undefined) return visitBody(body, owner, steps, path, label, depth + 1);
      const own = [...steps, field];
      sites.push({ body, owner: owner.name, ownerKind: owner.kind, steps: own, label, sortKey: `${owner.key}${path}` });
      visitBody(body, owner, own, path, label, depth + 1);
    };
    const visitOwner = (body: ComplexBody, owner: Owner) => {
      const label = owner.name.local;
      // A collection is declared as its items (values): only their anonymous types get names.
      if (body.wcf?.shape === "array") {
        const item = body.wcf.item;
        visitRef(item.type, owner, [], `/${item.name}`, `${label}.${item.name}`, item.name, 0);
      } else if (body.wcf?.shape === "dictionary")
        visitRef(body.wcf.value.type, owner, [], "/Value", `${label}.Value`, "Value", 0);
      else visitBody(body, owner, [], "", label, 0);
    };
    for (const t of this.model.types)
      if (t.kind === "complex") visitOwner(t, { name: t.name, kind: "type", key: qnameKey(t.name) });
    for (const e of this.model.elements) {
      if (e.type.kind !== "inline" || e.type.type.kind !== "complex") continue;
      const body = e.type.type;
      // Kept apart from the types' keys (`{ns}local`): an element's key is `element {ns}local`.
      const owner: Owner = { name: e.name, kind: "element", key: `element ${qnameKey(e.name)}` };
      if (elementBodies.has(body))
        sites.push({ body, owner: e.name, ownerKind: "element", steps: [], label: e.name.local, sortKey: owner.key });
      visitOwner(body, owner);
    }
    this.anonymous = sites;
    return sites;
  }
}
