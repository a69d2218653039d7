/**
 * Document loading: reads the root WSDL (or XSD) and follows `wsdl:import`, `xs:import` and `xs:include`
 * locations relative to the importing document. Each document is read once (import cycles are fine).
 * Namespace-only `xs:import`s (no schemaLocation, as WCF writes them) are resolved later against the schemas
 * already loaded.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { GeneratorError } from "../diagnostics.js";
import { NS } from "./namespaces.js";
import { childrenNamed, parseXml, type XmlElement } from "./xml.js";

export interface LoadedDocument {
  /** The path as shown in diagnostics (relative to the working directory when inside it). */
  file: string;
  /** Absolute path. */
  absolute: string;
  root: XmlElement;
}

export interface LoadOptions {
  /** Upper bound on the number of documents one run may read (default 500). */
  maxDocuments?: number;
  /** Upper bound on one document's size in bytes (default 64 MiB). */
  maxDocumentBytes?: number;
}

/** Shows a path relative to the working directory when it lies inside it. */
export function displayPath(absolute: string): string {
  const rel = path.relative(process.cwd(), absolute);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : absolute;
}

function isUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}

/** Loads `entry` and every document it imports or includes, in breadth-first order (the entry first). */
export async function loadDocuments(entry: string, options: LoadOptions = {}): Promise<LoadedDocument[]> {
  const maxDocuments = options.maxDocuments ?? 500;
  const maxBytes = options.maxDocumentBytes ?? 64 * 1024 * 1024;
  if (isUrl(entry)) {
    throw new GeneratorError({
      severity: "error",
      code: "load-remote-unsupported",
      message: "loading WSDLs over the network is not supported yet; save the document and pass its local path",
      location: { file: entry },
    });
  }
  const documents: LoadedDocument[] = [];
  const seen = new Set<string>();
  const queue: { absolute: string; from?: { file: string; line?: number; column?: number } }[] = [
    { absolute: path.resolve(entry) },
  ];
  seen.add(path.resolve(entry));
  while (queue.length > 0) {
    const { absolute, from } = queue.shift()!;
    const file = displayPath(absolute);
    let text: string;
    try {
      const buffer = await readFile(absolute);
      if (buffer.length > maxBytes) {
        throw new GeneratorError({
          severity: "error",
          code: "load-too-large",
          message: `document is ${buffer.length} bytes, more than the limit of ${maxBytes}`,
          location: { file },
        });
      }
      text = buffer.toString("utf8");
    } catch (e) {
      if (e instanceof GeneratorError) throw e;
      throw new GeneratorError({
        severity: "error",
        code: "load-unreadable",
        message: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        construct: from ? "import" : undefined,
        location: from ?? { file },
      });
    }
    const root = parseXml(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
    documents.push({ file, absolute, root });
    for (const ref of importsOf(root)) {
      if (isUrl(ref.location)) {
        throw new GeneratorError({
          severity: "error",
          code: "load-remote-unsupported",
          message: `remote import ${ref.location} is not supported yet; save it locally and point the import at it`,
          construct: ref.construct,
          location: ref.element.location,
        });
      }
      const target = path.resolve(path.dirname(absolute), decodeURI(ref.location));
      if (seen.has(target)) continue;
      if (seen.size >= maxDocuments) {
        throw new GeneratorError({
          severity: "error",
          code: "load-too-many",
          message: `more than ${maxDocuments} documents are imported`,
          construct: ref.construct,
          location: ref.element.location,
        });
      }
      seen.add(target);
      queue.push({ absolute: target, from: ref.element.location });
    }
  }
  return documents;
}

interface ImportRef {
  location: string;
  construct: string;
  element: XmlElement;
}

/** The located imports of a WSDL or XSD document (including schemas inline in `wsdl:types`). */
function importsOf(root: XmlElement): ImportRef[] {
  const refs: ImportRef[] = [];
  const fromSchema = (schema: XmlElement) => {
    for (const child of schema.children) {
      if (child.ns !== NS.xs) continue;
      if (child.local === "import" || child.local === "include" || child.local === "redefine") {
        const location = child.attrs.schemaLocation;
        if (location) refs.push({ location, construct: `xs:${child.local} ${location}`, element: child });
      }
    }
  };
  if (root.ns === NS.wsdl && root.local === "definitions") {
    for (const imp of childrenNamed(root, NS.wsdl, "import")) {
      if (imp.attrs.location) refs.push({ location: imp.attrs.location, construct: `wsdl:import ${imp.attrs.location}`, element: imp });
    }
    for (const types of childrenNamed(root, NS.wsdl, "types")) {
      for (const schema of childrenNamed(types, NS.xs, "schema")) fromSchema(schema);
    }
  } else if (root.ns === NS.xs && root.local === "schema") {
    fromSchema(root);
  }
  return refs;
}

/** Every `xs:schema` element of the loaded documents, in load order. */
export function schemasOf(documents: LoadedDocument[]): XmlElement[] {
  const schemas: XmlElement[] = [];
  for (const doc of documents) {
    if (doc.root.ns === NS.xs && doc.root.local === "schema") schemas.push(doc.root);
    else if (doc.root.ns === NS.wsdl && doc.root.local === "definitions") {
      for (const types of childrenNamed(doc.root, NS.wsdl, "types")) schemas.push(...childrenNamed(types, NS.xs, "schema"));
    }
  }
  return schemas;
}
