/** `xs:annotation`: documentation text and the WCF `appinfo` markers (ActualType, EnumerationValue, IsDictionary). */
import { NS } from "../load/namespaces.js";
import { childrenNamed, firstChild, type XmlElement, type XmlNode } from "../load/xml.js";
import type { QName } from "../model/qname.js";

export interface Annotation {
  doc?: string;
  actualType?: QName;
  enumerationValue?: string;
  isDictionary?: boolean;
}

/** Collapses documentation text: trims each line's indentation and drops leading/trailing blank lines. */
export function normalizeDoc(text: string): string | undefined {
  const lines = text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.trim());
  while (lines.length && lines[0] === "") lines.shift();
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines.length ? lines.join("\n") : undefined;
}

/** Text of an element and its descendants in document order (documentation may contain markup). */
export function deepText(el: XmlNode): string {
  if (el.mixed) return el.mixed.map((p) => (typeof p === "string" ? p : deepText(p))).join("");
  return el.text + el.children.map(deepText).join("");
}

export function readAnnotation(el: XmlElement): Annotation {
  const result: Annotation = {};
  const annotation = firstChild(el, NS.xs, "annotation");
  if (!annotation) return result;
  const docs = childrenNamed(annotation, NS.xs, "documentation")
    .map((d) => normalizeDoc(deepText(d)))
    .filter((d) => d !== undefined);
  if (docs.length) result.doc = docs.join("\n\n");
  for (const appinfo of childrenNamed(annotation, NS.xs, "appinfo")) {
    for (const marker of childrenNamed(appinfo, NS.wcfSerialization)) {
      if (marker.local === "ActualType" && marker.attrs.Name) {
        result.actualType = { ns: marker.attrs.Namespace ?? "", local: marker.attrs.Name };
      } else if (marker.local === "EnumerationValue") {
        result.enumerationValue = marker.text.trim();
      } else if (marker.local === "IsDictionary") {
        result.isDictionary = marker.text.trim() === "true";
      }
    }
  }
  return result;
}
