/**
 * Document loading: reads the root WSDL (or XSD), from disk or over http(s), and follows `wsdl:import`,
 * `xs:import`, `xs:include` and `xs:redefine` locations relative to the importing document. Each document is read
 * once (import cycles are fine). Namespace-only `xs:import`s (no schemaLocation, as WCF writes them) are resolved
 * later against the schemas already loaded.
 *
 * The parts: where a location points (locations.ts, through the user's `map`), reading bytes within limits and
 * decoding them (fetch.ts), the references of a document and their namespace rules (references.ts), and what the
 * schema index learns of each schema's origin (schema-origins.ts). This module runs the breadth-first walk.
 *
 * Decisions:
 * - The document-count limit counts every document, the entry included.
 * - A document redirected to a URL already known is read once, under that URL.
 * - A document must be a WSDL 1.1 `definitions` or an XML Schema: WSDL 2.0, an HTML error page, or a schema in a
 *   pre-2001 draft XML Schema namespace is an error naming the document.
 * - Chameleon includes: the loader records which `xs:schema` elements include (or redefine) each document;
 *   `schemaOrigin` hands that to the schema index, which gives an included schema without targetNamespace the
 *   includer's namespace (see schema-index.ts).
 */
import { createHash } from "node:crypto";
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import { decodeText, readTarget } from "./fetch.js";
import { fail, type Referrer } from "./failure.js";
import { normalizeMap, resolveEntry, targetKey, targetName, type Target } from "./locations.js";
import { NS } from "./namespaces.js";
import type { LoadedDocument } from "./loaded-document.js";
import { checkNamespaces, referencesOf, resolveReference, type IncomingReferences } from "./references.js";
import { childrenNamed, parseXml, type XmlElement } from "./xml.js";

export interface LoadOptions {
  /** Upper bound on the number of documents one run may read (default 500). */
  maxDocuments?: number;
  /** Upper bound on one document's size in bytes, on disk or over the network (default 64 MiB). */
  maxDocumentBytes?: number;
  /** Never touch the network: a remote location not covered by `map` is an error. */
  offline?: boolean;
  /** Time limit for fetching one remote document, in milliseconds (default 30 000). */
  timeoutMs?: number;
  /**
   * URL (exact, or a prefix ending in `/` mapped to a folder) or namespace URI → local file, like an XML catalog.
   * Relative values resolve against the working directory.
   */
  map?: Record<string, string>;
}

export const DEFAULT_MAX_DOCUMENTS = 500;
export const DEFAULT_MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
export const DEFAULT_LOAD_TIMEOUT_MS = 30_000;

/** A document waiting to be read, and the reference that led to it. */
interface Pending {
  target: Target;
  from?: Referrer;
}

/** What is known of a document while the walk goes on: the references to it, and the document once read. */
interface DocState extends IncomingReferences {
  includedBy: XmlElement[];
  standalone: boolean;
  doc?: LoadedDocument;
}

/** Namespaces of XML Schema drafts older than the 2001 Recommendation: named in an error, not read. */
const DRAFT_XSD = new Set(["http://www.w3.org/1999/XMLSchema", "http://www.w3.org/2000/10/XMLSchema"]);

/** Loads `entry` and every document it imports or includes, in breadth-first order (the entry first). */
export async function loadDocuments(entry: string, options: LoadOptions = {}): Promise<LoadedDocument[]> {
  const maxDocuments = options.maxDocuments ?? DEFAULT_MAX_DOCUMENTS;
  const limits = {
    maxBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
    timeoutMs: options.timeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS,
  };
  const map = normalizeMap(options.map ?? {});
  const states = new Map<string, DocState>();
  const loaded: DocState[] = [];
  const queue: Pending[] = [];
  let count = 1;

  const entryTarget = resolveEntry(entry, map, !!options.offline);
  states.set(targetKey(entryTarget), { includedBy: [], standalone: true, imports: [], includes: [] });
  queue.push({ target: entryTarget });

  while (queue.length > 0) {
    const { target, from } = queue.shift()!;
    const state = states.get(targetKey(target))!;
    const { bytes, finalUrl } = await readTarget(target, limits, from);
    const file = finalUrl ?? targetName(target);
    if (finalUrl && finalUrl !== targetKey(target)) {
      // Redirected to a document that is already known under its own URL: read it once.
      const existing = states.get(finalUrl);
      if (existing && existing !== state) {
        existing.includedBy.push(...state.includedBy);
        existing.includes.push(...state.includes);
        existing.imports.push(...state.imports);
        existing.standalone ||= state.standalone;
        states.set(targetKey(target), existing);
        continue;
      }
      states.set(finalUrl, state);
    }
    const root = parseXml(decodeText(bytes, file, from), file);
    checkRoot(root, file);
    const doc: LoadedDocument = {
      file,
      absolute: target.kind === "file" ? target.path : (finalUrl ?? target.url),
      remote: target.kind === "url",
      sha256: createHash("sha256").update(bytes).digest("hex"),
      root,
      includedBy: state.includedBy,
      standalone: state.standalone,
      importedAs: [],
      warnings: [],
    };
    state.doc = doc;
    loaded.push(state);

    for (const ref of referencesOf(root, file)) {
      const referrer: Referrer = {
        construct: `${ref.kind} ${ref.location ?? ref.namespace ?? ""}`.trim(),
        location: ref.element.location,
      };
      const next = resolveReference(ref, doc, map, !!options.offline, referrer);
      if (!next) continue;
      const key = targetKey(next);
      let nextState = states.get(key);
      if (!nextState) {
        if (count >= maxDocuments) {
          fail(
            "load-too-many",
            `more than ${maxDocuments} documents are imported (the limit is load.maxDocuments)`,
            ref.element.location,
            referrer.construct,
          );
        }
        nextState = { includedBy: [], standalone: false, imports: [], includes: [] };
        states.set(key, nextState);
        queue.push({ target: next, from: referrer });
        count++;
      }
      if (ref.kind === "xs:include" || ref.kind === "xs:redefine") {
        nextState.includedBy.push(ref.schema!);
        nextState.includes.push({ schema: ref.schema!, from: referrer });
      } else {
        nextState.standalone = true;
        if (ref.kind === "xs:import") nextState.imports.push({ namespace: ref.namespace, from: referrer });
      }
    }
  }

  for (const state of loaded) {
    const doc = state.doc!;
    doc.standalone = state.standalone;
    for (const imp of state.imports)
      if (imp.namespace !== undefined) doc.importedAs.push({ namespace: imp.namespace, location: imp.from.location });
    checkNamespaces(doc, state);
  }
  return loaded.map((s) => s.doc!);
}

/** A document must be a WSDL 1.1 `definitions` or an XML Schema; anything else is named clearly. */
function checkRoot(root: XmlElement, file: string): void {
  const at = root.location;
  if (root.ns === NS.wsdl && root.local === "definitions") {
    for (const types of childrenNamed(root, NS.wsdl, "types")) {
      for (const child of types.children) {
        if (child.local === "schema" && DRAFT_XSD.has(child.ns)) draftSchema(child);
      }
    }
    return;
  }
  if (root.ns === NS.xs && root.local === "schema") return;
  if (root.local === "schema" && DRAFT_XSD.has(root.ns)) draftSchema(root);
  if (root.ns === "http://www.w3.org/ns/wsdl")
    fail("load-not-wsdl", `${file} is a WSDL 2.0 description; only WSDL 1.1 is supported`, at, "description");
  if (root.local.toLowerCase() === "html")
    fail("load-not-wsdl", `${file} is an HTML page, not a WSDL or XML Schema (an error or login page?)`, at, "html");
  fail(
    "load-not-wsdl",
    `${file} is neither a WSDL 1.1 document (wsdl:definitions) nor an XML Schema (xs:schema): ` +
      `its root is ${root.local}${root.ns ? ` in namespace ${root.ns}` : ""}`,
    at,
    root.local,
  );
}

function draftSchema(schema: XmlElement): never {
  return fail(
    "load-schema-namespace",
    `schema in namespace ${schema.ns}, a draft of XML Schema older than the 2001 Recommendation; ` +
      `only ${NS.xs} is supported`,
    schema.location,
    "schema",
  );
}

export type { LoadedDocument } from "./loaded-document.js";
