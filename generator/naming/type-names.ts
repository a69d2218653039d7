/**
 * TypeScript names for named schema types. A type keeps its local name (made legal by `toIdentifier`). When
 * several namespaces declare the same name, every one of them is qualified with a prefix taken from its
 * namespace (the last path segment, PascalCased), so the result depends only on the set of colliding types, not
 * on the order they were read in; remaining ties get the namespace's position in sorted order.
 */
import { qnameKey, type QName } from "../load/xml.js";
import { toIdentifier } from "./identifiers.js";

export function namespaceTag(ns: string): string {
  const segments = ns.replace(/^[a-z]+:\/\//i, "").split(/[/:#?]+/).filter((s) => s !== "" && !/^\d+([.-]\d+)*$/.test(s));
  const last = segments[segments.length - 1] ?? "Ns";
  return toIdentifier(last.replace(/(^|[^A-Za-z0-9])([a-z])/g, (_m, _sep, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, ""));
}

export function assignTypeNames(names: QName[]): Map<string, string> {
  const groups = new Map<string, QName[]>();
  for (const name of names) {
    const base = toIdentifier(name.local);
    const key = base;
    const group = groups.get(key) ?? [];
    group.push(name);
    groups.set(key, group);
  }
  const result = new Map<string, string>();
  for (const group of groups.values()) {
    if (group.length === 1) {
      for (const n of group) result.set(qnameKey(n), toIdentifier(n.local));
      continue;
    }
    const sorted = [...group].sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.local < b.local ? -1 : 1));
    const tagged = sorted.map((n) => `${namespaceTag(n.ns)}_${toIdentifier(n.local)}`);
    sorted.forEach((n, i) => {
      const name = tagged.filter((t) => t === tagged[i]).length > 1 ? `${tagged[i]}_${i + 1}` : tagged[i]!;
      result.set(qnameKey(n), name);
    });
  }
  return result;
}
