/**
 * Values → XML elements, driven by the metadata: fields in schema order, element namespaces, `null` as
 * `xsi:nil="true"`, a derived type's value (`$type`) with `xsi:type`, WCF `ArrayOfX` wrappers and dictionaries,
 * repeated choices, `xs:any` wildcards (`$any`, `$anyAttributes`) and `xs:anyType`. What the generated types do not
 * allow (a missing required member, two alternatives of one choice) is refused with a {@link SoapCodecError} naming
 * the value's path; text XML cannot carry, by the writer (xml-writer.ts) that writes the elements, naming the element
 * path.
 */
import { SoapCodecError } from "./errors.js";
import { builtinText } from "./lexical.js";
import type { AnyElement, ChoiceMeta, ComplexTypeMeta, FieldMeta, TypeRefMeta } from "./metadata.js";
import { SOAPENC_NS, XSI_NS } from "./namespaces.js";
import type { PrefixMap } from "./prefixes.js";
import { simpleText } from "./simple-types.js";
import { isRepeated, type ResolvedType, type TypeResolver } from "./type-resolver.js";
import { own, setOwn } from "./own.js";
import { unknownContent, type UnknownContent } from "./unknown.js";
import { isXmlName } from "./xml-names.js";

/** An element in fast-xml-parser's ordered (preserveOrder) builder format. */
export type OutNode = Record<string, unknown>;

/** The elements written for one field (or part, header…), with the names they can have (or the field to ask). */
export interface ElementGroup {
  nodes: OutNode[];
  names?: readonly string[];
  field?: FieldMeta;
}

export class ValueEncoder {
  constructor(private readonly types: TypeResolver) {}

  /** Encodes one field (several elements when repeated; none when the value is undefined). */
  encodeField(w: PrefixMap, field: FieldMeta, value: unknown, path: string): OutNode[] {
    if (field.particle === "any") return this.encodeAnyElements(w, value, `${path}.${field.name}`);
    if (value === undefined) {
      if (field.min > 0 && !field.nillable) throw new SoapCodecError(`${path}.${field.name} is required`);
      return [];
    }
    const repeated = isRepeated(field);
    // null where the element cannot be nil: nothing, if it may be left out (as for a repeated element), else an error.
    if (value === null && !field.nillable && field.particle !== "group") {
      if (field.min > 0)
        throw new SoapCodecError(`${path}.${field.name} is null, but the element is required and not nillable`);
      return [];
    }
    if (field.particle === "group") {
      // A repeated choice: each item's elements are written directly here, without an element of its own.
      if (value === null) return [];
      const items = repeated ? value : [value];
      if (!Array.isArray(items))
        throw new SoapCodecError(`${path}.${field.name} must be an array (the occurrences of a choice)`);
      const type = this.types.resolve(field.type);
      if (type.kind !== "complex")
        throw new SoapCodecError(`${path}.${field.name}: a choice group must have a complex type`);
      return items.flatMap((item, i) => this.encodeGroupItem(w, type, item, `${path}.${field.name}[${i}]`));
    }
    if (repeated) {
      if (value === null) return [];
      if (!Array.isArray(value)) throw new SoapCodecError(`${path}.${field.name} must be an array`);
      return value.map((item, i) =>
        this.encodeElement(w, field.ns, field.name, field.type, item, `${path}.${field.name}[${i}]`, !!field.nillable),
      );
    }
    return [this.encodeElement(w, field.ns, field.name, field.type, value, `${path}.${field.name}`, !!field.nillable)];
  }

  /** One element `<ns:name>` holding `value` of type `ref`; `null` becomes `xsi:nil="true"` where `nillable`. */
  encodeElement(
    w: PrefixMap,
    ns: string,
    name: string,
    ref: TypeRefMeta,
    value: unknown,
    path: string,
    nillable = true,
  ): OutNode {
    const tag = w.qname(ns, name);
    if (value === null) {
      if (!nillable) throw new SoapCodecError(`${path} is null, but the element is not nillable`);
      return { [tag]: [], ":@": { [w.qname(XSI_NS, "nil")]: "true" } };
    }
    let type = this.types.resolve(ref);
    const attrs: Record<string, string> = {};
    // A value of a derived type says so with `$type` (its TypeScript name); it is written with `xsi:type`.
    const actual = typeof value === "object" && !Array.isArray(value) ? own(value, "$type") : undefined;
    if (typeof actual === "string" && actual !== ref && type.kind === "complex") {
      const derived = this.types.named(actual);
      if (!derived || derived.kind !== "complex" || !derived.xml || !this.types.derivesFrom(actual, ref as string)) {
        throw new SoapCodecError(`${path}: $type ${JSON.stringify(actual)} is not a type derived from ${String(ref)}`);
      }
      attrs[w.qname(XSI_NS, "type")] = w.qname(derived.xml.ns, derived.xml.name);
      type = derived;
    }
    if (type.kind === "complex" && type.abstract) {
      throw new SoapCodecError(
        `${path}: ${typeof ref === "string" ? ref : "the type"} is abstract; set $type to the derived type of the value`,
      );
    }
    const children = this.encodeContent(w, type, value, path, attrs);
    const node: OutNode = { [tag]: children };
    if (Object.keys(attrs).length) node[":@"] = attrs;
    return node;
  }

  private encodeContent(
    w: PrefixMap,
    type: ResolvedType,
    value: unknown,
    path: string,
    attrs: Record<string, string>,
  ): OutNode[] {
    if (type.kind === "builtin") {
      if (type.name === "anyType") return this.encodeAny(w, value, path);
      return textNode(builtinText(type.name, value, path));
    }
    if (type.kind === "simple") return textNode(simpleText(this.types, type, value, path));
    if (type.array) {
      if (!Array.isArray(value)) throw new SoapCodecError(`${path} must be an array`);
      const item = type.array.item;
      const encoded = type.array.encoded;
      if (encoded)
        attrs[w.qname(SOAPENC_NS, "arrayType")] =
          `${w.qname(encoded.ns, encoded.name)}${encoded.ranks}[${value.length}]`;
      const items = value.map((v, i) =>
        this.encodeElement(w, item.ns, item.name, item.type, v, `${path}[${i}]`, !!item.nillable),
      );
      const unknown = unknownOf(value, path);
      this.unknownAttributes(w, unknown, attrs, path);
      return this.placeUnknown(w, [], [{ names: [item.name], nodes: items }], unknown, path);
    }
    if (type.dictionary) {
      const { entry, key, value: valueField } = type.dictionary;
      if (typeof value !== "object" || value === null || Array.isArray(value))
        throw new SoapCodecError(`${path} must be an object (a dictionary)`);
      // A Map is taken for what it is (its entries, in insertion order); an object gives its own enumerable entries.
      const entries: [unknown, unknown][] =
        value instanceof Map ? [...(value as Map<unknown, unknown>)] : Object.entries(value);
      const nodes = entries.map(([k, v]) => ({
        [w.qname(entry.ns, entry.name)]: [
          ...this.encodeField(w, key, k, `${path}[key]`),
          ...this.encodeField(w, valueField, v, `${path}[${JSON.stringify(k) ?? String(k)}]`),
        ],
      }));
      const unknown = value instanceof Map ? undefined : unknownOf(value, path);
      this.unknownAttributes(w, unknown, attrs, path);
      return this.placeUnknown(w, [], [{ names: [entry.name], nodes }], unknown, path);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new SoapCodecError(`${path} must be an object`);
    if (value instanceof Map || value instanceof Set)
      throw new SoapCodecError(`${path} must be an object of members, not a ${value instanceof Map ? "Map" : "Set"}`);
    const record = value as Record<string, unknown>;
    const content = this.types.content(type);
    for (const a of content.attributes) {
      const v = own(record, a.name);
      if (v === undefined || v === null) {
        if (a.required) throw new SoapCodecError(`${path}@${a.name} is required`);
        continue;
      }
      const at = this.types.resolve(a.type);
      setOwn(
        attrs,
        w.qname(a.ns, a.name),
        at.kind === "builtin"
          ? builtinText(at.name, v, `${path}@${a.name}`)
          : at.kind === "simple"
            ? simpleText(this.types, at, v, `${path}@${a.name}`)
            : String(v),
      );
    }
    const anyAttributes = own(record, "$anyAttributes");
    if (content.anyAttribute && anyAttributes !== undefined)
      this.encodeAttributeMap(w, anyAttributes, attrs, `${path}.$anyAttributes`);
    const unknown = unknownOf(record, path);
    this.unknownAttributes(w, unknown, attrs, path);
    this.checkChoices(content.choices, record, path);
    const leading: OutNode[] = [];
    const text = own(record, "$value");
    if (content.text !== undefined && text !== undefined)
      leading.push(...this.encodeContent(w, this.types.resolve(content.text), text, `${path}.$value`, attrs));
    const groups = content.fields.map((f) => ({
      field: f,
      nodes: this.encodeField(w, f, own(record, f.name), path),
    }));
    return this.placeUnknown(w, leading, groups, unknown, path);
  }

  /** The local names of the elements a field is written as (a repeated choice: its alternatives' elements). */
  elementNames(field: FieldMeta): string[] {
    if (field.particle === "any") return [];
    if (field.particle !== "group") return [field.name];
    const type = this.types.resolve(field.type);
    return type.kind === "complex" ? this.types.content(type).fields.map((f) => f.name) : [];
  }

  /**
   * The children of an element: `leading` (text), undeclared elements that came first, then each group's known
   * elements with the undeclared content kept for them — their attributes and elements when their value could not
   * carry it, then the undeclared elements that followed them. Undeclared elements whose known element is not
   * written any more follow the group that would have written it; any still left come last.
   */
  placeUnknown(
    w: PrefixMap,
    leading: OutNode[],
    groups: ElementGroup[],
    unknown: UnknownContent | undefined,
    path: string,
  ): OutNode[] {
    if (!unknown?.elements?.length && !unknown?.children?.length) {
      if (leading.length === 0 && groups.length === 1) return groups[0]!.nodes;
      const out = leading.slice();
      for (const group of groups) for (const node of group.nodes) out.push(node);
      return out;
    }
    const pending = (unknown.elements ?? []).map((placed) => ({ placed, done: false }));
    const out: OutNode[] = [...leading];
    const emit = (wanted: (after: string | undefined, index: number) => boolean) => {
      for (const p of pending) {
        if (p.done || !wanted(p.placed.after, p.placed.index ?? 0)) continue;
        p.done = true;
        out.push(this.encodeAnyElement(w, p.placed.element, `${path}[unknown content]`, 0));
      }
    };
    emit((after) => after === undefined);
    const counts = new Map<string, number>();
    for (const group of groups) {
      for (const node of group.nodes) {
        const local = localNameOf(node);
        if (local === undefined) {
          out.push(node);
          continue;
        }
        const index = counts.get(local) ?? 0;
        counts.set(local, index + 1);
        const inner = unknown.children?.find((c) => c.name === local && (c.index ?? 0) === index);
        out.push(inner ? this.withUnknown(w, node, inner.content, `${path}.${local}`) : node);
        emit((after, i) => after === local && i === index);
      }
      const declared = group.names ?? (group.field ? this.elementNames(group.field) : []);
      const names = new Set([...declared, ...group.nodes.map(localNameOf)]);
      emit((after) => after !== undefined && names.has(after));
    }
    emit(() => true);
    return out;
  }

  /** Undeclared attributes into the attributes being written (declared ones win). */
  unknownAttributes(
    w: PrefixMap,
    unknown: UnknownContent | undefined,
    attrs: Record<string, string>,
    path: string,
  ): void {
    if (unknown?.attributes === undefined) return;
    const extra: Record<string, string> = {};
    this.encodeAttributeMap(w, unknown.attributes, extra, `${path}[unknown attributes]`);
    for (const [key, value] of Object.entries(extra)) if (!Object.hasOwn(attrs, key)) setOwn(attrs, key, value);
  }

  /** A written element with the undeclared content kept for it (its value could not carry it). */
  private withUnknown(w: PrefixMap, node: OutNode, content: UnknownContent, path: string): OutNode {
    const tag = Object.keys(node).find((k) => k !== ":@")!;
    const attrs: Record<string, string> = { ...(node[":@"] as Record<string, string> | undefined) };
    this.unknownAttributes(w, checkUnknown(content, path), attrs, path);
    const out: OutNode = {
      [tag]: this.placeUnknown(w, [], [{ names: [], nodes: node[tag] as OutNode[] }], content, path),
    };
    if (Object.keys(attrs).length) out[":@"] = attrs;
    return out;
  }

  /** One item of a repeated choice: the elements of the alternative it holds. */
  private encodeGroupItem(w: PrefixMap, type: ComplexTypeMeta, item: unknown, path: string): OutNode[] {
    if (typeof item !== "object" || item === null || Array.isArray(item))
      throw new SoapCodecError(`${path} must be an object (one alternative of the choice)`);
    const record = item as Record<string, unknown>;
    const content = this.types.content(type);
    this.checkChoices(content.choices, record, path);
    return content.fields.flatMap((f) => this.encodeField(w, f, own(record, f.name), path));
  }

  /** At most one alternative of each choice is set (exactly one when the choice is required). */
  private checkChoices(choices: ChoiceMeta[], record: Record<string, unknown>, path: string): void {
    for (const c of choices) {
      const names = [...new Set(c.alternatives.flat())];
      const present = names.filter((n) => own(record, n) !== undefined);
      if (present.length === 0) {
        if (!c.optional) throw new SoapCodecError(`${path}: one of ${names.join(", ")} is required (xs:choice)`);
        continue;
      }
      if (!c.alternatives.some((a) => present.every((n) => a.includes(n)))) {
        throw new SoapCodecError(`${path}: ${present.join(" and ")} are alternatives of one xs:choice; set only one`);
      }
    }
  }

  /** `$anyAttributes` (`{ns}local` or `local` → text) into the attributes being written. */
  private encodeAttributeMap(w: PrefixMap, value: unknown, attrs: Record<string, string>, path: string): void {
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new SoapCodecError(`${path} must be an object of attribute texts`);
    for (const [key, text] of Object.entries(value as Record<string, unknown>)) {
      if (typeof text !== "string") throw new SoapCodecError(`${path}[${JSON.stringify(key)}] must be a string`);
      const m = /^\{([^}]*)\}(.*)$/.exec(key);
      const local = m ? m[2]! : key;
      if (!isXmlName(local)) throw new SoapCodecError(`${path}: ${JSON.stringify(key)} is not an attribute name`);
      const name = m && m[1] ? w.qname(m[1], local) : local;
      // An xsi:type kept from a message is {namespace}local: written with the prefix its namespace has here.
      const q = m && m[1] === XSI_NS && local === "type" ? /^\{([^}]*)\}(.+)$/.exec(text) : null;
      setOwn(attrs, name, q ? w.qname(q[1]!, q[2]!) : text);
    }
  }

  /** `$any`: the elements of an `xs:any` wildcard. */
  private encodeAnyElements(w: PrefixMap, value: unknown, path: string): OutNode[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw new SoapCodecError(`${path} must be an array of AnyElement objects`);
    return value.map((v, i) => this.encodeAnyElement(w, v, `${path}[${i}]`, 0));
  }

  /** One `xs:any` element (an {@link AnyElement}, checked for shape). */
  encodeAnyElement(w: PrefixMap, value: unknown, path: string, depth: number): OutNode {
    const v = {
      name: own(value, "name"),
      ns: own(value, "ns"),
      attributes: own(value, "attributes"),
      text: own(value, "text"),
      children: own(value, "children"),
    };
    if (typeof v.name !== "string" || !isXmlName(v.name) || (v.ns !== undefined && typeof v.ns !== "string")) {
      throw new SoapCodecError(`${path} must be an AnyElement ({ name, ns, attributes?, text?, children? })`);
    }
    if (depth > 256) throw new SoapCodecError(`${path}: AnyElement nesting deeper than 256`);
    const attrs: Record<string, string> = {};
    if (v.attributes !== undefined) this.encodeAttributeMap(w, v.attributes, attrs, `${path}.attributes`);
    if (v.text !== undefined && typeof v.text !== "string") throw new SoapCodecError(`${path}.text must be a string`);
    if (v.children !== undefined && !Array.isArray(v.children))
      throw new SoapCodecError(`${path}.children must be an array`);
    const children = [
      ...(v.text ? textNode(v.text) : []),
      ...((v.children ?? []) as unknown[]).map((c, i) =>
        this.encodeAnyElement(w, c, `${path}.children[${i}]`, depth + 1),
      ),
    ];
    const node: OutNode = { [w.qname(v.ns ?? "", v.name)]: children };
    if (Object.keys(attrs).length) node[":@"] = attrs;
    return node;
  }

  private encodeAny(w: PrefixMap, value: unknown, path: string): OutNode[] {
    if (value === undefined) return [];
    if (typeof value !== "object" || value === null) return textNode(String(value));
    if (Array.isArray(value)) throw new SoapCodecError(`${path}: an xs:anyType value must be text or an object`);
    const out: OutNode[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (!isXmlName(k))
        throw new SoapCodecError(
          `${path}: ${JSON.stringify(k)} is not an XML name and cannot be written as an element`,
        );
      for (const item of Array.isArray(v) ? v : [v]) out.push({ [k]: this.encodeAny(w, item, `${path}.${k}`) });
    }
    return out;
  }
}

/**
 * A text child. A character XML 1.0 cannot carry is refused by the writer (xml-writer.ts), which names the element
 * path; the elements built here are meant to be written by it.
 */
function textNode(text: string): OutNode[] {
  return text === "" ? [] : [{ "#text": text }];
}

/** The local name of a written element (undefined for text). */
function localNameOf(node: OutNode): string | undefined {
  const tag = Object.keys(node).find((k) => k !== ":@");
  if (tag === undefined || tag === "#text") return undefined;
  return tag.slice(tag.indexOf(":") + 1);
}

/** The undeclared content a value carries (an own property, enumerable or not), checked for shape. */
export function unknownOf(value: unknown, path: string): UnknownContent | undefined {
  const content = unknownContent(value);
  return content === undefined ? undefined : checkUnknown(content, path);
}

/** Refuses undeclared content that does not have the documented shape (it may have been built by hand). */
export function checkUnknown(content: unknown, path: string): UnknownContent {
  const bad = (what: string): never => {
    throw new SoapCodecError(`${path}: its undeclared content (UNKNOWN_CONTENT) ${what}`);
  };
  if (typeof content !== "object" || content === null) return bad("is not an object");
  const c = content as UnknownContent;
  if (c.attributes !== undefined && (typeof c.attributes !== "object" || c.attributes === null))
    bad("has attributes that are not an object");
  if (c.elements !== undefined) {
    if (!Array.isArray(c.elements)) bad("has elements that are not an array");
    for (const p of c.elements)
      if (
        typeof p !== "object" ||
        p === null ||
        (p.after !== undefined && typeof p.after !== "string") ||
        (p.index !== undefined && !Number.isInteger(p.index))
      )
        bad("has an element that is not { after?, index?, element }");
  }
  if (c.children !== undefined) {
    if (!Array.isArray(c.children)) bad("has children that are not an array");
    for (const child of c.children)
      if (typeof child !== "object" || child === null || typeof child.name !== "string")
        bad("has a child that is not { name, index?, content }");
  }
  return c;
}
