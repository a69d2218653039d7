/**
 * Values ⇄ XML elements for one service's metadata: the runtime's public face of the value codec (exported as
 * `ValueCodec`), built once per metadata object. The work is done by the modules it puts together: the metadata
 * resolver (type-resolver.ts), the encoder (encode.ts), the decoder (decode.ts), the lexical forms of built-ins
 * (lexical.ts) and of simple types (simple-types.ts).
 */
import {
  decodeContext,
  UnknownCollector,
  ValueDecoder,
  type DecodeContext,
  type DecodeOptions,
  type Decoded,
} from "./decode.js";
import { ValueEncoder, type ElementGroup, type OutNode } from "./encode.js";
import type { UnknownContent } from "./unknown.js";
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

  /** One element `<ns:name>` holding `value` of type `ref`; `null` becomes `xsi:nil="true"` (refused unless `nillable`). */
  encodeElement(
    w: PrefixMap,
    ns: string,
    name: string,
    ref: TypeRefMeta,
    value: unknown,
    path: string,
    nillable = true,
  ): OutNode {
    return this.encoder.encodeElement(w, ns, name, ref, value, path, nillable);
  }

  /** Known elements by group, with the undeclared content kept for them put back where it was. */
  placeUnknown(w: PrefixMap, groups: ElementGroup[], unknown: UnknownContent | undefined, path: string): OutNode[] {
    return this.encoder.placeUnknown(w, [], groups, unknown, path);
  }

  /** Undeclared attributes into the attributes of an element being written. */
  unknownAttributes(
    w: PrefixMap,
    unknown: UnknownContent | undefined,
    attrs: Record<string, string>,
    path: string,
  ): void {
    this.encoder.unknownAttributes(w, unknown, attrs, path);
  }

  simpleText(type: SimpleTypeMeta, value: unknown, path: string): string {
    return simpleText(this.types, type, value, path);
  }

  builtinText(name: string, value: unknown, path: string): string {
    return builtinText(name, value, path);
  }

  /**
   * Decodes the elements `children` as `fields` into an object (repeated fields as arrays); undeclared elements are
   * kept on it as {@link UnknownContent} (refused with `strict`).
   */
  decodeFields(
    children: XmlNode[],
    fields: FieldMeta[],
    path: string,
    into: Record<string, unknown> = {},
    options?: DecodeOptions,
  ): Record<string, unknown> {
    const unknown = new UnknownCollector();
    this.decoder.decodeFields(children, fields, path, into, decodeContext(options), unknown);
    unknown.attach(into);
    return into;
  }

  /**
   * The value of one element of type `ref` (`null` for `xsi:nil`, which `nillable: false` refuses). Undeclared
   * content is kept on objects and arrays; that of a text, number or `null` is dropped here (the codec keeps it on
   * the parent), or refused with `strict`.
   */
  decodeElement(
    node: XmlNode,
    ref: TypeRefMeta,
    path: string,
    options?: DecodeOptions & { nillable?: boolean },
  ): unknown {
    return this.decoder.element(node, ref, path, options?.nillable ?? true, decodeContext(options)).value;
  }

  /** Like {@link decodeElement}, with the undeclared content a text, number or `null` value cannot carry. */
  decodeElementWithRest(
    node: XmlNode,
    ref: TypeRefMeta,
    path: string,
    nillable: boolean,
    decoding: DecodeContext,
  ): Decoded {
    return this.decoder.element(node, ref, path, nillable, decoding);
  }

  /** Decodes message-level elements (wrapper fields, bare parts) into `into`, collecting undeclared content. */
  decodeMessageFields(
    children: XmlNode[],
    fields: FieldMeta[],
    path: string,
    into: Record<string, unknown>,
    decoding: DecodeContext,
    unknown: UnknownCollector,
  ): Record<string, unknown> {
    return this.decoder.decodeFields(children, fields, path, into, decoding, unknown);
  }

  /** The attributes of a message-level element (a wrapper) that it does not declare: kept, or refused. */
  otherAttributes(node: XmlNode, path: string, decoding: DecodeContext, unknown: UnknownCollector): void {
    this.decoder.otherAttributes(node, new Set(), path, decoding, unknown);
  }

  /** A message-level element the metadata does not declare: kept, or refused in strict mode. */
  unknownElement(node: XmlNode, path: string, decoding: DecodeContext, unknown: UnknownCollector): void {
    this.decoder.unknownElement(node, path, decoding, unknown);
  }

  simpleValue(type: SimpleTypeMeta, text: string, path: string): unknown {
    return simpleValue(this.types, type, text, path);
  }

  builtinValue(name: string, text: string, path: string): unknown {
    return builtinValue(name, text, path, this.scalars);
  }
}
