/**
 * The intermediate model: everything the emitters need to know about a WSDL and its schemas, as plain,
 * JSON-serialisable data (`wsdlgen generate --emit-model FILE` dumps it). Readers build it; emitters only read it.
 *
 * Invariants (checked by the readers):
 * - every `named` type reference and every element QName resolves to an entry of `types` / `elements`;
 * - `types` and `elements` are sorted by namespace, then local name (so dumps are stable);
 * - operation order is the portType's document order.
 */
import type { SourceLocation } from "../diagnostics.js";
import type { QName } from "./qname.js";

export type { QName };

export const MODEL_VERSION = 1;

export interface Model {
  modelVersion: typeof MODEL_VERSION;
  /** The documents that were read, as given or resolved (the first is the root WSDL). */
  documents: string[];
  /** Every named schema type (complexType and simpleType), sorted by namespace then local name. */
  types: SchemaType[];
  /** Every global element declaration, sorted by namespace then local name. */
  elements: ElementDecl[];
  services: Service[];
}

/** A reference to a type: an XSD built-in, a named schema type, or an anonymous type declared in place. */
export type TypeRef =
  { kind: "builtin"; name: string } | { kind: "named"; name: QName } | { kind: "inline"; type: TypeBody };

export type TypeBody = ComplexBody | SimpleBody;
export type SchemaType = ComplexType | SimpleType;

export interface ComplexBody {
  kind: "complex";
  /** Base type of `complexContent`/`simpleContent` derivation. */
  base?: QName;
  derivation?: "extension" | "restriction";
  /**
   * Child elements in schema order (sequence/all flattened; group refs inlined; the alternatives of a choice in
   * document order, each element once). Besides element fields: a repeated choice is one `particle: "group"`
   * field, an `xs:any` wildcard one `particle: "any"` field (`$any`) at the wildcard's position.
   */
  fields: Field[];
  /**
   * Exclusive choices among `fields` (`xs:choice`, and a `ref` to the head of a substitution group): at most one
   * alternative is present in a value (exactly one when the choice is required).
   */
  choices?: ChoiceGroup[];
  attributes: AttributeDecl[];
  /** For `simpleContent`: the type of the element's text value. */
  simpleContent?: TypeRef;
  /** The content model admits `xs:any` elements (carried in the `$any` field). */
  anyElement?: boolean;
  /** `xs:anyAttribute`: undeclared attributes are carried in `$anyAttributes`. */
  anyAttribute?: boolean;
  mixed?: boolean;
  abstract?: boolean;
  /** WCF data-contract shapes recognised on this type. */
  wcf?: WcfShape;
}

export interface ComplexType extends ComplexBody {
  name: QName;
  doc?: string;
  location: SourceLocation;
}

/** An exclusive choice: each alternative lists the fields (by wire name, also the property name) it consists of. */
export interface ChoiceGroup {
  alternatives: ChoiceMember[][];
  /** No alternative need be present (`minOccurs="0"`, an optional enclosing group, or an empty alternative). */
  optional: boolean;
}

export interface ChoiceMember {
  name: string;
  /** The member must be present when its alternative is chosen. */
  required: boolean;
}

/**
 * Collection shapes: WCF `ArrayOfX` wrappers and `IsDictionary` key/value lists, and SOAP-encoded arrays
 * (`restriction base="soapenc:Array"`, `encoded` set: the items may have any element name; `encoded` is the
 * `wsdl:arrayType` item type and the ranks after the first, e.g. `{ type: xs:string, ranks: "" }` for `xs:string[]`).
 */
export type WcfShape =
  | { shape: "array"; item: Field; encoded?: { type: QName; ranks: string } }
  | { shape: "dictionary"; entry: QName; key: Field; value: Field };

export interface SimpleBody {
  kind: "simple";
  /** `atomic`: a restriction without enumeration; `enumeration`: a closed set of values. */
  variety: "atomic" | "enumeration" | "list" | "union";
  /** Restriction base (atomic, enumeration). */
  base?: TypeRef;
  enumeration?: EnumValue[];
  /** Item type of a list (a WCF flags enum is a list of an enumeration). */
  itemType?: TypeRef;
  memberTypes?: TypeRef[];
  /** WCF `ActualType` annotation: the .NET type behind an enum (e.g. `{XMLSchema}short`). */
  actualType?: QName;
}

export interface SimpleType extends SimpleBody {
  name: QName;
  doc?: string;
  location: SourceLocation;
}

export interface EnumValue {
  value: string;
  doc?: string;
  /** WCF `EnumerationValue` annotation: the numeric value behind the name. */
  wcfValue?: string;
}

export interface Field {
  /** Local name on the wire. */
  name: string;
  /** Namespace on the wire: the element's namespace when qualified, `""` when unqualified. */
  ns: string;
  type: TypeRef;
  minOccurs: number;
  /** `"unbounded"` or a number. */
  maxOccurs: number | "unbounded";
  nillable: boolean;
  doc?: string;
  /** Set when the field came from an `xs:choice` (a member of a {@link ChoiceGroup}, or an optional fallback). */
  choice?: boolean;
  /**
   * A field that is no element of its own:
   * - `"group"`: a repeated `xs:choice`; `name` is the generated property (`$` + the alternatives' first element
   *   names joined by `Or`, or `$` + the head element of a substitution group), `type` an inline complex type whose
   *   fields are written directly in the parent, one run of elements per array item;
   * - `"any"`: the `xs:any` wildcard, property `$any` (`unknown[]`): elements the type does not declare.
   */
  particle?: "group" | "any";
  /** The global element this field refers to (`<xs:element ref=…>`, or a member of a substitution group). */
  ref?: QName;
  location?: SourceLocation;
}

export interface AttributeDecl {
  name: string;
  ns: string;
  type: TypeRef;
  required: boolean;
  default?: string;
  fixed?: string;
  doc?: string;
}

export interface ElementDecl {
  name: QName;
  type: TypeRef;
  nillable: boolean;
  abstract?: boolean;
  substitutionGroup?: QName;
  doc?: string;
  location: SourceLocation;
}

export interface Service {
  name: string;
  doc?: string;
  ports: Port[];
}

export interface Port {
  name: string;
  /** `soap:address` / `soap12:address` location. */
  address?: string;
  binding: QName;
  portType: QName;
  portTypeDoc?: string;
  soapVersion: "1.1" | "1.2";
  operations: Operation[];
}

export interface Operation {
  name: string;
  doc?: string;
  soapAction?: string;
  style: "document" | "rpc";
  input?: Message;
  output?: Message;
  faults: Fault[];
}

export interface Message {
  /** The `wsdl:message` QName. */
  message: QName;
  use: "literal" | "encoded";
  /** rpc: the namespace of the operation wrapper element. */
  namespace?: string;
  /** Parts carried in the SOAP body (all parts unless `soap:body parts=` restricts them). */
  body: Part[];
  headers: Header[];
  /**
   * The operation is wrapped (model/wrapper.ts: JAX-WS's wrapper style) and this is its wrapper element, the single
   * body part's: its type's child elements are the method's parameters (input) or result (output).
   */
  wrapper?: QName;
}

export interface Part {
  name: string;
  element?: QName;
  type?: TypeRef;
}

export interface Header {
  /** Part name (the property name callers use). */
  name: string;
  message: QName;
  element?: QName;
  type?: TypeRef;
  use: "literal" | "encoded";
}

export interface Fault {
  name: string;
  message: QName;
  parts: Part[];
}
