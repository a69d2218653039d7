/** Namespace prefixes of a message being written: fixed ones (`soap`, `xsi`), then `ns1`, `ns2`… in order of use. */
import { SoapCodecError } from "./errors.js";
import { XML_NS } from "./namespaces.js";
import { isXmlName } from "./xml-names.js";

/** Assigns namespace prefixes while a message is written; all are declared on the envelope. */
export class PrefixMap {
  /**
   * Namespaces used so far and their prefixes, in order of first use: two short arrays searched from the start (a
   * message uses a few namespaces; a Map made for every message cost more than the searches).
   */
  private readonly uris: string[] = [];
  private readonly prefixes: string[] = [];
  private counter = 0;
  /** `fixed`: namespaces with the prefix they get when used (the last one given for a namespace counts). */
  constructor(private readonly fixed: readonly (readonly [ns: string, prefix: string])[] = []) {}
  prefix(ns: string): string {
    // The XML namespace has its reserved prefix, which is never declared (xml:lang, xml:space).
    if (ns === XML_NS) return "xml";
    const uris = this.uris;
    for (let i = 0; i < uris.length; i++) if (uris[i] === ns) return this.prefixes[i]!;
    const p = this.fixedPrefix(ns) ?? `ns${++this.counter}`;
    uris.push(ns);
    this.prefixes.push(p);
    return p;
  }
  private fixedPrefix(ns: string): string | undefined {
    // a handful of entries: a search is cheaper than a Map made for every message
    for (let i = this.fixed.length - 1; i >= 0; i--) if (this.fixed[i]![0] === ns) return this.fixed[i]![1];
    return undefined;
  }
  /** `prefix:local` (or `local` without namespace). A local name that is no XML name is refused: it would be markup. */
  qname(ns: string, local: string): string {
    if (!isXmlName(local))
      throw new SoapCodecError(
        `${JSON.stringify(local)} is not an XML name and cannot be written as an element or attribute name`,
      );
    return ns ? `${this.prefix(ns)}:${local}` : local;
  }
  /** The namespaces used so far → their prefixes, in order of first use. */
  namespaces(): ReadonlyMap<string, string> {
    const map = new Map<string, string>();
    for (let i = 0; i < this.uris.length; i++) map.set(this.uris[i]!, this.prefixes[i]!);
    return map;
  }
  /** The namespaces used so far, in order of first use, and their prefixes (same order): not to be changed. */
  used(): { readonly uris: readonly string[]; readonly prefixes: readonly string[] } {
    return { uris: this.uris, prefixes: this.prefixes };
  }
  /** `xmlns:` attributes for every namespace used. */
  declarations(): Record<string, string> {
    const attrs: Record<string, string> = {};
    for (let i = 0; i < this.uris.length; i++) attrs[`xmlns:${this.prefixes[i]!}`] = this.uris[i]!;
    return attrs;
  }
}
