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
import type { QName } from "../load/xml.js";

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
  | { kind: "builtin"; name: string }
  | { kind: "named"; name: QName }
  | { kind: "inline"; type: TypeBody };

export type TypeBody = ComplexBody | SimpleBody;
export type SchemaType = ComplexType | SimpleType;

export interface ComplexBody {
  kind: "complex";
  /** Base type of `complexContent`/`simpleContent` derivation. */
  base?: QName;
  derivation?: "extension" | "restriction";
  /** Child elements in schema order (sequence/all flattened; group refs inlined). */
  fields: Field[];
  attributes: AttributeDecl[];
  /** For `simpleContent`: the type of the element's text value. */
  simpleContent?: TypeRef;
  /** The content model admits `xs:any` elements. */
  anyElement?: boolean;
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

/** WCF collection shapes: `ArrayOfX` wrappers and `IsDictionary` key/value lists. */
export type WcfShape =
  | { shape: "array"; item: Field }
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
  /** Set when the field came from an `xs:choice` (its alternatives are mapped as optional fields). */
  choice?: boolean;
  location?: SourceLocation;
}

export interface AttributeDecl {
  name: string;
  ns: string;
  type: TypeRef;
  required: boolean;
  default?: string;
  fixed?: string;
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
   * document/literal wrapped: the single body part's element, when it follows the wrapped convention (its type
   * is an anonymous sequence; for input, the element is named like the operation).
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
