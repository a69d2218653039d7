/**
 * The index of global schema declarations across every loaded `xs:schema`, by QName, with the schema context
 * each was declared in. Readers resolve references through it; a reference to something missing is an error
 * naming the QName and the place that refers to it ({@link SchemaIndex.explainMissing} says why it may be missing).
 *
 * Chameleon includes: a schema without targetNamespace that is `xs:include`d (or `xs:redefine`d) takes the
 * including schema's namespace. The loader records who included whom (`schemaOrigin`); the index reads such a
 * schema as a copy carrying the includer's targetNamespace, with unqualified QNames that resolved to no namespace
 * now resolving to it (the default namespace is set where none is declared). A schema included into several
 * namespaces is indexed once per namespace; one that is also imported or loaded directly stays in no namespace too.
 */
import { DiagnosticSink, formatLocation, type SourceLocation } from "../diagnostics.js";
import { schemaOrigin } from "../load/schema-origins.js";
import { NS } from "../load/namespaces.js";
import { resolveQName, type XmlElement } from "../load/xml.js";
import { qnameKey, type QName } from "../model/qname.js";

/** What a declaration inherits from its `xs:schema`. */
export interface SchemaDefaults {
  targetNamespace: string;
  elementQualified: boolean;
  attributeQualified: boolean;
}

export interface Declaration {
  el: XmlElement;
  schema: SchemaDefaults;
  name: QName;
}

export type DeclarationKind = "complexType" | "simpleType" | "element" | "group" | "attributeGroup" | "attribute";

const KINDS: readonly DeclarationKind[] = [
  "complexType",
  "simpleType",
  "element",
  "group",
  "attributeGroup",
  "attribute",
];

/** Top-level schema children that declare nothing the index keeps (XSD 1.0 and 1.1). */
const OTHER_TOP_LEVEL = new Set([
  "include",
  "import",
  "redefine",
  "override",
  "annotation",
  "notation",
  "defaultOpenContent",
]);

export class SchemaIndex {
  private readonly tables = new Map<DeclarationKind, Map<string, Declaration>>(KINDS.map((k) => [k, new Map()]));
  readonly namespaces = new Set<string>();
  /** Top-level `xs:` children that are no XML Schema construct (e.g. `xs:simpletype`), for explanations. */
  private readonly unknown: XmlElement[] = [];
  /** Namespaces an `xs:import` names while its schemaLocation loads a schema of another namespace. */
  private readonly misimported = new Map<string, { location: SourceLocation; schema: XmlElement }[]>();

  constructor(schemas: XmlElement[], sink: DiagnosticSink) {
    for (const schema of schemas) {
      const origin = schemaOrigin(schema);
      for (const w of origin?.warnings ?? []) sink.warn(w.code, w.message, w.construct, w.location);
      for (const imp of origin?.importedAs ?? []) {
        if (imp.namespace === (schema.attrs.targetNamespace ?? "")) continue;
        const list = this.misimported.get(imp.namespace) ?? [];
        list.push({ location: imp.location, schema });
        this.misimported.set(imp.namespace, list);
      }
    }
    for (const schema of withChameleons(schemas)) {
      const defaults: SchemaDefaults = {
        targetNamespace: schema.attrs.targetNamespace ?? "",
        elementQualified: schema.attrs.elementFormDefault === "qualified",
        attributeQualified: schema.attrs.attributeFormDefault === "qualified",
      };
      this.namespaces.add(defaults.targetNamespace);
      for (const child of schema.children) {
        if (
          child.ns === NS.xs &&
          !KINDS.includes(child.local as DeclarationKind) &&
          !OTHER_TOP_LEVEL.has(child.local)
        ) {
          this.unknown.push(child);
          sink.warn(
            "schema-unknown-construct",
            `xs:${child.local} is not an XML Schema construct and is ignored${caseHint(child.local)}`,
            `xs:${child.local} ${child.attrs.name ?? ""}`.trim(),
            child.location,
          );
        }
        if (child.ns !== NS.xs || !KINDS.includes(child.local as DeclarationKind)) continue;
        const kind = child.local as DeclarationKind;
        const local = child.attrs.name;
        if (!local) {
          sink.fail("schema-unnamed", `global xs:${kind} has no name attribute`, `xs:${kind}`, child.location);
        }
        const name = { ns: defaults.targetNamespace, local };
        const table = this.tables.get(kind)!;
        const key = qnameKey(name);
        // The same schema is often inlined in several WSDLs of one service: identical re-declarations are merged.
        if (!table.has(key)) table.set(key, { el: child, schema: defaults, name });
      }
    }
  }

  get(kind: DeclarationKind, name: QName): Declaration | undefined {
    return this.tables.get(kind)!.get(qnameKey(name));
  }

  all(kind: DeclarationKind): Declaration[] {
    return [...this.tables.get(kind)!.values()];
  }

  /**
   * Why `name` may not be found among `kinds` (e.g. `["complexType", "simpleType"]` for a type reference): a
   * declaration of another kind with that name, the same local name in another namespace, a namespace no loaded
   * schema declares, a reference without namespace, a misspelt construct. Undefined when there is nothing to add.
   * Meant to be appended to a "not declared" diagnostic.
   */
  explainMissing(kinds: readonly DeclarationKind[], name: QName): string | undefined {
    const hints: string[] = [];
    const at = (d: Declaration) => (d.el.location ? ` at ${formatLocation(d.el.location)}` : "");
    for (const kind of KINDS) {
      if (kinds.includes(kind)) continue;
      const other = this.get(kind, name);
      if (other)
        hints.push(
          `${qnameKey(name)} is declared as an xs:${kind}${at(other)}, not as ${kinds.map((k) => `xs:${k}`).join(" or ")}`,
        );
    }
    const elsewhere: Declaration[] = [];
    const caseMatch: Declaration[] = [];
    for (const kind of kinds) {
      for (const d of this.tables.get(kind)!.values()) {
        if (d.name.local === name.local && d.name.ns !== name.ns) elsewhere.push(d);
        else if (
          d.name.ns === name.ns &&
          d.name.local !== name.local &&
          d.name.local.toLowerCase() === name.local.toLowerCase()
        )
          caseMatch.push(d);
      }
    }
    if (name.ns === "") {
      hints.push(
        "the reference has no namespace: it has no prefix and no default namespace is declared where it is written",
      );
    } else if (!this.namespaces.has(name.ns)) {
      const wrong = this.misimported.get(name.ns) ?? [];
      if (wrong.length > 0) {
        const { location, schema } = wrong[0]!;
        const tns = schema.attrs.targetNamespace;
        hints.push(
          `no loaded schema has targetNamespace ${name.ns}: the xs:import at ${formatLocation(location)} names it, ` +
            `but its schemaLocation loads ${schema.location.file}, whose targetNamespace is ${tns ?? "absent"}`,
        );
      } else {
        hints.push(
          `no loaded schema has targetNamespace ${name.ns} ` +
            "(is its xs:import missing a schemaLocation, or does the schemaLocation point at another namespace?)",
        );
      }
    }
    if (elsewhere.length > 0)
      hints.push(`the name is declared in ${elsewhere.map((d) => `namespace "${d.name.ns}"${at(d)}`).join(", ")}`);
    if (caseMatch.length > 0)
      hints.push(`names are case-sensitive: ${caseMatch.map((d) => `${d.name.local}${at(d)}`).join(", ")}`);
    for (const el of this.unknown) {
      if (el.attrs.name === name.local)
        hints.push(
          `xs:${el.local} at ${formatLocation(el.location)} is not an XML Schema construct${caseHint(el.local)}`,
        );
    }
    return hints.length > 0 ? hints.join("; ") : undefined;
  }
}

/** ` (names are case-sensitive: xs:simpleType)` when a known construct differs only in case. */
function caseHint(local: string): string {
  const known = [...KINDS, ...OTHER_TOP_LEVEL].find((k) => k.toLowerCase() === local.toLowerCase());
  return known ? ` (names are case-sensitive: xs:${known})` : "";
}

/**
 * The schemas as the index reads them: each schema without targetNamespace that is included is replaced by a
 * copy per namespace it is included into (and kept as it is when it is also imported or loaded directly).
 */
export function withChameleons(schemas: XmlElement[]): XmlElement[] {
  // Walk up the include graph through schemas without targetNamespace: an includer with a targetNamespace lends
  // it; one that stands alone (imported, the entry, or not recorded by the loader) lends "no namespace".
  const namespacesOf = (start: XmlElement): string[] => {
    const found = new Set<string>();
    const seen = new Set<XmlElement>();
    const stack = [start];
    while (stack.length > 0) {
      const schema = stack.pop()!;
      if (seen.has(schema)) continue;
      seen.add(schema);
      const own = schema.attrs.targetNamespace;
      if (own) {
        found.add(own);
        continue;
      }
      const origin = schemaOrigin(schema);
      if (!origin || origin.standalone || origin.includedBy.length === 0) found.add("");
      stack.push(...(origin?.includedBy ?? []));
    }
    return found.size > 0 ? [...found] : [""];
  };
  const out: XmlElement[] = [];
  for (const schema of schemas) {
    for (const ns of namespacesOf(schema))
      out.push(ns === (schema.attrs.targetNamespace ?? "") ? schema : chameleonCopy(schema, ns));
  }
  return out;
}

/**
 * A copy of a schema without targetNamespace that belongs to `ns`: targetNamespace set, and `ns` made the default
 * namespace wherever none (or the empty one) is in scope, so unprefixed QNames that meant "no namespace" mean `ns`.
 */
function chameleonCopy(schema: XmlElement, ns: string): XmlElement {
  const scopes = new Map<ReadonlyMap<string, string>, ReadonlyMap<string, string>>();
  const scopeFor = (scope: ReadonlyMap<string, string>) => {
    const d = scope.get("");
    if (d !== undefined && d !== "") return scope;
    let copy = scopes.get(scope);
    if (!copy) scopes.set(scope, (copy = new Map(scope).set("", ns)));
    return copy;
  };
  const copy = (el: XmlElement): XmlElement => {
    const children = el.children.map(copy);
    const byOriginal = new Map(el.children.map((c, i) => [c, children[i]!] as const));
    const out: XmlElement = { ...el, children, scope: scopeFor(el.scope) };
    if (el.mixed)
      out.mixed = el.mixed.map((piece) =>
        typeof piece === "string" ? piece : (byOriginal.get(piece as XmlElement) ?? piece),
      );
    return out;
  };
  const root = copy(schema);
  root.attrs = { ...schema.attrs, targetNamespace: ns };
  return root;
}

/** Resolves a QName-valued attribute of `el`, failing with a diagnostic when the prefix is undeclared. */
export function attrQName(el: XmlElement, attr: string, sink: DiagnosticSink): QName | undefined {
  const value = el.attrs[attr];
  if (value === undefined) return undefined;
  const q = resolveQName(el, value);
  if (!q) {
    sink.fail(
      "schema-undeclared-prefix",
      `${attr}="${value}" uses a namespace prefix that is not declared`,
      `xs:${el.local} ${el.attrs.name ?? el.attrs.ref ?? ""}`.trim(),
      el.location,
    );
  }
  return q;
}
