/**
 * Values ⇄ XML elements, driven by the metadata: schema order, element namespaces, `xsi:nil` for `null`, WCF
 * `ArrayOfX` wrappers and dictionaries, flags lists, and lossless built-ins (numbers kept as text stay text).
 * Decoding yields exactly what the generated types promise: numbers are numbers, repeated elements are arrays even
 * with one item, absent optional members stay absent, nil is `null`; unknown elements are ignored.
 */
import { builtinCategory } from "./builtins.js";
import { SoapCodecError } from "./errors.js";
import type {
  AnyElement,
  ChoiceMeta,
  ComplexTypeMeta,
  FieldMeta,
  ScalarRepresentation,
  ServiceMetadata,
  SimpleTypeMeta,
  TypeMeta,
  TypeRefMeta,
} from "./metadata.js";
import { attributeNS, resolveQName, type XmlNode } from "./xml.js";
import { isXmlName } from "./xml-names.js";

export { isXmlName };

export const XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";
export const XSD_NS = "http://www.w3.org/2001/XMLSchema";
export const SOAPENC_NS = "http://schemas.xmlsoap.org/soap/encoding/";
const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";

/** An element in fast-xml-parser's ordered (preserveOrder) builder format. */
export type OutNode = Record<string, unknown>;

/** Assigns namespace prefixes while a message is written; all are declared on the envelope. */
export class PrefixMap {
  private readonly fixed = new Map<string, string>();
  /** Namespaces used so far, with their prefixes, in order of first use. */
  private readonly used = new Map<string, string>();
  private counter = 0;
  constructor(fixed: [ns: string, prefix: string][] = []) {
    for (const [ns, prefix] of fixed) this.fixed.set(ns, prefix);
  }
  prefix(ns: string): string {
    // The XML namespace has its reserved prefix, which is never declared (xml:lang, xml:space).
    if (ns === XML_NAMESPACE) return "xml";
    let p = this.used.get(ns);
    if (p === undefined) {
      p = this.fixed.get(ns) ?? `ns${++this.counter}`;
      this.used.set(ns, p);
    }
    return p;
  }
  /** `prefix:local` (or `local` without namespace). A local name that is no XML name is refused: it would be markup. */
  qname(ns: string, local: string): string {
    if (!isXmlName(local))
      throw new SoapCodecError(
        `${JSON.stringify(local)} is not an XML name and cannot be written as an element or attribute name`,
      );
    return ns ? `${this.prefix(ns)}:${local}` : local;
  }
  /** `xmlns:` attributes for every namespace used. */
  declarations(): Record<string, string> {
    const attrs: Record<string, string> = {};
    for (const [ns, p] of this.used) attrs[`xmlns:${p}`] = ns;
    return attrs;
  }
}

type Resolved = { kind: "builtin"; name: string } | TypeMeta;

interface ComplexContent {
  fields: FieldMeta[];
  attributes: NonNullable<ComplexTypeMeta["attributes"]>;
  text?: TypeRefMeta;
  choices: ChoiceMeta[];
  anyAttribute: boolean;
}

export class ValueCodec {
  private readonly byXmlName = new Map<string, string>();
  private readonly contents = new Map<ComplexTypeMeta, ComplexContent>();
  readonly scalars: ScalarRepresentation;

  constructor(readonly metadata: ServiceMetadata) {
    this.scalars = metadata.scalars;
    for (const [name, type] of Object.entries(metadata.types)) {
      if (type.xml) this.byXmlName.set(`{${type.xml.ns}}${type.xml.name}`, name);
    }
  }

  resolve(ref: TypeRefMeta): Resolved {
    if (typeof ref !== "string") return ref;
    if (ref.startsWith("xs:")) return { kind: "builtin", name: ref.slice(3) };
    const type = this.metadata.types[ref];
    if (!type) throw new SoapCodecError(`type ${ref} is not in the metadata`);
    return type;
  }

  /** Fields and attributes of a complex type with those of its bases (extension), in schema order. */
  content(type: ComplexTypeMeta): ComplexContent {
    let content = this.contents.get(type);
    if (content) return content;
    const own: ComplexContent = {
      fields: type.fields,
      attributes: type.attributes ?? [],
      choices: type.choices ?? [],
      anyAttribute: !!type.anyAttribute,
      ...(type.text !== undefined ? { text: type.text } : {}),
    };
    if (type.base && type.derivation === "extension") {
      const base = this.resolve(type.base);
      if (base.kind === "complex") {
        const inherited = this.content(base);
        content = {
          fields: [...inherited.fields, ...own.fields],
          attributes: [...inherited.attributes, ...own.attributes],
          choices: [...inherited.choices, ...own.choices],
          anyAttribute: inherited.anyAttribute || own.anyAttribute,
          ...((own.text ?? inherited.text) !== undefined ? { text: own.text ?? inherited.text! } : {}),
        };
      }
    }
    content ??= own;
    this.contents.set(type, content);
    return content;
  }

  /** Is the named type `name` derived (at any depth) from `base`? */
  derivesFrom(name: string, base: string): boolean {
    for (let t = this.metadata.types[name]; t && t.kind === "complex" && t.base; t = this.metadata.types[t.base]) {
      if (t.base === base) return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- encoding

  /** Encodes one field (several elements when repeated; none when the value is undefined). */
  encodeField(w: PrefixMap, field: FieldMeta, value: unknown, path: string): OutNode[] {
    if (field.particle === "any") return this.encodeAnyElements(w, value, `${path}.${field.name}`);
    if (value === undefined) {
      if (field.min > 0 && !field.nillable) throw new SoapCodecError(`${path}.${field.name} is required`);
      return [];
    }
    const repeated = field.max === -1 || field.max > 1;
    if (field.particle === "group") {
      // A repeated choice: each item's elements are written directly here, without an element of its own.
      if (value === null) return [];
      const items = repeated ? value : [value];
      if (!Array.isArray(items))
        throw new SoapCodecError(`${path}.${field.name} must be an array (the occurrences of a choice)`);
      const type = this.resolve(field.type);
      if (type.kind !== "complex")
        throw new SoapCodecError(`${path}.${field.name}: a choice group must have a complex type`);
      return items.flatMap((item, i) => this.encodeGroupItem(w, type, item, `${path}.${field.name}[${i}]`));
    }
    if (repeated) {
      if (value === null) return [];
      if (!Array.isArray(value)) throw new SoapCodecError(`${path}.${field.name} must be an array`);
      return value.map((item, i) =>
        this.encodeElement(w, field.ns, field.name, field.type, item, `${path}.${field.name}[${i}]`),
      );
    }
    return [this.encodeElement(w, field.ns, field.name, field.type, value, `${path}.${field.name}`)];
  }

  /** One element `<ns:name>` holding `value` of type `ref`; `null` becomes `xsi:nil="true"`. */
  encodeElement(w: PrefixMap, ns: string, name: string, ref: TypeRefMeta, value: unknown, path: string): OutNode {
    const tag = w.qname(ns, name);
    if (value === null) return { [tag]: [], ":@": { [w.qname(XSI_NS, "nil")]: "true" } };
    let type = this.resolve(ref);
    const attrs: Record<string, string> = {};
    // A value of a derived type says so with `$type` (its TypeScript name); it is written with `xsi:type`.
    const actual =
      typeof value === "object" && !Array.isArray(value) ? (value as { $type?: unknown }).$type : undefined;
    if (typeof actual === "string" && actual !== ref && type.kind === "complex") {
      const derived = this.metadata.types[actual];
      if (!derived || derived.kind !== "complex" || !derived.xml || !this.derivesFrom(actual, ref as string)) {
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
    type: Resolved,
    value: unknown,
    path: string,
    attrs: Record<string, string>,
  ): OutNode[] {
    if (type.kind === "builtin") {
      if (type.name === "anyType") return this.encodeAny(w, value, path);
      return textNode(this.builtinText(type.name, value, path));
    }
    if (type.kind === "simple") return textNode(this.simpleText(type, value, path));
    if (type.array) {
      if (!Array.isArray(value)) throw new SoapCodecError(`${path} must be an array`);
      const item = type.array.item;
      const encoded = type.array.encoded;
      if (encoded)
        attrs[w.qname(SOAPENC_NS, "arrayType")] =
          `${w.qname(encoded.ns, encoded.name)}${encoded.ranks}[${value.length}]`;
      return value.map((v, i) => this.encodeElement(w, item.ns, item.name, item.type, v, `${path}[${i}]`));
    }
    if (type.dictionary) {
      const { entry, key, value: valueField } = type.dictionary;
      if (typeof value !== "object" || Array.isArray(value))
        throw new SoapCodecError(`${path} must be an object (a dictionary)`);
      return Object.entries(value as Record<string, unknown>).map(([k, v]) => ({
        [w.qname(entry.ns, entry.name)]: [
          ...this.encodeField(w, key, k, `${path}[key]`),
          ...this.encodeField(w, valueField, v, `${path}[${JSON.stringify(k)}]`),
        ],
      }));
    }
    if (typeof value !== "object" || Array.isArray(value)) throw new SoapCodecError(`${path} must be an object`);
    const record = value as Record<string, unknown>;
    const content = this.content(type);
    for (const a of content.attributes) {
      const v = record[a.name];
      if (v === undefined || v === null) {
        if (a.required) throw new SoapCodecError(`${path}@${a.name} is required`);
        continue;
      }
      const at = this.resolve(a.type);
      attrs[w.qname(a.ns, a.name)] =
        at.kind === "builtin"
          ? this.builtinText(at.name, v, `${path}@${a.name}`)
          : at.kind === "simple"
            ? this.simpleText(at, v, `${path}@${a.name}`)
            : String(v);
    }
    if (content.anyAttribute && record.$anyAttributes !== undefined)
      this.encodeAttributeMap(w, record.$anyAttributes, attrs, `${path}.$anyAttributes`);
    this.checkChoices(content.choices, record, path);
    const out: OutNode[] = [];
    if (content.text !== undefined && record.$value !== undefined)
      out.push(...this.encodeContent(w, this.resolve(content.text), record.$value, `${path}.$value`, attrs));
    for (const f of content.fields) out.push(...this.encodeField(w, f, record[f.name], path));
    return out;
  }

  /** One item of a repeated choice: the elements of the alternative it holds. */
  private encodeGroupItem(w: PrefixMap, type: ComplexTypeMeta, item: unknown, path: string): OutNode[] {
    if (typeof item !== "object" || item === null || Array.isArray(item))
      throw new SoapCodecError(`${path} must be an object (one alternative of the choice)`);
    const record = item as Record<string, unknown>;
    const content = this.content(type);
    this.checkChoices(content.choices, record, path);
    return content.fields.flatMap((f) => this.encodeField(w, f, record[f.name], path));
  }

  /** At most one alternative of each choice is set (exactly one when the choice is required). */
  private checkChoices(choices: ChoiceMeta[], record: Record<string, unknown>, path: string): void {
    for (const c of choices) {
      const names = [...new Set(c.alternatives.flat())];
      const present = names.filter((n) => record[n] !== undefined);
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
      attrs[m && m[1] ? w.qname(m[1], local) : local] = text;
    }
  }

  /** `$any`: the elements of an `xs:any` wildcard. */
  private encodeAnyElements(w: PrefixMap, value: unknown, path: string): OutNode[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw new SoapCodecError(`${path} must be an array of AnyElement objects`);
    return value.map((v, i) => this.encodeAnyElement(w, v, `${path}[${i}]`, 0));
  }

  private encodeAnyElement(w: PrefixMap, value: unknown, path: string, depth: number): OutNode {
    const v = value as Partial<AnyElement> | null;
    if (
      typeof v !== "object" ||
      v === null ||
      typeof v.name !== "string" ||
      !isXmlName(v.name) ||
      (v.ns !== undefined && typeof v.ns !== "string")
    ) {
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
      ...(v.children ?? []).map((c, i) => this.encodeAnyElement(w, c, `${path}.children[${i}]`, depth + 1)),
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

  simpleText(type: SimpleTypeMeta, value: unknown, path: string): string {
    switch (type.variety) {
      case "enumeration":
        if (typeof value !== "string" || (type.values && !type.values.includes(value))) {
          throw new SoapCodecError(`${path}: ${JSON.stringify(value)} is not one of ${type.values?.join(", ")}`);
        }
        return value;
      case "list": {
        if (!Array.isArray(value)) throw new SoapCodecError(`${path} must be an array (an xs:list)`);
        const item = this.resolve(type.item!);
        return value.map((v, i) => this.textOf(item, v, `${path}[${i}]`)).join(" ");
      }
      case "union": {
        if (this.isTextual(type)) return typeof value === "string" ? value : String(value);
        // The first member that can write the value.
        for (const m of type.members ?? []) {
          try {
            return this.textOf(this.resolve(m), value, path);
          } catch (e) {
            if (!(e instanceof SoapCodecError)) throw e;
          }
        }
        throw new SoapCodecError(`${path}: ${JSON.stringify(value)} fits no member type of the union`);
      }
      default:
        return type.base !== undefined ? this.textOf(this.resolve(type.base), value, path) : String(value);
    }
  }

  /**
   * Is the TypeScript type of this simple type plain `string` (the generator's rule: built-ins represented as
   * text, restrictions of those, unions with such a member)? A textual union is read and written as its text.
   */
  isTextual(type: Resolved, depth = 0): boolean {
    if (depth > 64) return true;
    if (type.kind === "builtin") {
      const category = builtinCategory(type.name);
      switch (category) {
        case "boolean":
        case "number":
        case "any":
          return false;
        case "integer":
        case "decimal":
        case "dateTime":
        case "date":
        case "binary":
          return this.scalars[category] === "string";
        default:
          return true;
      }
    }
    if (type.kind !== "simple") return false;
    if (type.variety === "atomic") return type.base === undefined || this.isTextual(this.resolve(type.base), depth + 1);
    if (type.variety === "union")
      return !type.members?.length || type.members.some((m) => this.isTextual(this.resolve(m), depth + 1));
    return false;
  }

  private textOf(type: Resolved, value: unknown, path: string): string {
    if (type.kind === "builtin") return this.builtinText(type.name, value, path);
    if (type.kind === "simple") return this.simpleText(type, value, path);
    throw new SoapCodecError(`${path}: a complex type cannot be written as text`);
  }

  builtinText(name: string, value: unknown, path: string): string {
    const fail = (what: string): never => {
      throw new SoapCodecError(
        `${path}: expected ${what} for xs:${name}, got ${typeof value === "object" ? JSON.stringify(value) : String(value)}`,
      );
    };
    switch (builtinCategory(name)) {
      case "boolean":
        return typeof value === "boolean" ? String(value) : fail("a boolean");
      case "number":
        if (typeof value !== "number") return fail("a number");
        return value === Infinity ? "INF" : value === -Infinity ? "-INF" : Object.is(value, -0) ? "-0" : String(value);
      case "integer":
        if (typeof value === "string") return /^\s*[+-]?\d+\s*$/.test(value) ? value : fail("an integer");
        if (typeof value === "bigint") return value.toString();
        if (typeof value === "number" && Number.isInteger(value))
          return value.toLocaleString("en-US", { useGrouping: false });
        return fail("an integer");
      case "decimal":
        if (typeof value === "string")
          return /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(value) ? value : fail("a decimal");
        if (typeof value === "number" && Number.isFinite(value))
          return value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });
        return fail("a decimal");
      case "dateTime":
        if (typeof value === "string") return value;
        return value instanceof Date && !isNaN(value.getTime()) ? value.toISOString() : fail("a date-time");
      case "date":
        if (typeof value === "string") return value;
        return value instanceof Date && !isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : fail("a date");
      case "binary":
        if (typeof value === "string") return value;
        if (value instanceof Uint8Array) return name === "hexBinary" ? toHex(value) : toBase64(value);
        return fail("binary data");
      case "any":
        return String(value);
      default:
        return typeof value === "string" ? value : fail("a string");
    }
  }

  // ---------------------------------------------------------------- decoding

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
        const type = this.resolve(f.type);
        if (type.kind !== "complex") continue;
        const content = this.content(type);
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
      if (field.max === -1 || field.max > 1) {
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
    let type = this.resolve(ref);
    let derivedName: string | undefined;
    const xsiType = attributeNS(node, XSI_NS, "type");
    if (xsiType) {
      const q = resolveQName(node, xsiType);
      if (q) {
        const named = this.byXmlName.get(`{${q.ns}}${q.local}`);
        if (
          named &&
          named !== ref &&
          typeof ref === "string" &&
          type.kind === "complex" &&
          this.derivesFrom(named, ref)
        ) {
          derivedName = named;
          type = this.metadata.types[named]!;
        } else if (named && type.kind === "builtin" && type.name === "anyType") {
          type = this.metadata.types[named]!;
        } else if (q.ns === XSD_NS && type.kind === "builtin" && type.name === "anyType" && builtinCategory(q.local)) {
          type = { kind: "builtin", name: q.local };
        }
      }
    }
    const value = this.decodeContent(node, type, path);
    // The decoded value of a derived type carries its name, as the encoder expects it.
    return derivedName ? { $type: derivedName, ...(value as Record<string, unknown>) } : value;
  }

  private decodeContent(node: XmlNode, type: Resolved, path: string): unknown {
    if (type.kind === "builtin")
      return type.name === "anyType" ? this.decodeAny(node) : this.builtinValue(type.name, node.text, path);
    if (type.kind === "simple") return this.simpleValue(type, node.text, path);
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
    const content = this.content(type);
    const out: Record<string, unknown> = {};
    for (const a of content.attributes) {
      const raw = a.ns ? attributeNS(node, a.ns, a.name) : node.attrs[a.name];
      if (raw === undefined) continue;
      const at = this.resolve(a.type);
      out[a.name] =
        at.kind === "builtin"
          ? this.builtinValue(at.name, raw, `${path}@${a.name}`)
          : at.kind === "simple"
            ? this.simpleValue(at, raw, `${path}@${a.name}`)
            : raw;
    }
    if (content.anyAttribute) {
      const declared = new Set(content.attributes.map((a) => (a.ns ? `{${a.ns}}${a.name}` : a.name)));
      const extra: Record<string, string> = {};
      for (const [key, value] of Object.entries(attributeMap(node))) {
        if (!declared.has(key) && !key.startsWith(`{${XSI_NS}}`)) setOwn(extra, key, value);
      }
      if (Object.keys(extra).length) out.$anyAttributes = extra;
    }
    if (content.text !== undefined) out.$value = this.decodeContent(node, this.resolve(content.text), `${path}.$value`);
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

  simpleValue(type: SimpleTypeMeta, text: string, path: string): unknown {
    switch (type.variety) {
      case "enumeration":
        return type.values?.includes(text) ? text : text.trim();
      case "list": {
        const item = this.resolve(type.item!);
        const tokens = text.split(/\s+/).filter(Boolean);
        return tokens.map((t, i) =>
          item.kind === "builtin"
            ? this.builtinValue(item.name, t, `${path}[${i}]`)
            : item.kind === "simple"
              ? this.simpleValue(item, t, `${path}[${i}]`)
              : t,
        );
      }
      case "union": {
        if (this.isTextual(type)) return text;
        // The first member type that reads the text, preferring one that writes it back unchanged.
        let first: { value: unknown } | undefined;
        for (const m of type.members ?? []) {
          const member = this.resolve(m);
          let value: unknown;
          try {
            value = this.strictValue(member, text, path, 0);
          } catch (e) {
            if (e instanceof SoapCodecError) continue;
            throw e;
          }
          try {
            if (this.textOf(member, value, path) === text.trim()) return value;
          } catch (e) {
            if (!(e instanceof SoapCodecError)) throw e;
          }
          first ??= { value };
        }
        return first ? first.value : text;
      }
      default: {
        if (type.base === undefined) return text;
        const base = this.resolve(type.base);
        return base.kind === "builtin"
          ? this.builtinValue(base.name, text, path)
          : base.kind === "simple"
            ? this.simpleValue(base, text, path)
            : text;
      }
    }
  }

  /** Like decoding, but an enumeration value outside the enumeration (or a complex type) is an error. */
  private strictValue(type: Resolved, text: string, path: string, depth: number): unknown {
    if (depth > 64) throw new SoapCodecError(`${path}: simple types nest too deep`);
    if (type.kind === "builtin") return this.builtinValue(type.name, text, path);
    if (type.kind !== "simple") throw new SoapCodecError(`${path}: a complex type is no union member`);
    switch (type.variety) {
      case "enumeration":
        if (type.values && !type.values.includes(text.trim()))
          throw new SoapCodecError(`${path}: ${JSON.stringify(text)} is not one of ${type.values.join(", ")}`);
        return text.trim();
      case "list": {
        const item = this.resolve(type.item!);
        return text
          .split(/\s+/)
          .filter(Boolean)
          .map((t) => this.strictValue(item, t, path, depth + 1));
      }
      case "union":
        return this.simpleValue(type, text, path);
      default:
        return type.base === undefined ? text : this.strictValue(this.resolve(type.base), text, path, depth + 1);
    }
  }

  builtinValue(name: string, text: string, path: string): unknown {
    const fail = (what: string): never => {
      throw new SoapCodecError(`${path}: ${JSON.stringify(text)} is not ${what} (xs:${name})`);
    };
    switch (builtinCategory(name)) {
      case "boolean": {
        const t = text.trim();
        return t === "true" || t === "1" ? true : t === "false" || t === "0" ? false : fail("a boolean");
      }
      case "number": {
        const t = text.trim();
        if (t === "INF" || t === "+INF") return Infinity;
        if (t === "-INF") return -Infinity;
        if (t === "NaN") return NaN;
        const n = Number(t);
        return t !== "" && !isNaN(n) ? n : fail("a number");
      }
      case "integer": {
        const t = text.trim();
        if (!/^[+-]?\d+$/.test(t)) return fail("an integer");
        return this.scalars.integer === "bigint" ? BigInt(t) : this.scalars.integer === "number" ? Number(t) : t;
      }
      case "decimal": {
        const t = text.trim();
        if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return fail("a decimal");
        return this.scalars.decimal === "number" ? Number(t) : t;
      }
      case "dateTime":
        return this.scalars.dateTime === "Date" ? new Date(text.trim()) : text.trim();
      case "date":
        return this.scalars.date === "Date" ? new Date(text.trim()) : text.trim();
      case "binary":
        if (this.scalars.binary === "Uint8Array")
          return name === "hexBinary" ? fromHex(text.trim()) : fromBase64(text.replace(/\s+/g, ""));
        return text.trim();
      default:
        return text;
    }
  }
}

/**
 * Sets an own, enumerable property — also for names such as `__proto__`, which plain assignment would turn into a
 * prototype change. Decoded names come from the message, so they are never trusted as plain keys.
 */
function setOwn<T>(target: Record<string, unknown>, key: string, value: T): T {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return value;
}

/** Characters XML 1.0 cannot carry (controls other than tab, LF, CR; U+FFFE/U+FFFF; unpaired surrogates). */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

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
  if (Object.hasOwn(item, field.name) && !(field.max === -1 || field.max > 1)) return true;
  const keys = Object.keys(item);
  if (keys.length === 0) return false;
  return !content.choices.some((c) =>
    c.alternatives.some((a) => a.includes(field.name) && keys.every((k) => a.includes(k))),
  );
}

function textNode(text: string): OutNode[] {
  const bad = NOT_XML.exec(text);
  if (bad)
    throw new SoapCodecError(
      `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} cannot be sent in XML 1.0 text`,
    );
  return text === "" ? [] : [{ "#text": text }];
}

function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0").toUpperCase();
  return s;
}
function fromHex(text: string): Uint8Array {
  const out = new Uint8Array(text.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}
function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
