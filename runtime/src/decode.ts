/**
 * XML elements → values, driven by the metadata. Decoding yields exactly what the generated types promise: numbers
 * are numbers, repeated elements are arrays even with one item, absent optional members stay absent, nil is
 * `null`, an `xsi:type` naming a derived type gives its fields and `$type`; unknown elements are ignored (or kept
 * in `$any` where the type has a wildcard). Names from the message never become prototype keys.
 */
import { builtinCategory } from "./builtins.js";
import { builtinValue } from "./lexical.js";
import type { AnyElement, FieldMeta, TypeRefMeta } from "./metadata.js";
import { XSD_NS, XSI_NS } from "./namespaces.js";
import { own, setOwn } from "./own.js";
import { simpleValue } from "./simple-types.js";
import { isRepeated, type ComplexContent, type ResolvedType, type TypeResolver } from "./type-resolver.js";
import { attributeNS, resolveQName, type XmlNode } from "./xml.js";

export class ValueDecoder {
  constructor(private readonly types: TypeResolver) {}

  /**
   * Decodes the fields of `node`'s children into an object (repeated fields as arrays). Elements of a repeated
   * choice are gathered into its items; elements no field declares go to `$any` when the type has a wildcard and
   * are ignored otherwise.
   */
  decodeFields(
    children: XmlNode[],
    fields: FieldMeta[],
    path: string,
    into: Record<string, unknown> = {},
  ): Record<string, unknown> {
    if (fields.length === 0) return into;
    type Entry = { field: FieldMeta; group?: { field: FieldMeta; content: ComplexContent } };
    const byName = new Map<string, Entry[]>();
    const add = (entry: Entry) => {
      const list = byName.get(entry.field.name);
      if (list) list.push(entry);
      else byName.set(entry.field.name, [entry]);
    };
    let wildcard: FieldMeta | undefined;
    for (const f of fields) {
      if (f.particle === "any") wildcard ??= f;
      else if (f.particle === "group") {
        const type = this.types.resolve(f.type);
        if (type.kind !== "complex") continue;
        const content = this.types.content(type);
        for (const g of content.fields) if (!g.particle) add({ field: g, group: { field: f, content } });
      } else add({ field: f });
    }
    for (const child of children) {
      const candidates = byName.get(child.local);
      const entry = candidates?.find((c) => c.field.ns === child.ns) ?? candidates?.[0];
      if (!entry) {
        if (wildcard)
          (Object.hasOwn(into, wildcard.name)
            ? (into[wildcard.name] as unknown[])
            : setOwn(into, wildcard.name, [] as unknown[])
          ).push(anyElementOf(child, 0));
        continue;
      }
      const { field, group } = entry;
      let target = into;
      if (group) {
        const items = Object.hasOwn(into, group.field.name)
          ? (into[group.field.name] as Record<string, unknown>[])
          : setOwn(into, group.field.name, [] as Record<string, unknown>[]);
        let item = items[items.length - 1];
        if (!item || startsNewItem(item, field, group.content)) items.push((item = {}));
        target = item;
      }
      const value = this.decodeElement(child, field.type, `${path}.${field.name}`);
      if (isRepeated(field)) {
        const list = Object.hasOwn(target, field.name)
          ? (target[field.name] as unknown[])
          : setOwn(target, field.name, [] as unknown[]);
        list.push(value);
      } else {
        setOwn(target, field.name, value);
      }
    }
    return into;
  }

  decodeElement(node: XmlNode, ref: TypeRefMeta, path: string): unknown {
    const nil = attributeNS(node, XSI_NS, "nil");
    if (nil === "true" || nil === "1") return null;
    let type = this.types.resolve(ref);
    let derivedName: string | undefined;
    const xsiType = attributeNS(node, XSI_NS, "type");
    if (xsiType) {
      const q = resolveQName(node, xsiType);
      if (q) {
        const named = this.types.nameOf(q.ns, q.local);
        if (
          named &&
          named !== ref &&
          typeof ref === "string" &&
          type.kind === "complex" &&
          this.types.derivesFrom(named, ref)
        ) {
          derivedName = named;
          type = this.types.named(named)!;
        } else if (named && type.kind === "builtin" && type.name === "anyType") {
          type = this.types.named(named)!;
        } else if (q.ns === XSD_NS && type.kind === "builtin" && type.name === "anyType" && builtinCategory(q.local)) {
          type = { kind: "builtin", name: q.local };
        }
      }
    }
    const value = this.decodeContent(node, type, path);
    // The decoded value of a derived type carries its name, as the encoder expects it.
    return derivedName ? { $type: derivedName, ...(value as Record<string, unknown>) } : value;
  }

  private decodeContent(node: XmlNode, type: ResolvedType, path: string): unknown {
    if (type.kind === "builtin")
      return type.name === "anyType"
        ? this.decodeAny(node)
        : builtinValue(type.name, node.text, path, this.types.scalars);
    if (type.kind === "simple") return simpleValue(this.types, type, node.text, path);
    if (type.array) {
      const item = type.array.item;
      // SOAP-encoded arrays name their items freely.
      const anyName = !!type.array.encoded;
      const out: unknown[] = [];
      for (const child of node.children)
        if (anyName || child.local === item.name)
          out.push(this.decodeElement(child, item.type, `${path}[${out.length}]`));
      return out;
    }
    if (type.dictionary) {
      const { entry, key, value } = type.dictionary;
      const out: Record<string, unknown> = {};
      for (const child of node.children) {
        if (child.local !== entry.name) continue;
        const pair = this.decodeFields(child.children, [key, value], path);
        const k = pair[key.name];
        setOwn(
          out,
          k === null || k === undefined ? "" : String(k),
          pair[value.name] === undefined ? null : pair[value.name],
        );
      }
      return out;
    }
    const content = this.types.content(type);
    const out: Record<string, unknown> = {};
    for (const a of content.attributes) {
      const raw = a.ns ? attributeNS(node, a.ns, a.name) : (own(node.attrs, a.name) as string | undefined);
      if (raw === undefined) continue;
      const at = this.types.resolve(a.type);
      setOwn(
        out,
        a.name,
        at.kind === "builtin"
          ? builtinValue(at.name, raw, `${path}@${a.name}`, this.types.scalars)
          : at.kind === "simple"
            ? simpleValue(this.types, at, raw, `${path}@${a.name}`)
            : raw,
      );
    }
    if (content.anyAttribute) {
      const declared = new Set(content.attributes.map((a) => (a.ns ? `{${a.ns}}${a.name}` : a.name)));
      const extra: Record<string, string> = {};
      for (const [key, value] of Object.entries(attributeMap(node))) {
        if (!declared.has(key) && !key.startsWith(`{${XSI_NS}}`)) setOwn(extra, key, value);
      }
      if (Object.keys(extra).length) out.$anyAttributes = extra;
    }
    if (content.text !== undefined)
      out.$value = this.decodeContent(node, this.types.resolve(content.text), `${path}.$value`);
    return this.decodeFields(node.children, content.fields, path, out);
  }

  private decodeAny(node: XmlNode): unknown {
    if (node.children.length === 0) return node.text;
    const out: Record<string, unknown> = {};
    for (const child of node.children) {
      const v = this.decodeAny(child);
      if (Object.hasOwn(out, child.local)) {
        const prev = out[child.local];
        setOwn(out, child.local, Array.isArray(prev) ? [...prev, v] : [prev, v]);
      } else setOwn(out, child.local, v);
    }
    return out;
  }
}

/** An element's attributes by expanded name: `{ns}local` for prefixed ones, `local` for the others. */
function attributeMap(node: XmlNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(node.attrs)) {
    const colon = key.indexOf(":");
    const ns = colon === -1 ? undefined : node.scope.get(key.slice(0, colon));
    setOwn(out, ns === undefined ? key : `{${ns}}${key.slice(colon + 1)}`, value);
  }
  return out;
}

/** An element matched by `xs:any`, as carried in `$any`. */
function anyElementOf(node: XmlNode, depth: number): AnyElement {
  const out: AnyElement = { name: node.local, ns: node.ns };
  const attributes = attributeMap(node);
  if (Object.keys(attributes).length) out.attributes = attributes;
  if (node.text !== "" && (node.children.length === 0 || node.text.trim() !== "")) out.text = node.text;
  if (node.children.length && depth < 256) out.children = node.children.map((c) => anyElementOf(c, depth + 1));
  return out;
}

/**
 * Does `field` start a new item of a repeated choice, given the item being filled? It does when the item already
 * has that (non-repeated) member, or when no alternative holds both the item's members and this one.
 */
function startsNewItem(item: Record<string, unknown>, field: FieldMeta, content: ComplexContent): boolean {
  if (Object.hasOwn(item, field.name) && !isRepeated(field)) return true;
  const keys = Object.keys(item);
  if (keys.length === 0) return false;
  return !content.choices.some((c) =>
    c.alternatives.some((a) => a.includes(field.name) && keys.every((k) => a.includes(k))),
  );
}
