/** Namespace prefixes of a message being written: fixed ones (`soap`, `xsi`), then `ns1`, `ns2`… in order of use. */
import { SoapCodecError } from "./errors.js";
import { XML_NS } from "./namespaces.js";
import { isXmlName } from "./xml-names.js";

/** Assigns namespace prefixes while a message is written; all are declared on the envelope. */
export class PrefixMap {
  /** Namespaces used so far, with their prefixes, in order of first use. */
  private readonly used = new Map<string, string>();
  private counter = 0;
  /** `fixed`: namespaces with the prefix they get when used (the last one given for a namespace counts). */
  constructor(private readonly fixed: readonly (readonly [ns: string, prefix: string])[] = []) {}
  prefix(ns: string): string {
    // The XML namespace has its reserved prefix, which is never declared (xml:lang, xml:space).
    if (ns === XML_NS) return "xml";
    let p = this.used.get(ns);
    if (p === undefined) {
      p = this.fixedPrefix(ns) ?? `ns${++this.counter}`;
      this.used.set(ns, p);
    }
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
    return this.used;
  }
  /** `xmlns:` attributes for every namespace used. */
  declarations(): Record<string, string> {
    const attrs: Record<string, string> = {};
    for (const [ns, p] of this.used) attrs[`xmlns:${p}`] = ns;
    return attrs;
  }
}
