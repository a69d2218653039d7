/**
 * TypeScript names for named schema types. A type keeps its local name (made legal by `toIdentifier`). When
 * several namespaces declare the same name, every one of them is qualified with a prefix taken from its
 * namespace (the last path segment that is not a version such as `2003` or `v2`, PascalCased), so the result
 * depends only on the set of colliding types, not
 * on the order they were read in; a prefixed name that still clashes gets `_` appended.
 */
import { qnameKey, type QName } from "../model/qname.js";
import { toIdentifier } from "./identifiers.js";

export function namespaceTag(ns: string): string {
  // Version-like segments (`2003`, `10`, `v2`, `1.0`) say nothing about what the namespace holds.
  const segments = ns
    .replace(/^[a-z]+:\/\//i, "")
    .split(/[/:#?]+/)
    .filter((s) => s !== "" && !/^v?\d+([._-]\d+)*$/i.test(s));
  const last = segments[segments.length - 1] ?? "Ns";
  return toIdentifier(
    last.replace(/(^|[^A-Za-z0-9])([a-z])/g, (_m, _sep, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, ""),
  );
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
  const kept = new Set<string>();
  const collided: QName[][] = [];
  for (const [base, group] of groups) {
    if (group.length === 1) {
      result.set(qnameKey(group[0]!), base);
      kept.add(base);
    } else {
      collided.push(group);
    }
  }
  // Tagged names: a tag that still clashes (with a kept name or another tagged one) gets `_` appended. The
  // groups are visited in name order and members in namespace order, so the outcome depends only on the set.
  const taken = new Set(kept);
  collided.sort((a, b) => (toIdentifier(a[0]!.local) < toIdentifier(b[0]!.local) ? -1 : 1));
  for (const group of collided) {
    const sorted = [...group].sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.local < b.local ? -1 : 1));
    for (const n of sorted) {
      let name = `${namespaceTag(n.ns)}_${toIdentifier(n.local)}`;
      while (taken.has(name)) name += "_";
      taken.add(name);
      result.set(qnameKey(n), name);
    }
  }
  return result;
}
