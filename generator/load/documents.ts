/**
 * Document loading: reads the root WSDL (or XSD), from disk or over http(s), and follows `wsdl:import`,
 * `xs:import`, `xs:include` and `xs:redefine` locations relative to the importing document. Each document is read
 * once (import cycles are fine). Namespace-only `xs:import`s (no schemaLocation, as WCF writes them) are resolved
 * later against the schemas already loaded.
 *
 * Decisions:
 * - Locations resolve like URLs (RFC 3986) against the document that holds them: against the file's folder for a
 *   document read from disk (percent-escapes decoded), against the document's final URL (after redirects) for a
 *   document fetched over the network. WCF's split metadata (`?wsdl`, `?wsdl=wsdl0`, `?xsd=xsd0`) is just that.
 * - A document fetched over the network never makes the generator read a local file: every location inside it
 *   resolves against its URL, so `x.xsd` and `/etc/passwd` name resources on that server (a path-absolute
 *   reference is a URL reference, not a file path), and a `file:` URL (or any scheme but http/https, e.g. a
 *   Windows drive path) is an error (`load-local-from-remote`). The only way from a remote document to a local
 *   file is the user's own `map`.
 * - `map` (like an XML catalog) maps a URL or a namespace URI to a local file. A key that equals an http(s)
 *   location (after resolution, without `#fragment`; keys are normalised like URLs, so the scheme and host are
 *   case-insensitive) maps that document; a key ending in `/` maps every location under it to the same relative
 *   path under the value (a folder; the result must stay inside it; locations with a `?query` only map through
 *   exact keys). A key that equals, as written, the `namespace` of an `xs:import`/`wsdl:import` maps that import
 *   (with or without schemaLocation; it replaces the schemaLocation, even one that could not be followed).
 *   Location keys win over namespace keys; values are paths relative to the working directory. Mapped files are
 *   read even in `offline` mode, and a mapped document is a local document (its own relative locations resolve
 *   on disk next to it).
 * - `xs:redefine` is followed like `xs:include`; the redefinitions themselves are not applied (the index reads
 *   only top-level declarations).
 * - `offline` never touches the network: a remote location that `map` does not cover is an error naming it and
 *   the place that references it (`load-offline`).
 * - Remote loading: `timeoutMs` (default 30 s) bounds each document (connect, headers and body), the per-document
 *   byte limit is checked against Content-Length and again as bytes arrive, redirects are followed (fetch's
 *   default), any non-2xx status is an error, and the document-count limit counts every document.
 * - Chameleon includes: the loader records which `xs:schema` elements include (or redefine) each document;
 *   `schemaOrigin` hands that to the schema index, which gives an included schema without targetNamespace the
 *   includer's namespace (see schema-index.ts).
 * - Checks that turn silent misses into clear errors at the reference: an `xs:include`/`xs:redefine` without
 *   schemaLocation (`location=` instead is a common slip); a document that is neither `wsdl:definitions` nor
 *   `xs:schema` (WSDL 2.0, an HTML error page); a schema in a pre-2001 draft XML Schema namespace. Namespace
 *   mismatches are only warnings (reported by the schema index, which has the diagnostic sink): an `xs:import`
 *   whose `namespace` differs from the imported schema's targetNamespace (node-soap's fixtures write
 *   `namespace="common.xsd"` and work; an import without `namespace` is not checked), and an included schema
 *   whose targetNamespace differs from the includer's. The declarations stay in the schema's own namespace.
 * - Text decoding: a UTF-8/UTF-16 byte order mark wins, then the XML declaration's `encoding`, then UTF-8.
 */
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GeneratorError, type Diagnostic, type SourceLocation } from "../diagnostics.js";
import { NS } from "./namespaces.js";
import { childrenNamed, parseXml, type XmlElement } from "./xml.js";

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

/** Shows a path relative to the working directory when it lies inside it. */
export function displayPath(absolute: string): string {
  const rel = path.relative(process.cwd(), absolute);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : absolute;
}

/** The scheme of an absolute URL (`http:`), lower-cased; none for relative references and drive paths (`C:\`). */
function schemeOf(location: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]+):/i.exec(location);
  return m ? `${m[1]!.toLowerCase()}:` : undefined;
}

const isHttp = (scheme: string | undefined) => scheme === "http:" || scheme === "https:";

/** A resolved place to read a document from. */
type Target = { kind: "file"; path: string } | { kind: "url"; url: string };

const targetKey = (t: Target) => (t.kind === "file" ? `file:${t.path}` : t.url);
const targetName = (t: Target) => (t.kind === "file" ? displayPath(t.path) : t.url);

/** Where a document is referenced from, for diagnostics. */
interface Referrer {
  construct: string;
  location: SourceLocation;
}

interface Reference {
  kind: "wsdl:import" | "xs:import" | "xs:include" | "xs:redefine";
  location?: string;
  namespace?: string;
  element: XmlElement;
  /** The `xs:schema` element holding an xs:import/include/redefine. */
  schema?: XmlElement;
}

interface Pending {
  target: Target;
  from?: Referrer;
}

interface DocState {
  includedBy: XmlElement[];
  standalone: boolean;
  /** xs:import references to this document, checked against its targetNamespace once loaded. */
  imports: { namespace?: string; from: Referrer }[];
  /** xs:include/redefine references, checked against the includer's targetNamespace once loaded. */
  includes: { schema: XmlElement; from: Referrer }[];
  doc?: LoadedDocument;
}

function fail(code: string, message: string, location: SourceLocation, construct?: string): never {
  throw new GeneratorError({ severity: "error", code, message, construct, location });
}

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
    const { bytes, finalUrl } =
      target.kind === "file"
        ? await readLocal(target.path, limits.maxBytes, from)
        : await fetchRemote(target.url, limits, from);
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
    checkNamespaces(state);
  }
  return loaded.map((s) => s.doc!);
}

/** The user's map, split: location keys (http(s) URLs, normalised) and namespace keys (as written). */
interface LoadMap {
  /** Normalised URL → file, or folder when the key was written with a trailing `/`. */
  locations: Map<string, { file: string; prefix: boolean }>;
  namespaces: Map<string, string>;
}

/** Every key is a namespace key; keys that parse as http(s) URLs are also location keys. Values: absolute paths. */
function normalizeMap(map: Record<string, string>): LoadMap {
  const out: LoadMap = { locations: new Map(), namespaces: new Map() };
  for (const [key, value] of Object.entries(map)) {
    const file = path.resolve(value);
    out.namespaces.set(key, file);
    if (!isHttp(schemeOf(key))) continue;
    try {
      out.locations.set(stripHash(new URL(key).href), { file, prefix: key.endsWith("/") });
    } catch {
      // not a URL after all: a namespace key only
    }
  }
  return out;
}

/** The local file `map` gives for an absolute URL, if any. */
function mapUrl(url: string, map: LoadMap, referrer: Referrer | undefined): string | undefined {
  const exact = map.locations.get(url);
  if (exact !== undefined && !exact.prefix) return exact.file;
  let best: string | undefined;
  for (const [key, entry] of map.locations) {
    if (entry.prefix && url.startsWith(key) && (!best || key.length > best.length)) best = key;
  }
  if (!best) return undefined;
  const rest = url.slice(best.length);
  if (rest.includes("?")) return undefined;
  const folder = map.locations.get(best)!.file;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    decoded = rest;
  }
  const file = path.resolve(folder, decoded);
  const rel = path.relative(folder, file);
  if (rel.startsWith("..") || path.isAbsolute(rel)) {
    fail(
      "load-map-escape",
      `${url} maps under ${best} to ${file}, outside the mapped folder ${folder}`,
      referrer?.location ?? { file: url },
      referrer?.construct,
    );
  }
  return file;
}

function resolveEntry(entry: string, map: LoadMap, offline: boolean): Target {
  const scheme = schemeOf(entry);
  if (isHttp(scheme)) {
    let url: string;
    try {
      url = stripHash(new URL(entry).href);
    } catch {
      return fail("load-bad-location", `${entry} is not a valid URL`, { file: entry });
    }
    const mapped = mapUrl(url, map, undefined);
    if (mapped !== undefined) return { kind: "file", path: mapped };
    if (offline)
      fail(
        "load-offline",
        `${url} is remote and loading is offline; save it and pass its path, or map it to a local file (load.map)`,
        { file: entry },
      );
    return { kind: "url", url };
  }
  if (scheme === "file:") {
    try {
      return { kind: "file", path: fileURLToPath(entry) };
    } catch (e) {
      return fail("load-bad-location", `${entry} is not a usable file URL: ${(e as Error).message}`, { file: entry });
    }
  }
  if (scheme !== undefined)
    fail("load-unsupported-scheme", `${entry}: only local files and http(s) URLs can be loaded`, { file: entry });
  return { kind: "file", path: path.resolve(entry) };
}

const stripHash = (href: string) => href.replace(/#.*$/, "");

/** A location resolved against its document, or why it cannot be followed (thrown unless `map` covers it). */
type Resolution = Target | { kind: "refused"; code: string; message: string };

function resolveLocation(location: string, doc: LoadedDocument): Resolution {
  if (doc.remote) {
    let url: URL;
    try {
      url = new URL(location, doc.absolute);
    } catch {
      return { kind: "refused", code: "load-bad-location", message: `${location} is not a valid URL reference` };
    }
    if (url.protocol === "file:") {
      return {
        kind: "refused",
        code: "load-local-from-remote",
        message: `${doc.file} was fetched over the network and may not refer to a local file (${url.href}); map the location to a local file (load.map) if you trust it`,
      };
    }
    if (!isHttp(url.protocol)) {
      return {
        kind: "refused",
        code: "load-local-from-remote",
        message: `${doc.file} was fetched over the network; ${location} resolves to ${url.href}, and only http(s) locations are followed from remote documents`,
      };
    }
    return { kind: "url", url: stripHash(url.href) };
  }
  const scheme = schemeOf(location);
  if (isHttp(scheme)) {
    try {
      return { kind: "url", url: stripHash(new URL(location).href) };
    } catch {
      return { kind: "refused", code: "load-bad-location", message: `${location} is not a valid URL` };
    }
  }
  if (scheme === "file:") {
    try {
      return { kind: "file", path: fileURLToPath(location) };
    } catch (e) {
      return {
        kind: "refused",
        code: "load-bad-location",
        message: `${location} is not a usable file URL: ${(e as Error).message}`,
      };
    }
  }
  if (scheme !== undefined)
    return {
      kind: "refused",
      code: "load-unsupported-scheme",
      message: `${location}: only relative locations, local files and http(s) URLs can be loaded`,
    };
  let decoded = location.replace(/#.*$/, "");
  try {
    decoded = decodeURI(decoded);
  } catch {
    // keep as written
  }
  return { kind: "file", path: path.resolve(path.dirname(doc.absolute), decoded) };
}

/**
 * Where a reference points: a location `map` covers, else an import namespace `map` covers, else the location
 * itself (an error when it cannot be followed, or is remote while offline); undefined for a namespace-only
 * import nothing maps.
 */
function resolveReference(
  ref: Reference,
  doc: LoadedDocument,
  map: LoadMap,
  offline: boolean,
  referrer: Referrer,
): Target | undefined {
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
      `${resolved.url} is remote and loading is offline; save it locally and point the ${ref.kind} at it, or map it to a local file (load.map)`,
      ref.element.location,
      referrer.construct,
    );
  }
  return resolved;
}

async function readLocal(
  file: string,
  maxBytes: number,
  from: Referrer | undefined,
): Promise<{ bytes: Uint8Array; finalUrl?: undefined }> {
  const name = displayPath(file);
  const where = from?.location ?? { file: name };
  try {
    const info = await stat(file);
    if (info.isDirectory()) fail("load-unreadable", `cannot read ${name}: it is a folder`, where, from?.construct);
    if (info.size > maxBytes)
      fail(
        "load-too-large",
        `${name} is ${info.size} bytes, more than the limit of ${maxBytes} (load.maxDocumentBytes)`,
        where,
        from?.construct,
      );
    const bytes = await readFile(file);
    if (bytes.length > maxBytes)
      fail(
        "load-too-large",
        `${name} is ${bytes.length} bytes, more than the limit of ${maxBytes} (load.maxDocumentBytes)`,
        where,
        from?.construct,
      );
    return { bytes };
  } catch (e) {
    if (e instanceof GeneratorError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "ENOENT (no such file)"
        : code === "EACCES"
          ? "EACCES (permission denied)"
          : (code ?? (e as Error).message);
    return fail("load-unreadable", `cannot read ${name}: ${why}`, where, from?.construct);
  }
}

async function fetchRemote(
  url: string,
  limits: { maxBytes: number; timeoutMs: number },
  from: Referrer | undefined,
): Promise<{ bytes: Uint8Array; finalUrl: string }> {
  const where = from?.location ?? { file: url };
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const timedOut = () =>
    fail(
      "load-timeout",
      `no complete response from ${url} within ${limits.timeoutMs} ms (load.timeoutMs)`,
      where,
      from?.construct,
    );
  let response: Response;
  try {
    response = await fetch(url, {
      signal,
      redirect: "follow",
      headers: { accept: "text/xml, application/xml, application/wsdl+xml, */*;q=0.5" },
    });
  } catch (e) {
    if (signal.aborted) return timedOut();
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return fail(
      "load-fetch-failed",
      `cannot fetch ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
      where,
      from?.construct,
    );
  }
  const finalUrl = stripHash(response.url || url);
  const tooLarge = (detail: string) =>
    fail(
      "load-too-large",
      `${finalUrl} ${detail}, more than the limit of ${limits.maxBytes} bytes (load.maxDocumentBytes)`,
      where,
      from?.construct,
    );
  try {
    if (!response.ok) {
      fail(
        "load-http-status",
        `fetching ${finalUrl} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`,
        where,
        from?.construct,
      );
    }
    const declared = Number(response.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > limits.maxBytes) tooLarge(`is ${declared} bytes (Content-Length)`);
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > limits.maxBytes) {
          await reader.cancel().catch(() => undefined);
          tooLarge(`sent ${total} bytes before reading stopped`);
        }
        chunks.push(value);
      }
    }
    return { bytes: Buffer.concat(chunks), finalUrl };
  } catch (e) {
    if (e instanceof GeneratorError) {
      await response.body?.cancel().catch(() => undefined);
      throw e;
    }
    if (signal.aborted) return timedOut();
    return fail(
      "load-fetch-failed",
      `cannot read the response from ${finalUrl}: ${(e as Error).message}`,
      where,
      from?.construct,
    );
  }
}

/** Bytes to text: a byte order mark wins, then the XML declaration's encoding, then UTF-8. */
function decodeText(bytes: Uint8Array, file: string, from: Referrer | undefined): string {
  let encoding = "utf-8";
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) ((encoding = "utf-16le"), (start = 2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) ((encoding = "utf-16be"), (start = 2));
  else if (bytes[0] === 0x3c && bytes[1] === 0x00) encoding = "utf-16le";
  else if (bytes[0] === 0x00 && bytes[1] === 0x3c) encoding = "utf-16be";
  else {
    // A single-byte view of the declaration; a document that claims UTF-16 without looking like it is UTF-8.
    const head = Buffer.from(bytes.subarray(0, 200)).toString("latin1");
    const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
    if (declared && !/^(utf-?8|utf-?16.*|ucs-?2.*|unicode.*)$/.test(declared)) encoding = declared;
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding);
  } catch {
    return fail(
      "load-encoding",
      `${file} declares encoding "${encoding}", which this Node.js cannot decode`,
      { file, line: 1, column: 1 },
      from?.construct,
    );
  }
  const text = decoder.decode(bytes.subarray(start));
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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
    `${file} is neither a WSDL 1.1 document (wsdl:definitions) nor an XML Schema (xs:schema): its root is ${root.local}${root.ns ? ` in namespace ${root.ns}` : ""}`,
    at,
    root.local,
  );
}

function draftSchema(schema: XmlElement): never {
  return fail(
    "load-schema-namespace",
    `schema in namespace ${schema.ns}, a draft of XML Schema older than the 2001 Recommendation; only ${NS.xs} is supported`,
    schema.location,
    "schema",
  );
}

/** The located imports of a WSDL or XSD document (including schemas inline in `wsdl:types`). */
function referencesOf(root: XmlElement, file: string): Reference[] {
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
 * Namespace rules checked once a document is loaded: imports name its namespace, includes share it. A mismatch
 * is a warning (the declarations are indexed under the schema's own targetNamespace): real WSDLs write
 * `namespace="common.xsd"` and still work; when it matters, the reference that misses follows as an error.
 */
function checkNamespaces(state: DocState): void {
  const doc = state.doc!;
  if (doc.root.ns !== NS.xs || doc.root.local !== "schema") {
    if (state.includes.length > 0) {
      const first = state.includes[0]!.from;
      fail(
        "load-include-not-schema",
        `${doc.file} is included as a schema, but its root is ${doc.root.local} in namespace ${doc.root.ns || "(none)"}`,
        first.location,
        first.construct,
      );
    }
    return;
  }
  const tns = doc.root.attrs.targetNamespace || undefined;
  for (const imp of state.imports) {
    if (imp.namespace === undefined) continue;
    if ((imp.namespace || undefined) !== tns) {
      doc.warnings.push({
        severity: "warning",
        code: "load-import-namespace",
        message: `the import names namespace ${imp.namespace || "(none)"}, but ${doc.file} has ${tns === undefined ? "no targetNamespace" : `targetNamespace ${tns}`}; its declarations are read in ${tns === undefined ? "no namespace" : tns}`,
        construct: imp.from.construct,
        location: imp.from.location,
      });
    }
  }
  if (tns === undefined) return;
  for (const inc of state.includes) {
    const includer = inc.schema.attrs.targetNamespace || undefined;
    if (includer !== tns) {
      doc.warnings.push({
        severity: "warning",
        code: "load-include-namespace",
        message: `${doc.file} has targetNamespace ${tns}, but the including schema has ${includer === undefined ? "none" : includer}; a schema of another namespace is brought in with xs:import (its declarations are read in ${tns})`,
        construct: inc.from.construct,
        location: inc.from.location,
      });
    }
  }
}

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
