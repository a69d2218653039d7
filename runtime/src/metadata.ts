/**
 * The runtime metadata format: what the emitter writes into each generated `metadata.ts` and what the runtime
 * codec reads. Both sides import this one definition, so they cannot drift apart. Plain data only.
 *
 * Type references (`TypeRefMeta`) are either a string — `"xs:<name>"` for an XML Schema built-in, otherwise the
 * TypeScript name of a named type in {@link ServiceMetadata.types} — or an inline (anonymous) type.
 */

/**
 * The format version, written into every generated `metadata.ts` and checked by the runtime, which refuses any other
 * (regenerate). 2: `maxOccurs="unbounded"` is `max: "unbounded"` (format 1 wrote `-1`).
 */
export const METADATA_FORMAT = 2;

/** How lossy-prone built-ins are represented (mirrors the generator's scalar mapping option). */
export interface ScalarRepresentation {
  integer: "string" | "bigint" | "number";
  decimal: "string" | "number";
  dateTime: "string" | "Date";
  date: "string" | "Date";
  binary: "string" | "Uint8Array";
}

export type TypeRefMeta = string | ComplexTypeMeta | SimpleTypeMeta;

export interface XmlNameMeta {
  /** Namespace URI, `""` for none. */
  ns: string;
  name: string;
}

export interface FieldMeta {
  /** Element local name on the wire; also the TypeScript property name. */
  name: string;
  /** Element namespace on the wire (`""` when unqualified). */
  ns: string;
  type: TypeRefMeta;
  /** minOccurs. */
  min: number;
  /** maxOccurs. */
  max: number | "unbounded";
  nillable?: true;
  /**
   * A field without an element of its own. `"group"`: a repeated `xs:choice` (`name` is the `$…` property, `type`
   * an inline complex type whose fields are written directly in the parent, one run per array item). `"any"`: the
   * `xs:any` wildcard (`$any`): the elements the type does not declare, as {@link AnyElement} items.
   */
  particle?: "group" | "any";
}

/**
 * An element carried by an `xs:any` wildcard (`$any` items, typed `unknown` in generated code): its name and
 * namespace, its attributes (`{ns}local` keys for namespaced ones, `local` for the others), its text, and its
 * child elements. Text between child elements (mixed content) is not kept.
 */
export interface AnyElement {
  name: string;
  ns: string;
  attributes?: Record<string, string>;
  text?: string;
  children?: AnyElement[];
}

/** An exclusive choice among a complex type's fields: the field names of each alternative. */
export interface ChoiceMeta {
  alternatives: string[][];
  /** No alternative need be present. */
  optional?: true;
}

export interface AttributeMeta {
  name: string;
  ns: string;
  type: TypeRefMeta;
  required?: true;
}

export interface ComplexTypeMeta {
  kind: "complex";
  /** XML name of a named type; absent for inline types. */
  xml?: XmlNameMeta;
  /** TypeScript name of the base type (complexContent extension/restriction). */
  base?: string;
  derivation?: "extension" | "restriction";
  abstract?: true;
  /** Child elements in schema order (empty for the WCF `array` and `dictionary` shapes). */
  fields: FieldMeta[];
  attributes?: AttributeMeta[];
  /** simpleContent: the type of the text value, carried in the `$value` property. */
  text?: TypeRefMeta;
  anyElement?: true;
  /** `xs:anyAttribute`: undeclared attributes are carried in `$anyAttributes` (`{ns}local` or `local` → text). */
  anyAttribute?: true;
  /** Exclusive choices among `fields` (at most one alternative present; one required unless `optional`). */
  choices?: ChoiceMeta[];
  /**
   * WCF `ArrayOfX`: the user-facing value is the item array; the wire keeps the wrapper and item element.
   * `encoded`: a SOAP-encoded array (`soapenc:Array`): items are read whatever their element name, and
   * `soapenc:arrayType="<type><ranks>[<count>]"` is written on the wrapper.
   */
  array?: { item: FieldMeta; encoded?: XmlNameMeta & { ranks: string } };
  /** WCF dictionary: the user-facing value is a `Record<string, V>`; the wire is a list of key/value entries. */
  dictionary?: { entry: XmlNameMeta; key: FieldMeta; value: FieldMeta };
}

export interface SimpleTypeMeta {
  kind: "simple";
  xml?: XmlNameMeta;
  variety: "atomic" | "enumeration" | "list" | "union";
  base?: TypeRefMeta;
  /** Enumeration values as written on the wire. */
  values?: string[];
  /** WCF `EnumerationValue`s by enumeration value, where the schema gives them. */
  wcfValues?: Record<string, string>;
  /** WCF `ActualType`, e.g. `xs:short`. */
  actualType?: XmlNameMeta;
  item?: TypeRefMeta;
  members?: TypeRefMeta[];
}

export type TypeMeta = ComplexTypeMeta | SimpleTypeMeta;

export interface PartMeta {
  name: string;
  /** The global element the part is (document style). */
  element?: XmlNameMeta;
  type: TypeRefMeta;
  nillable?: true;
}

export interface HeaderMeta {
  /** Property name in the headers object (the WSDL part name). */
  name: string;
  element?: XmlNameMeta;
  type: TypeRefMeta;
  nillable?: true;
}

export interface MessageMeta {
  use: "literal" | "encoded";
  /** rpc: the operation wrapper's namespace. */
  namespace?: string;
  /**
   * document/literal wrapped: the wrapper element; the method's arguments (input) or result (output) are its
   * fields, in order. Absent for bare and rpc messages, which use `parts`.
   */
  wrapper?: XmlNameMeta & { fields: FieldMeta[] };
  /** Body parts when the message is not wrapped: one method argument per part. */
  parts?: PartMeta[];
  /** Output only: `void` (no value), `single` (the one field/part), `object` (all fields/parts as an object). */
  result?: "void" | "single" | "object";
  headers: HeaderMeta[];
}

export interface FaultMeta {
  name: string;
  parts: PartMeta[];
}

export interface OperationMeta {
  soapAction?: string;
  style: "document" | "rpc";
  input?: MessageMeta;
  output?: MessageMeta;
  faults: FaultMeta[];
}

export interface PortMeta {
  soapVersion: "1.1" | "1.2";
  address?: string;
  binding: XmlNameMeta;
  operations: Record<string, OperationMeta>;
}

export interface ServiceMetadata {
  format: typeof METADATA_FORMAT;
  service: string;
  scalars: ScalarRepresentation;
  /** Named schema types by TypeScript name. */
  types: Record<string, TypeMeta>;
  /** Ports by port name. */
  ports: Record<string, PortMeta>;
}
