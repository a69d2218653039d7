/**
 * TypeScript type expressions and runtime metadata references for model type references, with the mapping
 * rules of the README's table: optional for minOccurs=0, `| null` for nillable, arrays for maxOccurs>1, WCF
 * `ArrayOfX` as `X[]`, WCF dictionaries as `Record<string, V>`, enumerations as literal unions.
 */
import { MAX_TYPE_FAMILY, ModelIndex } from "../model/model-index.js";
import { qnameKey } from "../model/qname.js";
import { builtinTsType, type ScalarMapping } from "../model/builtins.js";
import type { AttributeDecl, ComplexBody, Field, Model, SimpleBody, TypeBody, TypeRef } from "../model/model.js";
import { propertyKey, stringLiteral, toIdentifier } from "../naming/identifiers.js";
import { assignTypeNames } from "../naming/type-names.js";
import type { ComplexTypeMeta, FieldMeta, SimpleTypeMeta, TypeRefMeta } from "../runtime/metadata.js";

export { MAX_TYPE_FAMILY };

export class TypeContext {
  readonly names: Map<string, string>;
  readonly index: ModelIndex;
  /** WCF array types being inlined (an `ArrayOfX` of itself is referred to by name instead). */
  private readonly inlining = new Set<string>();

  constructor(
    readonly model: Model,
    readonly scalars: ScalarMapping,
    /** TypeScript names decided elsewhere (a subset of a model's types keeps the names the whole model gave them). */
    names?: Map<string, string>,
    /**
     * Where references and derived-type families resolve when `model.types` is a subset to emit (a service's own
     * types, or the shared ones): the contexts of the whole models.
     */
    private readonly lookup?: TypeContext[],
  ) {
    this.names = names ?? assignTypeNames(model.types.map((t) => t.name));
    this.index = new ModelIndex(
      model,
      lookup?.map((l) => l.index),
    );
  }

  tsName(name: { ns: string; local: string }): string {
    const n = this.names.get(qnameKey(name));
    if (n === undefined) throw new Error(`internal: no TypeScript name for ${qnameKey(name)}`);
    return n;
  }

  /**
   * For each complex type that takes part in extension (has a base or derived types): its own TypeScript name
   * and those of all types derived from it, sorted — the values its `$type` member admits.
   */
  typeFamily(name: { ns: string; local: string }): string[] | undefined {
    if (this.lookup) {
      return this.lookup.find((l) => l.index.type(name))?.typeFamily(name);
    }
    return this.index
      .extensionFamily(name)
      ?.map((q) => this.tsName(q))
      .sort();
  }

  /** The TypeScript type of a reference; named types used are added to `used`. */
  expr(ref: TypeRef, used: Set<string>): string {
    switch (ref.kind) {
      case "builtin":
        return builtinTsType(ref.name, this.scalars);
      case "inline": {
        const declared = ref.type.kind === "complex" ? this.anonymousName(ref.type) : undefined;
        if (declared) {
          used.add(declared);
          return declared;
        }
        return this.bodyExpr(ref.type, used);
      }
      case "named": {
        const key = qnameKey(ref.name);
        const type = this.index.type(ref.name)!;
        if (type.kind === "complex" && type.wcf?.shape === "array" && !this.inlining.has(key)) {
          this.inlining.add(key);
          try {
            return this.fieldExpr(type.wcf.item, used).type;
          } finally {
            this.inlining.delete(key);
          }
        }
        const name = this.tsName(ref.name);
        used.add(name);
        return name;
      }
    }
  }

  /** A field's property type (without `undefined`) and whether the property is optional. */
  fieldExpr(field: Field, used: Set<string>): { type: string; optional: boolean } {
    let type = this.expr(field.type, used);
    const repeated = field.maxOccurs === "unbounded" || field.maxOccurs > 1;
    if (repeated) type = field.nillable ? `(${type} | null)[]` : `${wrap(type)}[]`;
    else if (field.nillable) type = `${type} | null`;
    return { type, optional: field.minOccurs === 0 };
  }

  bodyExpr(body: TypeBody, used: Set<string>): string {
    return body.kind === "simple" ? this.simpleExpr(body, used) : this.complexExpr(body, used);
  }

  simpleExpr(body: SimpleBody, used: Set<string>): string {
    switch (body.variety) {
      case "enumeration":
        return body.enumeration!.map((v) => stringLiteral(v.value)).join(" | ");
      case "list":
        return `${wrap(this.expr(body.itemType!, used))}[]`;
      case "union": {
        if (this.isTextual({ kind: "inline", type: body })) return "string";
        const members = [...new Set(body.memberTypes!.map((m) => this.expr(m, used)))];
        return members.length ? members.join(" | ") : "string";
      }
      default:
        return body.base ? this.expr(body.base, used) : "string";
    }
  }

  /**
   * Is the TypeScript type of this simple type plain `string`? A union is `string` when any member is (README:
   * "`string` if any member is textual"); the runtime codec applies the same rule to decide how to decode a union.
   */
  isTextual(ref: TypeRef, depth = 0): boolean {
    if (depth > 64) return true;
    if (ref.kind === "builtin") return builtinTsType(ref.name, this.scalars) === "string";
    const body = ref.kind === "named" ? this.index.type(ref.name) : ref.type;
    if (!body || body.kind !== "simple") return false;
    switch (body.variety) {
      case "atomic":
        return body.base ? this.isTextual(body.base, depth + 1) : true;
      case "union":
        return (body.memberTypes ?? []).length === 0 || body.memberTypes!.some((m) => this.isTextual(m, depth + 1));
      default:
        return false;
    }
  }

  /** An inline object type for an anonymous complex type (with its choices as exclusive unions). */
  complexExpr(body: ComplexBody, used: Set<string>): string {
    if (body.wcf?.shape === "array") return this.fieldExpr(body.wcf.item, used).type;
    if (body.wcf?.shape === "dictionary") return this.dictionaryExpr(body.wcf.value, used);
    const { common, unions } = this.shape(body, used);
    const parts: string[] = [];
    if (body.base && body.derivation === "extension") parts.push(this.tsName(body.base));
    if (common.length || (parts.length === 0 && unions.length === 0)) parts.push(objectLiteral(common));
    for (const alternatives of unions) parts.push(`(${alternatives.map(objectLiteral).join(" | ")})`);
    return parts.join(" & ");
  }

  dictionaryExpr(value: Field, used: Set<string>): string {
    const v = this.expr(value.type, used);
    return `Record<string, ${value.nillable ? `${v} | null` : v}>`;
  }

  /**
   * The properties of a complex body: `$value` for simple content, attributes, `$anyAttributes`, then the fields
   * in order (choice members included, each as an optional property).
   */
  members(body: ComplexBody, used: Set<string>): MemberText[] {
    const out: MemberText[] = [];
    if (body.simpleContent) out.push({ key: "$value", optional: false, type: this.expr(body.simpleContent, used) });
    for (const a of body.attributes) {
      let type = this.expr(a.type, used);
      if (a.fixed !== undefined) type = fixedLiteral(type, a.fixed) ?? type;
      out.push({ key: propertyKey(a.name), optional: !a.required, type, attribute: a });
    }
    if (body.anyAttribute) out.push({ key: "$anyAttributes", optional: true, type: "Record<string, string>" });
    for (const f of body.fields) {
      const { type, optional } = this.fieldExpr(f, used);
      out.push({ key: propertyKey(f.name), optional, type, field: f });
    }
    return out;
  }

  /**
   * A complex body as TypeScript: the members every value has, and for each exclusive choice its alternatives.
   * An alternative lists its own members and every other member of the choice as `?: never`; an optional choice
   * has one more alternative in which all are `never`.
   */
  shape(body: ComplexBody, used: Set<string>): { common: MemberText[]; unions: MemberText[][][] } {
    const all = this.members(body, used);
    const inChoice = new Set((body.choices ?? []).flatMap((c) => c.alternatives.flatMap((a) => a.map((m) => m.name))));
    const common = all.filter((m) => !(m.field && inChoice.has(m.field.name)));
    const byName = new Map(all.filter((m) => m.field).map((m) => [m.field!.name, m]));
    const unions: MemberText[][][] = [];
    for (const choice of body.choices ?? []) {
      const names = [...new Set(choice.alternatives.flatMap((a) => a.map((m) => m.name)))];
      const alternatives: MemberText[][] = choice.alternatives.map((alternative) => {
        const own = new Set(alternative.map((m) => m.name));
        return [
          ...alternative.flatMap((m) => {
            const member = byName.get(m.name);
            return member ? [{ ...member, optional: !m.required }] : [];
          }),
          ...names.filter((n) => !own.has(n)).map((n) => ({ key: propertyKey(n), optional: true, type: "never" })),
        ];
      });
      if (choice.optional)
        alternatives.push(names.map((n) => ({ key: propertyKey(n), optional: true, type: "never" })));
      unions.push(alternatives);
    }
    return { common, unions };
  }

  /** Does the named complex type (or a base it extends) have exclusive choices (so it is declared as a type alias)? */
  isUnionShaped(name: { ns: string; local: string }): boolean {
    return this.index.isUnionShaped(name);
  }

  // ---- anonymous complex types ----

  private anonymous?: Map<ComplexBody, AnonymousType>;
  private anonymousByOwner?: Map<string, AnonymousType[]>;

  /**
   * The declared name of an anonymous complex type found inside a named complex type, by the rule
   * `<Owner>_<Field>` (the owner being the named type, or the anonymous type the field is in; made legal), `_`
   * appended while the name is taken by a schema type or another anonymous type (candidates are settled in
   * name order, then by owner QName and path, so the result does not depend on reading order). Anonymous types
   * of global elements (operation wrappers, headers, bare parts) and collection shapes stay inline.
   */
  anonymousName(body: ComplexBody): string | undefined {
    for (const l of this.lookup ?? []) {
      const n = l.anonymousName(body);
      if (n) return n;
    }
    return this.anonymousTypes().get(body)?.name;
  }

  /** The anonymous types declared with the named type `name`, in field order (depth first). */
  anonymousDeclarations(name: { ns: string; local: string }): AnonymousType[] {
    this.anonymousTypes();
    return this.anonymousByOwner!.get(qnameKey(name)) ?? [];
  }

  private anonymousTypes(): Map<ComplexBody, AnonymousType> {
    if (this.anonymous) return this.anonymous;
    const candidates: (AnonymousType & { sortKey: string })[] = [];
    for (const site of this.index.anonymousTypes()) {
      const owner = this.names.get(qnameKey(site.owner));
      if (owner === undefined) continue;
      const name = site.steps.reduce((outer, step) => toIdentifier(`${outer}_${step}`), owner);
      candidates.push({
        name,
        body: site.body,
        label: site.label,
        ownerKey: qnameKey(site.owner),
        sortKey: site.sortKey,
      });
    }
    const taken = new Set(this.names.values());
    candidates.sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0,
    );
    this.anonymous = new Map();
    for (const c of candidates) {
      let name = c.name;
      while (taken.has(name)) name += "_";
      taken.add(name);
      this.anonymous.set(c.body, { name, body: c.body, label: c.label, ownerKey: c.ownerKey });
    }
    // Declaration order per owner: the order the fields were visited in.
    this.anonymousByOwner = new Map();
    for (const c of [...candidates].sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))) {
      const decl = this.anonymous.get(c.body)!;
      this.anonymousByOwner.set(c.ownerKey, [...(this.anonymousByOwner.get(c.ownerKey) ?? []), decl]);
    }
    return this.anonymous;
  }

  // ---- runtime metadata references ----

  metaRef(ref: TypeRef): TypeRefMeta {
    switch (ref.kind) {
      case "builtin":
        return `xs:${ref.name}`;
      case "named":
        return this.tsName(ref.name);
      case "inline":
        return ref.type.kind === "complex" ? this.complexMeta(ref.type) : this.simpleMeta(ref.type);
    }
  }

  fieldMeta(f: Field): FieldMeta {
    const meta: FieldMeta = {
      name: f.name,
      ns: f.ns,
      type: this.metaRef(f.type),
      min: f.minOccurs,
      max: f.maxOccurs === "unbounded" ? -1 : f.maxOccurs,
    };
    if (f.nillable) meta.nillable = true;
    if (f.particle) meta.particle = f.particle;
    return meta;
  }

  complexMeta(body: ComplexBody): ComplexTypeMeta {
    // WCF collections are described by `array` / `dictionary` alone; their one field would only repeat it.
    const meta: ComplexTypeMeta = {
      kind: "complex",
      fields: body.wcf ? [] : body.fields.map((f) => this.fieldMeta(f)),
    };
    if (body.base) meta.base = this.tsName(body.base);
    if (body.derivation) meta.derivation = body.derivation;
    if (body.abstract) meta.abstract = true;
    if (body.attributes.length) {
      meta.attributes = body.attributes.map((a) => ({
        name: a.name,
        ns: a.ns,
        type: this.metaRef(a.type),
        ...(a.required ? { required: true as const } : {}),
      }));
    }
    if (body.simpleContent) meta.text = this.metaRef(body.simpleContent);
    if (body.anyElement) meta.anyElement = true;
    if (body.anyAttribute) meta.anyAttribute = true;
    if (body.choices?.length && !body.wcf) {
      meta.choices = body.choices.map((c) => {
        // A choice whose alternatives may all be left out is optional on the wire too.
        const optional = c.optional || c.alternatives.some((a) => a.every((m) => !m.required));
        return {
          alternatives: c.alternatives.map((a) => a.map((m) => m.name)),
          ...(optional ? { optional: true as const } : {}),
        };
      });
    }
    if (body.wcf?.shape === "array") {
      meta.array = { item: this.fieldMeta(body.wcf.item) };
      if (body.wcf.encoded)
        meta.array.encoded = {
          ns: body.wcf.encoded.type.ns,
          name: body.wcf.encoded.type.local,
          ranks: body.wcf.encoded.ranks,
        };
    }
    if (body.wcf?.shape === "dictionary") {
      meta.dictionary = {
        entry: { ns: body.wcf.entry.ns, name: body.wcf.entry.local },
        key: this.fieldMeta(body.wcf.key),
        value: this.fieldMeta(body.wcf.value),
      };
    }
    return meta;
  }

  simpleMeta(body: SimpleBody): SimpleTypeMeta {
    const meta: SimpleTypeMeta = { kind: "simple", variety: body.variety };
    if (body.base) meta.base = this.metaRef(body.base);
    if (body.enumeration) {
      meta.values = body.enumeration.map((v) => v.value);
      const wcf = body.enumeration.filter((v) => v.wcfValue !== undefined);
      if (wcf.length) meta.wcfValues = Object.fromEntries(wcf.map((v) => [v.value, v.wcfValue!]));
    }
    if (body.actualType) meta.actualType = { ns: body.actualType.ns, name: body.actualType.local };
    if (body.itemType) meta.item = this.metaRef(body.itemType);
    if (body.memberTypes) meta.members = body.memberTypes.map((m) => this.metaRef(m));
    return meta;
  }
}

/** Parenthesises a type that has a union or intersection at its top level (before `[]`, or inside a union). */
export function wrap(type: string): string {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < type.length; i++) {
    const c = type[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(" || c === "{" || c === "[" || c === "<") depth++;
    else if (c === ")" || c === "}" || c === "]" || c === ">") depth--;
    else if ((c === "|" || c === "&") && depth === 0) return `(${type})`;
  }
  return type;
}

/** A property of a generated object type. */
export interface MemberText {
  key: string;
  optional: boolean;
  type: string;
  field?: Field;
  attribute?: AttributeDecl;
}

/** An anonymous complex type that gets a declaration of its own. */
export interface AnonymousType {
  name: string;
  body: ComplexBody;
  /** Where it is declared, for its documentation: `Owner.Field.Sub`. */
  label: string;
  /** QName key of the named type it is declared in. */
  ownerKey: string;
}

/** `{ a: A; b?: B }` on one line (`Record<string, never>` when empty). */
export function objectLiteral(members: MemberText[]): string {
  return members.length
    ? `{ ${members.map((m) => `${m.key}${m.optional ? "?" : ""}: ${m.type}`).join("; ")} }`
    : "Record<string, never>";
}

/**
 * The literal type of a `fixed` attribute value when the attribute's type is `string`, `number` or `boolean`
 * (the value the codec decodes it to), else undefined.
 */
export function fixedLiteral(type: string, fixed: string): string | undefined {
  const t = fixed.trim();
  if (type === "string") return stringLiteral(fixed);
  if (type === "number" && t !== "" && Number.isFinite(Number(t))) return String(Number(t));
  if (type === "boolean") return t === "true" || t === "1" ? "true" : t === "false" || t === "0" ? "false" : undefined;
  return undefined;
}
