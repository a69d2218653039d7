/** A document the loader read: where it came from, its XML, and how other documents refer to it. */
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import type { XmlElement } from "./xml.js";

export interface LoadedDocument {
  /** The document as shown in diagnostics: a path (relative to the working directory when inside it) or a URL. */
  file: string;
  /** Absolute path, or the URL for a document fetched over the network. */
  absolute: string;
  /** Fetched over http(s). */
  remote: boolean;
  /** sha256 of the bytes read (the run cache fingerprints inputs with it). */
  sha256: string;
  root: XmlElement;
  /** The `xs:schema` elements that `xs:include` or `xs:redefine` this document (for chameleon includes). */
  includedBy: XmlElement[];
  /** Reached as the entry or through an import, not only through includes. */
  standalone: boolean;
  /** The `namespace`s of the `xs:import`s that load this document, and where they are. */
  importedAs: { namespace: string; location: SourceLocation }[];
  /** Warnings about how the document is referenced (namespace mismatches); the schema index reports them. */
  warnings: Diagnostic[];
}
