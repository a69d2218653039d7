/**
 * Where a document is: the entry location and the locations inside documents resolved to a file or an http(s)
 * URL, through the user's `map`.
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
 * - `offline` never touches the network: a remote location that `map` does not cover is an error naming it and
 *   the place that references it (`load-offline`).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fail, type Referrer } from "./failure.js";
import { isHttp, schemeOf, stripHash } from "./url.js";

/** Shows a path relative to the working directory when it lies inside it. */
export function displayPath(absolute: string): string {
  const rel = path.relative(process.cwd(), absolute);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : absolute;
}

/** A resolved place to read a document from. */
export type Target = { kind: "file"; path: string } | { kind: "url"; url: string };

/** The key a document is known by (each is read once); `targetName`: how diagnostics show it. */
export const targetKey = (t: Target) => (t.kind === "file" ? `file:${t.path}` : t.url);
export const targetName = (t: Target) => (t.kind === "file" ? displayPath(t.path) : t.url);

/** The user's map, split: location keys (http(s) URLs, normalised) and namespace keys (as written). */
export interface LoadMap {
  /** Normalised URL → file, or folder when the key was written with a trailing `/`. */
  locations: Map<string, { file: string; prefix: boolean }>;
  namespaces: Map<string, string>;
}

/** Every key is a namespace key; keys that parse as http(s) URLs are also location keys. Values: absolute paths. */
export function normalizeMap(map: Record<string, string>): LoadMap {
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
export function mapUrl(url: string, map: LoadMap, referrer: Referrer | undefined): string | undefined {
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

/** The entry location (a path, a `file:` URL or an http(s) URL) as a place to read, through `map`. */
export function resolveEntry(entry: string, map: LoadMap, offline: boolean): Target {
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

/** A location resolved against its document, or why it cannot be followed (thrown unless `map` covers it). */
export type Resolution = Target | { kind: "refused"; code: string; message: string };

/** What a location is resolved against: the document that holds it. */
export interface DocumentPlace {
  /** The document as shown in diagnostics. */
  file: string;
  /** Absolute path, or the final URL of a document fetched over the network. */
  absolute: string;
  /** Fetched over http(s). */
  remote: boolean;
}

/** `location` resolved against the document that holds it. */
export function resolveLocation(location: string, doc: DocumentPlace): Resolution {
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
        message:
          `${doc.file} was fetched over the network and may not refer to a local file (${url.href}); ` +
          "map the location to a local file (load.map) if you trust it",
      };
    }
    if (!isHttp(url.protocol)) {
      return {
        kind: "refused",
        code: "load-local-from-remote",
        message:
          `${doc.file} was fetched over the network; ${location} resolves to ${url.href}, ` +
          "and only http(s) locations are followed from remote documents",
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
