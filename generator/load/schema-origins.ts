/**
 * Where each schema element came from, for the schema index: which `xs:schema` elements include (or redefine) its
 * document, whether the document also stands alone (the entry, or imported), the namespaces it is imported as,
 * and the warnings about how it is referenced. The index gives an included schema without targetNamespace the
 * includer's namespace (chameleon include; see xsd/schema-index.ts).
 */
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import type { LoadedDocument } from "./loaded-document.js";
import { NS } from "./namespaces.js";
import { childrenNamed, type XmlElement } from "./xml.js";

/** Where a schema element came from: who includes it, and whether it also stands alone. */
export interface SchemaOrigin {
  includedBy: readonly XmlElement[];
  standalone: boolean;
  /** The `namespace`s of the `xs:import`s that load the document, and where they are. */
  importedAs: readonly { namespace: string; location: SourceLocation }[];
  /** Warnings about the references to the document (for the index's diagnostic sink). */
  warnings: readonly Diagnostic[];
}

const origins = new WeakMap<XmlElement, SchemaOrigin>();

/** The include relations `schemasOf` recorded for a document's root schema (undefined for inline schemas). */
export function schemaOrigin(schema: XmlElement): SchemaOrigin | undefined {
  return origins.get(schema);
}

/** Every `xs:schema` element of the loaded documents, in load order (include relations recorded for the index). */
export function schemasOf(documents: LoadedDocument[]): XmlElement[] {
  const schemas: XmlElement[] = [];
  for (const doc of documents) {
    if (doc.root.ns === NS.xs && doc.root.local === "schema") {
      origins.set(doc.root, {
        includedBy: doc.includedBy,
        standalone: doc.standalone,
        importedAs: doc.importedAs,
        warnings: doc.warnings,
      });
      schemas.push(doc.root);
    } else if (doc.root.ns === NS.wsdl && doc.root.local === "definitions") {
      for (const types of childrenNamed(doc.root, NS.wsdl, "types"))
        schemas.push(...childrenNamed(types, NS.xs, "schema"));
    }
  }
  return schemas;
}
