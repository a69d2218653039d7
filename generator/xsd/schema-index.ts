/**
 * The index of global schema declarations across every loaded `xs:schema`, by QName, with the schema context
 * each was declared in. Readers resolve references through it; a reference to something missing is an error
 * naming the QName and the place that refers to it.
 */
import { DiagnosticSink } from "../diagnostics.js";
import { NS } from "../load/namespaces.js";
import { qnameKey, resolveQName, type QName, type XmlElement } from "../load/xml.js";

/** What a declaration inherits from its `xs:schema`. */
export interface SchemaContext {
  targetNamespace: string;
  elementQualified: boolean;
  attributeQualified: boolean;
}

export interface Declaration {
  el: XmlElement;
  ctx: SchemaContext;
  name: QName;
}

export type DeclarationKind = "complexType" | "simpleType" | "element" | "group" | "attributeGroup" | "attribute";

const KINDS: readonly DeclarationKind[] = ["complexType", "simpleType", "element", "group", "attributeGroup", "attribute"];

export class SchemaIndex {
  private readonly tables = new Map<DeclarationKind, Map<string, Declaration>>(KINDS.map((k) => [k, new Map()]));
  readonly namespaces = new Set<string>();

  constructor(schemas: XmlElement[], sink: DiagnosticSink) {
    for (const schema of schemas) {
      const ctx: SchemaContext = {
        targetNamespace: schema.attrs.targetNamespace ?? "",
        elementQualified: schema.attrs.elementFormDefault === "qualified",
        attributeQualified: schema.attrs.attributeFormDefault === "qualified",
      };
      this.namespaces.add(ctx.targetNamespace);
      for (const child of schema.children) {
        if (child.ns !== NS.xs || !KINDS.includes(child.local as DeclarationKind)) continue;
        const kind = child.local as DeclarationKind;
        const local = child.attrs.name;
        if (!local) {
          sink.fail("schema-unnamed", `global xs:${kind} has no name attribute`, `xs:${kind}`, child.location);
        }
        const name = { ns: ctx.targetNamespace, local };
        const table = this.tables.get(kind)!;
        const key = qnameKey(name);
        // The same schema is often inlined in several WSDLs of one service: identical re-declarations are merged.
        if (!table.has(key)) table.set(key, { el: child, ctx, name });
      }
    }
  }

  get(kind: DeclarationKind, name: QName): Declaration | undefined {
    return this.tables.get(kind)!.get(qnameKey(name));
  }

  all(kind: DeclarationKind): Declaration[] {
    return [...this.tables.get(kind)!.values()];
  }
}

/** Resolves a QName-valued attribute of `el`, failing with a diagnostic when the prefix is undeclared. */
export function attrQName(el: XmlElement, attr: string, sink: DiagnosticSink): QName | undefined {
  const value = el.attrs[attr];
  if (value === undefined) return undefined;
  const q = resolveQName(el, value);
  if (!q) {
    sink.fail("schema-undeclared-prefix", `${attr}="${value}" uses a namespace prefix that is not declared`, `xs:${el.local} ${el.attrs.name ?? el.attrs.ref ?? ""}`.trim(), el.location);
  }
  return q;
}
