/**
 * XML equivalence for comparing SOAP messages written by different stacks (used by node-soap-samples.test.ts).
 *
 * Two element lists are equivalent when, pairwise and in order, the elements have
 * - the same expanded name (namespace URI + local name; prefixes do not matter),
 * - the same text, compared after trimming leading and trailing whitespace; entity references and CDATA sections
 *   are decoded first, so `&amp;` ≡ `<![CDATA[&]]>`,
 * - the same compared attributes (see below), by expanded name and value,
 * - equivalent children, recursively.
 *
 * Ignored: namespace prefixes and namespace declarations (`xmlns`, `xmlns:*`), whitespace-only text between
 * elements and indentation, comments, processing instructions, `<a/>` versus `<a></a>`, attribute order and
 * quoting, every `xsi:type` attribute, and `xsi:nil="false"` (the same as no `xsi:nil`). An attribute is compared
 * only when `compareAttribute` says so (the test passes a schema-driven filter); `xsi:nil` is always compared.
 */
import { attributeNS, type XmlNode } from "../../runtime/src/xml.js";

export const XSI = "http://www.w3.org/2001/XMLSchema-instance";

export interface EquivalenceOptions {
  /** Whether an attribute (expanded name) of `element` takes part in the comparison. Default: every attribute. */
  compareAttribute?: (element: XmlNode, attrNs: string, attrLocal: string) => boolean;
  /** Stop after this many differences (default 5). */
  maxDifferences?: number;
}

/** `{ns}local`, or just `local` for no namespace. */
export function expandedName(ns: string, local: string): string {
  return ns ? `{${ns}}${local}` : local;
}

/** The attributes of an element by expanded name, namespace declarations excluded (XmlNode already drops them). */
export function attributesOf(el: XmlNode): Map<string, { ns: string; local: string; value: string }> {
  const out = new Map<string, { ns: string; local: string; value: string }>();
  for (const [key, value] of Object.entries(el.attrs)) {
    const colon = key.indexOf(":");
    const ns = colon === -1 ? "" : (el.scope.get(key.slice(0, colon)) ?? `undeclared-prefix:${key.slice(0, colon)}`);
    const local = colon === -1 ? key : key.slice(colon + 1);
    out.set(expandedName(ns, local), { ns, local, value });
  }
  return out;
}

function nilOf(el: XmlNode): boolean {
  const v = attributeNS(el, XSI, "nil")?.trim();
  return v === "true" || v === "1";
}

/** A short one-line rendering of an element for difference messages. */
export function describeElement(el: XmlNode): string {
  const attrs = [...attributesOf(el).values()].map((a) => ` ${a.local}="${a.value}"`).join("");
  const text = el.text.trim();
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `<${expandedName(el.ns, el.local)}${attrs}>${shown}${el.children.length ? `…(${el.children.length} children)` : ""}`;
}

/** Compares two element lists; returns the differences found (empty when equivalent). */
export function compareElements(
  expected: readonly XmlNode[],
  actual: readonly XmlNode[],
  options: EquivalenceOptions = {},
  path = "",
): string[] {
  const diffs: string[] = [];
  const max = options.maxDifferences ?? 5;
  walk(expected, actual, path, options, diffs, max);
  return diffs;
}

function walk(
  expected: readonly XmlNode[],
  actual: readonly XmlNode[],
  path: string,
  options: EquivalenceOptions,
  diffs: string[],
  max: number,
): void {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n && diffs.length < max; i++) {
    const e = expected[i];
    const a = actual[i];
    const here = `${path}/${(e ?? a)!.local}[${i}]`;
    if (!e) {
      diffs.push(`${here}: unexpected element ${describeElement(a!)}`);
      continue;
    }
    if (!a) {
      diffs.push(`${here}: missing element ${describeElement(e)}`);
      continue;
    }
    if (e.ns !== a.ns || e.local !== a.local) {
      diffs.push(`${here}: expected element ${expandedName(e.ns, e.local)}, got ${expandedName(a.ns, a.local)}`);
      continue;
    }
    const et = e.text.trim();
    const at = a.text.trim();
    if (et !== at) {
      diffs.push(`${here}: expected text ${JSON.stringify(et)}, got ${JSON.stringify(at)}`);
    }
    if (nilOf(e) !== nilOf(a)) diffs.push(`${here}: expected xsi:nil=${nilOf(e)}, got xsi:nil=${nilOf(a)}`);
    const keep = (el: XmlNode) => {
      const m = new Map<string, string>();
      for (const [k, v] of attributesOf(el)) {
        if (v.ns === XSI && (v.local === "type" || v.local === "nil")) continue;
        if (options.compareAttribute && !options.compareAttribute(el, v.ns, v.local)) continue;
        m.set(k, v.value);
      }
      return m;
    };
    const ea = keep(e);
    const aa = keep(a);
    for (const [k, v] of ea) {
      if (!aa.has(k)) diffs.push(`${here}: missing attribute ${k}="${v}"`);
      else if (aa.get(k) !== v) diffs.push(`${here}: attribute ${k}: expected "${v}", got "${aa.get(k)}"`);
    }
    for (const [k, v] of aa) if (!ea.has(k)) diffs.push(`${here}: unexpected attribute ${k}="${v}"`);
    walk(e.children, a.children, here, options, diffs, max);
  }
}
