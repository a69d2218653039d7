/**
 * Writes the elements the value encoder builds (encode.ts's {@link OutNode}: `{ [qualified name]: children, ":@":
 * attributes }`, text as `{ "#text": text }`) as XML text, in one pass and without a library.
 *
 * - An element without children is written as an empty-element tag (`<ns1:Name/>`, `<ns1:Name xsi:nil="true"/>`).
 * - Attributes are written in their object's order, between double quotes; names and element names are written as
 *   given (the encoder checks that they are XML names).
 * - Text and attribute values are escaped by xml-escape.ts, so that any conformant reader gives them back exactly:
 *   `&`, `<`, `>` in text, CR as `&#13;` (a raw CR would come back as LF); `&`, `<`, `"`, tab, LF and CR in
 *   attributes. A character XML 1.0 cannot carry is refused with an {@link XmlCharacterError} naming the element
 *   path (`soap:Envelope/soap:Body/ns1:Put/ns1:Name`, with `@attribute` for an attribute value).
 */
import type { OutNode } from "./encode.js";
import { escapeAttribute, escapeText, XmlCharacterError } from "./xml-escape.js";

const ATTRIBUTES = ":@";
const TEXT = "#text";

/**
 * The text is built in chunks of about this many characters, each made flat when full. Concatenating everything into
 * one string keeps hundreds of thousands of small pieces alive until the end, which every young-generation
 * collection then copies: measured on the 1,000-ticket response, 17–41 ms per scavenge before, 1–3 ms after.
 */
const CHUNK = 16384;

/** The XML text of `nodes`, in order, inside the open elements `path` (their names, for the path in an error). */
export function writeElements(nodes: readonly OutNode[], path: readonly string[] = []): string {
  const writer = new ElementWriter(path);
  for (let i = 0; i < nodes.length; i++) writer.node(nodes[i]!);
  return writer.result();
}

/** Namespace declarations as text (` xmlns:p="uri"`…, in the map's order), on the element at `path`. */
export function declarationsText(namespaces: ReadonlyMap<string, string>, path: readonly string[]): string {
  let text = "";
  for (const [ns, prefix] of namespaces) {
    let value = escapedUris.get(ns);
    if (value === undefined) {
      value = attributeValue(ns, `xmlns:${prefix}`, path);
      if (escapedUris.size >= 1024) escapedUris.clear();
      escapedUris.set(ns, value);
    }
    text += ` xmlns:${prefix}="${value}"`;
  }
  return text;
}

/** Namespace URIs escaped: every message declares the same few (a URI XML cannot carry is refused, never kept). */
const escapedUris = new Map<string, string>();

/** An attribute's value, escaped; a character XML cannot carry is refused naming the attribute by its path. */
function attributeValue(value: string, name: string, path: readonly string[]): string {
  try {
    return escapeAttribute(value);
  } catch (e) {
    throw located(e, path.join("/") + "@" + name);
  }
}

/** `e` with `where` in its message, when it is a character XML cannot carry. */
function located(e: unknown, where: string): unknown {
  return e instanceof XmlCharacterError ? new XmlCharacterError(e.codePoint, e.index, where) : e;
}

class ElementWriter {
  /** The chunk being written, and the chunks before it. */
  private out = "";
  private readonly chunks: string[] = [];
  /** The names of the open elements (for the path in an error). */
  private readonly open: string[];

  constructor(path: readonly string[]) {
    this.open = [...path];
  }

  /** All that was written. */
  result(): string {
    if (this.chunks.length === 0) return this.out;
    this.chunks.push(this.out);
    return this.chunks.join("");
  }

  node(node: OutNode): void {
    let name: string | undefined;
    for (const key in node) {
      if (key !== ATTRIBUTES) {
        name = key;
        break;
      }
    }
    if (name === undefined) return;
    if (name === TEXT) {
      this.out += this.text(node[TEXT] as string);
      return;
    }
    let tag = "<" + name;
    const attributes = node[ATTRIBUTES] as Record<string, string> | undefined;
    if (attributes !== undefined) {
      for (const attribute in attributes)
        tag += " " + attribute + '="' + this.attribute(name, attribute, attributes) + '"';
    }
    const children = node[name] as OutNode[];
    if (children.length === 0) {
      this.out += tag + "/>";
      return;
    }
    this.out += tag + ">";
    this.open.push(name);
    for (let i = 0; i < children.length; i++) this.node(children[i]!);
    this.open.pop();
    this.out += "</" + name + ">";
    if (this.out.length > CHUNK) {
      const chunk = this.out;
      // Reading a character makes V8 flatten the concatenated pieces into one string (and drop the pieces).
      chunk.charCodeAt(0);
      this.chunks.push(chunk);
      this.out = "";
    }
  }

  private text(text: string): string {
    try {
      return escapeText(text);
    } catch (e) {
      throw located(e, this.open.join("/"));
    }
  }

  private attribute(element: string, name: string, attributes: Record<string, string>): string {
    try {
      return escapeAttribute(String(attributes[name]));
    } catch (e) {
      throw located(e, [...this.open, element].join("/") + "@" + name);
    }
  }
}
