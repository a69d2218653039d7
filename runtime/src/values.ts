/**
 * Values ⇄ XML elements for one service's metadata: the runtime's public face of the value codec (exported as
 * `ValueCodec`), built once per metadata object. The work is done by the modules it puts together: the metadata
 * resolver (type-resolver.ts), the encoder (encode.ts), the decoder (decode.ts), the lexical forms of built-ins
 * (lexical.ts) and of simple types (simple-types.ts).
 */
import { ValueDecoder } from "./decode.js";
import { ValueEncoder, type OutNode } from "./encode.js";
import { builtinText, builtinValue } from "./lexical.js";
import type {
  ComplexTypeMeta,
  FieldMeta,
  ScalarRepresentation,
  ServiceMetadata,
  SimpleTypeMeta,
  TypeRefMeta,
} from "./metadata.js";
import type { PrefixMap } from "./prefixes.js";
import { simpleText, simpleValue } from "./simple-types.js";
import { TypeResolver, type ComplexContent, type ResolvedType } from "./type-resolver.js";
import type { XmlNode } from "./xml.js";

export class ValueCodec {
  readonly scalars: ScalarRepresentation;
  private readonly types: TypeResolver;
  private readonly encoder: ValueEncoder;
  private readonly decoder: ValueDecoder;

  constructor(readonly metadata: ServiceMetadata) {
    this.types = new TypeResolver(metadata);
    this.scalars = this.types.scalars;
    this.encoder = new ValueEncoder(this.types);
    this.decoder = new ValueDecoder(this.types);
  }

  resolve(ref: TypeRefMeta): ResolvedType {
    return this.types.resolve(ref);
  }

  /** Fields and attributes of a complex type with those of its bases (extension), in schema order. */
  content(type: ComplexTypeMeta): ComplexContent {
    return this.types.content(type);
  }

  /** Is the named type `name` derived (at any depth) from `base`? */
  derivesFrom(name: string, base: string): boolean {
    return this.types.derivesFrom(name, base);
  }

  /** Is the TypeScript type of this simple type plain `string`? A textual union is read and written as its text. */
  isTextual(type: ResolvedType): boolean {
    return this.types.isTextual(type);
  }

  /** Encodes one field (several elements when repeated; none when the value is undefined). */
  encodeField(w: PrefixMap, field: FieldMeta, value: unknown, path: string): OutNode[] {
    return this.encoder.encodeField(w, field, value, path);
  }

  /** One element `<ns:name>` holding `value` of type `ref`; `null` becomes `xsi:nil="true"`. */
  encodeElement(w: PrefixMap, ns: string, name: string, ref: TypeRefMeta, value: unknown, path: string): OutNode {
    return this.encoder.encodeElement(w, ns, name, ref, value, path);
  }

  simpleText(type: SimpleTypeMeta, value: unknown, path: string): string {
    return simpleText(this.types, type, value, path);
  }

  builtinText(name: string, value: unknown, path: string): string {
    return builtinText(name, value, path);
  }

  /** Decodes the fields of `node`'s children into an object (repeated fields as arrays). */
  decodeFields(
    children: XmlNode[],
    fields: FieldMeta[],
    path: string,
    into: Record<string, unknown> = {},
  ): Record<string, unknown> {
    return this.decoder.decodeFields(children, fields, path, into);
  }

  /** The value of one element of type `ref` (`null` for `xsi:nil`). */
  decodeElement(node: XmlNode, ref: TypeRefMeta, path: string): unknown {
    return this.decoder.decodeElement(node, ref, path);
  }

  simpleValue(type: SimpleTypeMeta, text: string, path: string): unknown {
    return simpleValue(this.types, type, text, path);
  }

  builtinValue(name: string, text: string, path: string): unknown {
    return builtinValue(name, text, path, this.scalars);
  }
}
