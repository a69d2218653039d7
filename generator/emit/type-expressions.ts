/**
 * TypeScript type expressions and runtime metadata references for model type references, with the mapping
 * rules of the README's table: optional for minOccurs=0, `| null` for nillable, arrays for maxOccurs>1, WCF
 * `ArrayOfX` as `X[]`, WCF dictionaries as `Record<string, V>`, enumerations as literal unions.
 */
import { qnameKey } from "../load/xml.js";
import { builtinTsType, type ScalarMapping } from "../model/builtins.js";
import type { ComplexBody, ElementDecl, Field, Model, SchemaType, SimpleBody, TypeBody, TypeRef } from "../model/model.js";
import { propertyKey, stringLiteral } from "../naming/identifiers.js";
import { assignTypeNames } from "../naming/type-names.js";
import type { ComplexTypeMeta, FieldMeta, SimpleTypeMeta, TypeRefMeta } from "../runtime/metadata.js";

export class TypeContext {
  readonly names: Map<string, string>;
  readonly byKey = new Map<string, SchemaType>();
  readonly elementsByKey = new Map<string, ElementDecl>();
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
    for (const l of lookup ?? []) for (const [k, t] of l.byKey) if (!this.byKey.has(k)) this.byKey.set(k, t);
    for (const t of model.types) this.byKey.set(qnameKey(t.name), t);
    for (const e of model.elements) this.elementsByKey.set(qnameKey(e.name), e);
  }

  tsName(name: { ns: string; local: string }): string {
    const n = this.names.get(qnameKey(name));
    if (n === undefined) throw new Error(`internal: no TypeScript name for ${qnameKey(name)}`);
    return n;
  }

  private hierarchy?: Map<string, string[]>;

  /**
   * For each complex type that takes part in extension (has a base or derived types): its own TypeScript name
   * and those of all types derived from it, sorted — the values its `$type` member admits.
   */
  typeFamily(name: { ns: string; local: string }): string[] | undefined {
    if (this.lookup) {
      const key = qnameKey(name);
      return this.lookup.find((l) => l.byKey.has(key))?.typeFamily(name);
    }
    if (!this.hierarchy) {
      const children = new Map<string, string[]>();
      for (const t of this.model.types) {
        if (t.kind === "complex" && t.base && t.derivation === "extension") {
          const key = qnameKey(t.base);
          children.set(key, [...(children.get(key) ?? []), qnameKey(t.name)]);
        }
      }
      this.hierarchy = new Map();
      for (const t of this.model.types) {
        const key = qnameKey(t.name);
        if (t.kind !== "complex" || !((t.base && t.derivation === "extension") || children.has(key))) continue;
        const family = new Set<string>();
        const visit = (k: string) => {
          const n = this.names.get(k);
          if (n === undefined || family.has(n)) return;
          family.add(n);
          for (const c of children.get(k) ?? []) visit(c);
        };
        visit(key);
        this.hierarchy.set(key, [...family].sort());
      }
    }
    return this.hierarchy.get(qnameKey(name));
  }

  /** The TypeScript type of a reference; named types used are added to `used`. */
  expr(ref: TypeRef, used: Set<string>): string {
    switch (ref.kind) {
      case "builtin":
        return builtinTsType(ref.name, this.scalars);
      case "inline":
        return this.bodyExpr(ref.type, used);
      case "named": {
        const key = qnameKey(ref.name);
        const type = this.byKey.get(key)!;
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
        const members = [...new Set(body.memberTypes!.map((m) => this.expr(m, used)))];
        return members.includes("string") ? "string" : members.join(" | ");
      }
      default:
        return body.base ? this.expr(body.base, used) : "string";
    }
  }

  /** An inline object type for an anonymous complex type. */
  complexExpr(body: ComplexBody, used: Set<string>): string {
    if (body.wcf?.shape === "array") return this.fieldExpr(body.wcf.item, used).type;
    if (body.wcf?.shape === "dictionary") return this.dictionaryExpr(body.wcf.value, used);
    const members = this.members(body, used).map((m) => `${m.key}${m.optional ? "?" : ""}: ${m.type}`);
    const literal = members.length ? `{ ${members.join("; ")} }` : "Record<string, never>";
    return body.base && body.derivation === "extension" ? `${this.tsName(body.base)} & ${literal}` : literal;
  }

  dictionaryExpr(value: Field, used: Set<string>): string {
    const v = this.expr(value.type, used);
    return `Record<string, ${value.nillable ? `${v} | null` : v}>`;
  }

  /** The properties of a complex body: `$value` for simple content, attributes, then elements in order. */
  members(body: ComplexBody, used: Set<string>): { key: string; optional: boolean; type: string; field?: Field }[] {
    const out: { key: string; optional: boolean; type: string; field?: Field }[] = [];
    if (body.simpleContent) out.push({ key: "$value", optional: false, type: this.expr(body.simpleContent, used) });
    for (const a of body.attributes) {
      out.push({ key: propertyKey(a.name), optional: !a.required, type: this.expr(a.type, used) });
    }
    for (const f of body.fields) {
      const { type, optional } = this.fieldExpr(f, used);
      out.push({ key: propertyKey(f.name), optional, type, field: f });
    }
    return out;
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
    const meta: FieldMeta = { name: f.name, ns: f.ns, type: this.metaRef(f.type), min: f.minOccurs, max: f.maxOccurs === "unbounded" ? -1 : f.maxOccurs };
    if (f.nillable) meta.nillable = true;
    return meta;
  }

  complexMeta(body: ComplexBody): ComplexTypeMeta {
    // WCF collections are described by `array` / `dictionary` alone; their one field would only repeat it.
    const meta: ComplexTypeMeta = { kind: "complex", fields: body.wcf ? [] : body.fields.map((f) => this.fieldMeta(f)) };
    if (body.base) meta.base = this.tsName(body.base);
    if (body.derivation) meta.derivation = body.derivation;
    if (body.abstract) meta.abstract = true;
    if (body.attributes.length) {
      meta.attributes = body.attributes.map((a) => ({ name: a.name, ns: a.ns, type: this.metaRef(a.type), ...(a.required ? { required: true as const } : {}) }));
    }
    if (body.simpleContent) meta.text = this.metaRef(body.simpleContent);
    if (body.anyElement) meta.anyElement = true;
    if (body.wcf?.shape === "array") meta.array = { item: this.fieldMeta(body.wcf.item) };
    if (body.wcf?.shape === "dictionary") {
      meta.dictionary = { entry: { ns: body.wcf.entry.ns, name: body.wcf.entry.local }, key: this.fieldMeta(body.wcf.key), value: this.fieldMeta(body.wcf.value) };
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

/** Parenthesises a union or intersection before `[]`. */
export function wrap(type: string): string {
  return /[|&]/.test(type) && !/^\{.*\}$/.test(type) ? `(${type})` : type;
}
