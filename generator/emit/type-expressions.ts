/**
 * TypeScript type text for model type references, with the mapping rules of the README's table: optional for
 * minOccurs=0, `| null` for nillable, arrays for maxOccurs>1, lists as arrays, WCF `ArrayOfX` as `X[]`, WCF
 * dictionaries as `Record<string, V>`, enumerations as literal unions, choices as exclusive unions.
 *
 * Names come from naming/ ({@link TypeNames}), lookups from the model's index; the runtime metadata of the same
 * types is built in metadata-file.ts.
 */
import { builtinTsType, type ScalarMapping } from "../model/builtins.js";
import { ModelIndex } from "../model/model-index.js";
import type { AttributeDecl, ComplexBody, Field, Model, SimpleBody, TypeBody, TypeRef } from "../model/model.js";
import { qnameKey } from "../model/qname.js";
import { propertyKey, stringLiteral } from "../naming/identifiers.js";
import { TypeNames } from "../naming/type-names.js";
import { isTextualType, type TextualView } from "@wsdlgen/runtime/textual";

/** The TypeScript types of one model (or of a subset of whole models being emitted). */
export class TypeExpressions {
  readonly index: ModelIndex;
  readonly names: TypeNames;
  /** WCF array types being inlined (an `ArrayOfX` of itself is referred to by name instead). */
  private readonly inlining = new Set<string>();

  constructor(
    readonly model: Model,
    readonly scalars: ScalarMapping,
    /** TypeScript names decided elsewhere (a subset of a model's types keeps the names the whole model gave them). */
    names?: ReadonlyMap<string, string>,
    /**
     * Where references, names and derived-type families resolve when `model.types` is a subset to emit (a
     * service's own types, or the shared ones): the types of the whole models.
     */
    wholeModels?: readonly TypeExpressions[],
  ) {
    this.index = new ModelIndex(
      model,
      wholeModels?.map((w) => w.index),
    );
    this.names = new TypeNames(
      this.index,
      names,
      wholeModels?.map((w) => w.names),
    );
  }

  /** The TypeScript type of a reference; named types used are added to `used`. */
  expr(ref: TypeRef, used: Set<string>): string {
    switch (ref.kind) {
      case "builtin":
        return builtinTsType(ref.name, this.scalars);
      case "inline": {
        const declared = ref.type.kind === "complex" ? this.names.anonymousName(ref.type) : undefined;
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
        const name = this.names.tsName(ref.name);
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
   * "`string` if any member is textual"). The rule is runtime/textual.ts, which the codec applies to unions too.
   */
  isTextual(ref: TypeRef): boolean {
    const view = (r: TypeRef): TextualView<TypeRef> => {
      const body = r.kind === "builtin" ? r : r.kind === "named" ? this.index.type(r.name) : r.type;
      return body?.kind === "simple" ? { ...body, members: body.memberTypes } : body;
    };
    return isTextualType(view(ref), this.scalars, view);
  }

  /** An inline object type for an anonymous complex type (with its choices as exclusive unions). */
  complexExpr(body: ComplexBody, used: Set<string>): string {
    if (body.wcf?.shape === "array") return this.fieldExpr(body.wcf.item, used).type;
    if (body.wcf?.shape === "dictionary") return this.dictionaryExpr(body.wcf.value, used);
    const { common, unions } = this.shape(body, used);
    const parts: string[] = [];
    if (body.base && body.derivation === "extension") {
      const base = this.names.tsName(body.base);
      parts.push(base);
      used.add(base);
    }
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
