/**
 * References between documents: the `wsdl:import`, `xs:import`, `xs:include` and `xs:redefine` of a document,
 * where each points (through the user's `map`), and the namespace rules checked once the referenced document is
 * loaded.
 *
 * Decisions:
 * - `xs:redefine` is followed like `xs:include`; the redefinitions themselves are not applied (the index reads
 *   only top-level declarations).
 * - A namespace-only `xs:import` (no schemaLocation, as WCF writes them) is not followed unless `map` covers its
 *   namespace; it is resolved later against the schemas already loaded.
 * - An `xs:import` of a namespace the readers model themselves ({@link BUILT_IN_NAMESPACES}: XML Schema, SOAP
 *   encoding 1.1/1.2, WSDL 1.1, the SOAP 1.1/1.2 envelopes, the XML namespace) is never followed, with or without
 *   schemaLocation and whatever `map` says: nothing is read from the network or from disk for it.
 * - An `xs:include`/`xs:redefine` without schemaLocation is an error at the reference (`location=` instead is a
 *   common slip).
 * - Namespace mismatches are only warnings (reported by the schema index, which has the diagnostic sink): an
 *   `xs:import` whose `namespace` differs from the imported schema's targetNamespace (node-soap's fixtures write
 *   `namespace="common.xsd"` and work; an import without `namespace` is not checked), and an included schema
 *   whose targetNamespace differs from the includer's. The declarations stay in the schema's own namespace.
 */
import type { LoadedDocument } from "./loaded-document.js";
import { fail, type Referrer } from "./failure.js";
import { mapUrl, resolveLocation, type DocumentPlace, type LoadMap, type Target } from "./locations.js";
import { NS } from "./namespaces.js";
import { childrenNamed, type XmlElement } from "./xml.js";

/**
 * Namespaces whose schemas are never loaded: the readers know what they need of them (XML Schema's built-ins, the
 * SOAP encodings' `Array`, `Struct`, `arrayType` and built-in aliases, `wsdl:arrayType`, the envelopes the runtime
 * writes, `xml:lang`), and their published schemas are remote, large, or both.
 */
export const BUILT_IN_NAMESPACES: readonly string[] = [
  NS.xs,
  NS.soapEnc,
  NS.soapEnc12,
  NS.wsdl,
  NS.soapEnv11,
  NS.soapEnv12,
  NS.xml,
];
const builtIn = new Set(BUILT_IN_NAMESPACES);

/** One `wsdl:import`, `xs:import`, `xs:include` or `xs:redefine`, as written. */
export interface Reference {
  kind: "wsdl:import" | "xs:import" | "xs:include" | "xs:redefine";
  location?: string;
  namespace?: string;
  element: XmlElement;
  /** The `xs:schema` element holding an xs:import/include/redefine. */
  schema?: XmlElement;
}

/** The references to one document, gathered while loading, checked against the document once it is loaded. */
export interface IncomingReferences {
  /** xs:import references to this document, checked against its targetNamespace once loaded. */
  imports: { namespace?: string; from: Referrer }[];
  /** xs:include/redefine references, checked against the includer's targetNamespace once loaded. */
  includes: { schema: XmlElement; from: Referrer }[];
}

/** The located imports of a WSDL or XSD document (including schemas inline in `wsdl:types`). */
export function referencesOf(root: XmlElement, file: string): Reference[] {
  const refs: Reference[] = [];
  const fromSchema = (schema: XmlElement) => {
    for (const child of schema.children) {
      if (child.ns !== NS.xs) continue;
      if (child.local !== "import" && child.local !== "include" && child.local !== "redefine") continue;
      const kind = `xs:${child.local}` as Reference["kind"];
      const location = child.attrs.schemaLocation?.trim() || undefined;
      if (!location && kind !== "xs:import") {
        const hint =
          child.attrs.location !== undefined
            ? ` (it has location="${child.attrs.location}"; the attribute is schemaLocation)`
            : "";
        fail("load-include-location", `${kind} in ${file} has no schemaLocation${hint}`, child.location, kind);
      }
      refs.push({ kind, location, namespace: child.attrs.namespace, element: child, schema });
    }
  };
  if (root.ns === NS.wsdl && root.local === "definitions") {
    for (const imp of childrenNamed(root, NS.wsdl, "import")) {
      const location = imp.attrs.location?.trim() || undefined;
      refs.push({ kind: "wsdl:import", location, namespace: imp.attrs.namespace, element: imp });
    }
    for (const types of childrenNamed(root, NS.wsdl, "types")) {
      for (const schema of childrenNamed(types, NS.xs, "schema")) fromSchema(schema);
    }
  } else if (root.ns === NS.xs && root.local === "schema") {
    fromSchema(root);
  }
  return refs;
}

/**
 * Where a reference points: a location `map` covers, else an import namespace `map` covers, else the location
 * itself (an error when it cannot be followed, or is remote while offline); undefined for a namespace-only
 * import nothing maps, and for an import of a built-in namespace.
 */
export function resolveReference(
  ref: Reference,
  doc: DocumentPlace,
  map: LoadMap,
  offline: boolean,
  referrer: Referrer,
): Target | undefined {
  if (ref.kind === "xs:import" && ref.namespace !== undefined && builtIn.has(ref.namespace)) return undefined;
  const location = ref.location?.trim();
  const resolved = location ? resolveLocation(location, doc) : undefined;
  if (resolved?.kind === "url") {
    const mapped = mapUrl(resolved.url, map, referrer);
    if (mapped !== undefined) return { kind: "file", path: mapped };
  }
  if (ref.namespace !== undefined && (ref.kind === "xs:import" || ref.kind === "wsdl:import")) {
    const mapped = map.namespaces.get(ref.namespace);
    if (mapped !== undefined) return { kind: "file", path: mapped };
  }
  if (resolved?.kind === "refused") fail(resolved.code, resolved.message, ref.element.location, referrer.construct);
  if (resolved?.kind === "url" && offline) {
    fail(
      "load-offline",
      `${resolved.url} is remote and loading is offline; ` +
        `save it locally and point the ${ref.kind} at it, or map it to a local file (load.map)`,
      ref.element.location,
      referrer.construct,
    );
  }
  return resolved;
}

/**
 * Namespace rules checked once a document is loaded: imports name its namespace, includes share it. A mismatch
 * is a warning (the declarations are indexed under the schema's own targetNamespace): real WSDLs write
 * `namespace="common.xsd"` and still work; when it matters, the reference that misses follows as an error.
 */
export function checkNamespaces(doc: LoadedDocument, incoming: IncomingReferences): void {
  if (doc.root.ns !== NS.xs || doc.root.local !== "schema") {
    if (incoming.includes.length > 0) {
      const first = incoming.includes[0]!.from;
      fail(
        "load-include-not-schema",
        `${doc.file} is included as a schema, ` +
          `but its root is ${doc.root.local} in namespace ${doc.root.ns || "(none)"}`,
        first.location,
        first.construct,
      );
    }
    return;
  }
  const tns = doc.root.attrs.targetNamespace || undefined;
  for (const imp of incoming.imports) {
    if (imp.namespace === undefined) continue;
    if ((imp.namespace || undefined) !== tns) {
      doc.warnings.push({
        severity: "warning",
        code: "load-import-namespace",
        message:
          `the import names namespace ${imp.namespace || "(none)"}, ` +
          `but ${doc.file} has ${tns === undefined ? "no targetNamespace" : `targetNamespace ${tns}`}; ` +
          `its declarations are read in ${tns === undefined ? "no namespace" : tns}`,
        construct: imp.from.construct,
        location: imp.from.location,
      });
    }
  }
  if (tns === undefined) return;
  for (const inc of incoming.includes) {
    const includer = inc.schema.attrs.targetNamespace || undefined;
    if (includer !== tns) {
      doc.warnings.push({
        severity: "warning",
        code: "load-include-namespace",
        message:
          `${doc.file} has targetNamespace ${tns}, ` +
          `but the including schema has ${includer === undefined ? "none" : includer}; ` +
          `a schema of another namespace is brought in with xs:import (its declarations are read in ${tns})`,
        construct: inc.from.construct,
        location: inc.from.location,
      });
    }
  }
}
