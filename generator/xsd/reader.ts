/**
 * The state the schema readers share while they read one set of schemas: the index of global declarations, the
 * diagnostics sink, the guards against recursion, and the complex-type reader itself.
 */
import type { DiagnosticSink } from "../diagnostics.js";
import type { XmlElement } from "../load/xml.js";
import type { ComplexBody, TypeRef } from "../model/model.js";
import type { QName } from "../model/qname.js";
import type { SchemaDefaults, SchemaIndex } from "./schema-index.js";

export interface XsdReader {
  index: SchemaIndex;
  sink: DiagnosticSink;
  /**
   * Reads a complex type's content (xsd/complex-type.ts). Elements declare anonymous complex types, and complex
   * types contain elements: the readers below complex-type.ts reach it through here instead of importing it back.
   */
  readComplexBody(el: XmlElement, schema: SchemaDefaults, name?: string): ComplexBody;
  /** Global elements whose anonymous type is being read (guards `ref` cycles through anonymous types). */
  expanding?: Set<string>;
  /**
   * Global elements whose anonymous type refers to the element itself (`<element name="property"><complexType>…
   * <element ref="tns:property"/>`): their type is declared as a named type, here by element key.
   */
  recursiveElements?: Map<string, QName>;
  /** The types of global elements, read once and shared by the declaration and every `ref` to it, by key. */
  elementTypes?: Map<string, TypeRef>;
  /** Substitution groups: head element key → the elements that may substitute for it (built on first use). */
  substitutes?: Map<string, QName[]>;
  /** Named complex types whose content is being read to derive from it (guards derivation cycles). */
  deriving?: Set<string>;
  /** Named complex types' content as read for types derived from them, by QName key. */
  bases?: Map<string, ComplexBody>;
}
