/**
 * Substitution groups: an element particle that refers to the head of a substitution group stands for the head
 * (unless abstract) and every non-abstract element that substitutes for it, transitively — an exclusive choice
 * among them, sorted by namespace and name, whose repeated form is the field `$<Head>`.
 */
import { resolveQName, type XmlElement } from "../load/xml.js";
import { qnameKey, type QName } from "../model/qname.js";
import type { GroupTerm, Occurs, Term } from "./content-model.js";
import { refField } from "./element.js";
import type { XsdReader } from "./reader.js";
import { attrQName } from "./schema-index.js";
import { describe } from "./type-ref.js";

/**
 * The choice an element particle `el` stands for when it refers to the head of a substitution group; undefined
 * for any other element particle, which is then read as the element itself (an abstract head that nothing can
 * substitute for is, with a warning).
 */
export function substitutionGroupTerm(reader: XsdReader, el: XmlElement, occurs: Occurs): GroupTerm | undefined {
  const ref = attrQName(el, "ref", reader.sink);
  const members = ref ? substitutes(reader, ref) : [];
  const head = ref && reader.index.get("element", ref);
  if (!ref || !head) return undefined;
  const heads = head.el.attrs.abstract === "true" ? [] : [ref];
  const candidates = [...heads, ...members.filter((m) => reader.index.get("element", m)?.el.attrs.abstract !== "true")];
  if (members.length === 0 || candidates.length === 0) {
    if (head.el.attrs.abstract === "true") {
      reader.sink.warn(
        "substitution-group-empty",
        `element ${ref.local} is abstract and no element substitutes for it; ` +
          "it is generated as a member of its own type",
        describe(el),
        el.location,
      );
    }
    return undefined;
  }
  const children: Term[] = candidates.map((name) => ({
    kind: "element",
    field: refField(reader, name, { minOccurs: 1, maxOccurs: 1 }, el),
    el,
    min: 1,
    max: 1,
  }));
  return { kind: "choice", el, children, groupName: `$${ref.local}`, ...occurs };
}

/** The elements that may substitute for `head`: its substitution group, transitively, sorted by namespace and name. */
export function substitutes(reader: XsdReader, head: QName): QName[] {
  if (!reader.substitutes) {
    const direct = new Map<string, QName[]>();
    for (const { el, name } of reader.index.all("element")) {
      const value = el.attrs.substitutionGroup;
      if (!value) continue;
      // XSD 1.1 allows a list of heads.
      for (const token of value.split(/\s+/).filter(Boolean)) {
        const h = resolveQName(el, token);
        if (!h) continue;
        const key = qnameKey(h);
        const members = direct.get(key);
        if (members) members.push(name);
        else direct.set(key, [name]);
      }
    }
    reader.substitutes = new Map();
    for (const key of direct.keys()) {
      const found = new Map<string, QName>();
      const stack = [...(direct.get(key) ?? [])];
      while (stack.length) {
        const m = stack.pop()!;
        const k = qnameKey(m);
        if (found.has(k) || k === key) continue;
        found.set(k, m);
        for (const member of direct.get(k) ?? []) stack.push(member);
      }
      reader.substitutes.set(
        key,
        [...found.values()].sort((a, b) =>
          a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.local < b.local ? -1 : a.local > b.local ? 1 : 0,
        ),
      );
    }
  }
  return reader.substitutes.get(qnameKey(head)) ?? [];
}
