/**
 * The metadata as the encoder and decoder look at it: type references resolved, a complex type's content with
 * its bases' (extension) merged in, derivation between named types, named types by XML name (for `xsi:type`).
 */
import { SoapCodecError } from "./errors.js";
import {
  METADATA_FORMAT,
  type ChoiceMeta,
  type ComplexTypeMeta,
  type FieldMeta,
  type ScalarRepresentation,
  type ServiceMetadata,
  type TypeMeta,
  type TypeRefMeta,
} from "./metadata.js";
import { own } from "./own.js";
import { isTextualType } from "./textual.js";

/** A resolved type reference: an XML Schema built-in by local name, or a named or inline type of the metadata. */
export type ResolvedType = { kind: "builtin"; name: string } | TypeMeta;

/** What a complex type holds once its bases are merged in: theirs first, then its own. */
export interface ComplexContent {
  fields: FieldMeta[];
  attributes: NonNullable<ComplexTypeMeta["attributes"]>;
  text?: TypeRefMeta;
  choices: ChoiceMeta[];
  anyAttribute: boolean;
}

/** Does the field stand for a list of occurrences (maxOccurs above 1), carried as an array? */
export function isRepeated(field: FieldMeta): boolean {
  return field.max === "unbounded" || field.max > 1;
}

export class TypeResolver {
  readonly scalars: ScalarRepresentation;
  private readonly namesByXmlName = new Map<string, string>();
  private readonly contents = new Map<ComplexTypeMeta, ComplexContent>();

  constructor(readonly metadata: ServiceMetadata) {
    checkFormat(metadata);
    this.scalars = metadata.scalars;
    for (const [name, type] of Object.entries(metadata.types)) {
      if (type.xml) this.namesByXmlName.set(`{${type.xml.ns}}${type.xml.name}`, name);
    }
  }

  resolve(ref: TypeRefMeta): ResolvedType {
    if (typeof ref !== "string") return ref;
    if (ref.startsWith("xs:")) return { kind: "builtin", name: ref.slice(3) };
    const type = this.named(ref);
    if (!type) throw new SoapCodecError(`type ${ref} is not in the metadata`);
    return type;
  }

  /** The named type `name` of the metadata (an own member of `types` only: a type named `toString` is no function). */
  named(name: string): TypeMeta | undefined {
    return own(this.metadata.types, name) as TypeMeta | undefined;
  }

  /** The TypeScript name of the named type with XML name `{ns}local`, if the metadata has one. */
  nameOf(ns: string, local: string): string | undefined {
    return this.namesByXmlName.get(`{${ns}}${local}`);
  }

  /** Fields and attributes of a complex type with those of its bases (extension), in schema order. */
  content(type: ComplexTypeMeta): ComplexContent {
    let content = this.contents.get(type);
    if (content) return content;
    const own: ComplexContent = {
      fields: type.fields,
      attributes: type.attributes ?? [],
      choices: type.choices ?? [],
      anyAttribute: !!type.anyAttribute,
      ...(type.text !== undefined ? { text: type.text } : {}),
    };
    if (type.base && type.derivation === "extension") {
      const base = this.resolve(type.base);
      if (base.kind === "complex") {
        const inherited = this.content(base);
        content = {
          fields: [...inherited.fields, ...own.fields],
          attributes: [...inherited.attributes, ...own.attributes],
          choices: [...inherited.choices, ...own.choices],
          anyAttribute: inherited.anyAttribute || own.anyAttribute,
          ...((own.text ?? inherited.text) !== undefined ? { text: own.text ?? inherited.text! } : {}),
        };
      }
    }
    content ??= own;
    this.contents.set(type, content);
    return content;
  }

  /** Is the named type `name` derived (at any depth, complex or simple) from the named type `base`? */
  derivesFrom(name: string, base: string): boolean {
    let t = this.named(name);
    for (let depth = 0; t && typeof t.base === "string" && depth < 256; depth++) {
      if (t.base === base) return true;
      t = this.named(t.base);
    }
    return false;
  }

  /** The XML Schema built-in a simple type restricts, through its bases (undefined for lists and unions). */
  builtinRoot(type: ResolvedType): string | undefined {
    for (let t: ResolvedType | undefined = type, depth = 0; t && depth < 256; depth++) {
      if (t.kind === "builtin") return t.name;
      if (t.kind !== "simple" || t.variety === "list" || t.variety === "union" || t.base === undefined)
        return undefined;
      t = typeof t.base === "string" && !t.base.startsWith("xs:") ? this.named(t.base) : this.resolve(t.base);
    }
    return undefined;
  }

  /**
   * Is the TypeScript type of this simple type plain `string` (the generator's rule, runtime/textual.ts)? A textual
   * union is read and written as its text.
   */
  isTextual(type: ResolvedType): boolean {
    return isTextualType<TypeRefMeta>(type, this.scalars, (ref) => this.resolve(ref));
  }
}

/**
 * Refuses metadata written for another version of the format: the codec would misread it silently (format 1 wrote
 * `maxOccurs="unbounded"` as `max: -1`, which format 2 reads as a single element).
 */
function checkFormat(metadata: ServiceMetadata): void {
  const format = (metadata as { format?: unknown }).format;
  if (format !== METADATA_FORMAT)
    throw new SoapCodecError(
      `the metadata of ${String(metadata.service)} has format ${JSON.stringify(format)}; this runtime reads format ` +
        `${METADATA_FORMAT}: regenerate the client with the wsdlgen version that matches this runtime`,
    );
}
