/**
 * XML elements → values, driven by the metadata. Decoding yields exactly what the generated types promise: numbers
 * are numbers, repeated elements are arrays even with one item, absent optional members stay absent, nil is
 * `null` (on nillable elements only), an `xsi:type` naming a derived type gives its fields and `$type`.
 *
 * Elements are matched by namespace and local name. What the metadata does not declare at a position — elements,
 * attributes — is kept as {@link UnknownContent} on the value it belongs to (in `$any` where the type has a
 * wildcard), or refused in strict mode; a single-valued element given twice, an `xsi:type` that is not the declared
 * type or derived from it, and `xsi:nil` where it is not allowed are errors. Names from the message never become
 * prototype keys.
 */
import { builtinCategory } from "./builtins.js";
import { SoapCodecError } from "./errors.js";
import { builtinValue } from "./lexical.js";
import type { AnyElement, FieldMeta, TypeRefMeta } from "./metadata.js";
import { SOAP11_ENV, SOAP12_ENV, SOAPENC12_NS, SOAPENC_NS, XSD_NS, XSI_NS } from "./namespaces.js";
import { own, setOwn } from "./own.js";
import { simpleValue } from "./simple-types.js";
import { isRepeated, type ComplexContent, type ResolvedType, type TypeResolver } from "./type-resolver.js";
import { isEmptyUnknown, UNKNOWN_CONTENT, type UnknownContent } from "./unknown.js";
import { attributeNS, resolveQName, type XmlNode } from "./xml.js";

/** How a message is decoded. */
export interface DecodeOptions {
  /**
   * Refuse content the WSDL does not declare — elements and attributes in the Body and inside header values — with
   * a {@link SoapCodecError} naming the element path, instead of keeping it. Undeclared header blocks (WS-Addressing,
   * diagnostics) are kept even then: SOAP lets any node add header blocks.
   */
  strict?: boolean;
  /**
   * When no element of the expected namespace matches, match by local name alone (for servers that get
   * namespaces wrong), reporting each such match to `onWarning`. Off by default.
   */
  lenientNamespaces?: boolean;
  /** Receives the warnings of `lenientNamespaces` (default: `console.warn`). */
  onWarning?: (message: string) => void;
}

/** The options of one decoding, resolved. */
export interface DecodeContext {
  strict: boolean;
  lenient: boolean;
  warn: (message: string) => void;
}

export function decodeContext(options: DecodeOptions = {}): DecodeContext {
  return {
    strict: !!options.strict,
    lenient: !!options.lenientNamespaces,
    warn: options.onWarning ?? ((message) => console.warn(`wsdlgen runtime: ${message}`)),
  };
}

/** A decoded element: its value, and the undeclared content a value of its kind cannot carry (text, numbers, null). */
export interface Decoded {
  value: unknown;
  rest?: UnknownContent;
}

/** `{namespace}local`, or `local` without namespace: how elements and attributes are named in messages. */
export function expandedName(ns: string, local: string): string {
  return ns ? `{${ns}}${local}` : local;
}

/** Attribute namespaces whose attributes are processing instructions to the reader, never content. */
const PROCESSING_NS = new Set([XSI_NS, SOAP11_ENV, SOAP12_ENV]);
const NO_ATTRIBUTES: ReadonlySet<string> = new Set();
/** The attributes a SOAP-encoded array carries. */
const ENCODED_ARRAY_ATTRIBUTES: ReadonlySet<string> = new Set([
  expandedName(SOAPENC_NS, "arrayType"),
  expandedName(SOAPENC_NS, "offset"),
  expandedName(SOAPENC12_NS, "itemType"),
  expandedName(SOAPENC12_NS, "arraySize"),
]);

/** Collects the undeclared content of one element while its children are read, with their positions. */
export class UnknownCollector {
  readonly content: UnknownContent = {};
  private last: { name: string; index: number } | undefined;
  private readonly counts = new Map<string, number>();

  /** Notes a known child element; returns its occurrence among the known children of that local name. */
  known(local: string): number {
    const index = this.counts.get(local) ?? 0;
    this.counts.set(local, index + 1);
    this.last = { name: local, index };
    return index;
  }

  element(node: XmlNode): void {
    const placed: NonNullable<UnknownContent["elements"]>[number] = { element: anyElementOf(node, 0) };
    if (this.last) {
      placed.after = this.last.name;
      if (this.last.index) placed.index = this.last.index;
    }
    (this.content.elements ??= []).push(placed);
  }

  attribute(key: string, value: string): void {
    setOwn((this.content.attributes ??= {}), key, value);
  }

  child(local: string, index: number, content: UnknownContent | undefined): void {
    if (!content || isEmptyUnknown(content)) return;
    (this.content.children ??= []).push({ name: local, ...(index ? { index } : {}), content });
  }

  get empty(): boolean {
    return isEmptyUnknown(this.content);
  }

  /** Puts the content on a decoded object or array (nothing when there is none). */
  attach(target: object, enumerable = true): void {
    if (!this.empty)
      Object.defineProperty(target, UNKNOWN_CONTENT, {
        value: this.content,
        enumerable,
        writable: true,
        configurable: true,
      });
  }
}

export class ValueDecoder {
  private readonly declared = new WeakMap<ComplexContent, ReadonlySet<string>>();

  constructor(private readonly types: TypeResolver) {}

  /**
   * Decodes the elements `children` as the fields `fields` into `into` (repeated fields as arrays). Elements of a
   * repeated choice are gathered into its items; elements no field declares go to `$any` when the fields have a
   * wildcard, else to `unknown` (or are refused in strict mode).
   */
  decodeFields(
    children: XmlNode[],
    fields: FieldMeta[],
    path: string,
    into: Record<string, unknown>,
    ctx: DecodeContext,
    unknown: UnknownCollector,
  ): Record<string, unknown> {
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
    const occurrences = new Map<FieldMeta, number>();
    for (const child of children) {
      const candidates = byName.get(child.local);
      let entry = candidates?.find((c) => c.field.ns === child.ns);
      if (!entry && ctx.lenient && candidates) {
        entry = candidates[0]!;
        ctx.warn(
          `${path}: element ${expandedName(child.ns, child.local)} read as ${entry.field.name} ` +
            `(${expandedName(entry.field.ns, entry.field.name)}) by its local name (lenientNamespaces)`,
        );
      }
      if (!entry) {
        if (wildcard) {
          const list = Object.hasOwn(into, wildcard.name)
            ? (into[wildcard.name] as unknown[])
            : setOwn(into, wildcard.name, [] as unknown[]);
          list.push(anyElementOf(child, 0));
          unknown.known(child.local);
        } else this.unknownElement(child, path, ctx, unknown);
        continue;
      }
      const { field, group } = entry;
      let target = into;
      let at = path;
      if (group) {
        const items = Object.hasOwn(into, group.field.name)
          ? (into[group.field.name] as Record<string, unknown>[])
          : setOwn(into, group.field.name, [] as Record<string, unknown>[]);
        let item = items[items.length - 1];
        if (!item || startsNewItem(item, field, group.content)) items.push((item = {}));
        target = item;
        at = `${path}.${group.field.name}[${items.length - 1}]`;
      }
      const count = occurrences.get(field) ?? 0;
      const repeated = isRepeated(field);
      if (!group && !repeated && count > 0)
        throw new SoapCodecError(`${at}.${field.name}: the element is given more than once (it is single-valued)`);
      if (!group && typeof field.max === "number" && repeated && count >= field.max)
        throw new SoapCodecError(`${at}.${field.name}: more than ${field.max} elements (maxOccurs)`);
      occurrences.set(field, count + 1);
      const index = unknown.known(child.local);
      const { value, rest } = this.element(
        child,
        field.type,
        repeated ? `${at}.${field.name}[${count}]` : `${at}.${field.name}`,
        !!field.nillable,
        ctx,
      );
      unknown.child(child.local, index, rest);
      if (repeated) {
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

  /** An element the metadata does not declare here: kept, or refused in strict mode. */
  unknownElement(node: XmlNode, path: string, ctx: DecodeContext, unknown: UnknownCollector): void {
    if (ctx.strict)
      throw new SoapCodecError(
        `${path}: element ${expandedName(node.ns, node.local)} is not declared here (strict decoding)`,
      );
    unknown.element(node);
  }

  /**
   * The attributes of `node` that are not in `declared` (expanded names) and are not processing attributes
   * (`xsi:*`, the SOAP envelope's): into `anyAttributes` when given (`xs:anyAttribute`), else kept or refused.
   */
  otherAttributes(
    node: XmlNode,
    declared: ReadonlySet<string>,
    path: string,
    ctx: DecodeContext,
    unknown: UnknownCollector,
    anyAttributes?: Record<string, string>,
  ): void {
    for (const key in node.attrs) {
      const colon = key.indexOf(":");
      const ns = colon === -1 ? "" : (node.scope.get(key.slice(0, colon)) ?? "");
      const name = expandedName(ns, colon === -1 ? key : key.slice(colon + 1));
      if (declared.has(name) || PROCESSING_NS.has(ns)) continue;
      const value = node.attrs[key]!;
      if (anyAttributes) setOwn(anyAttributes, name, value);
      else if (ctx.strict)
        throw new SoapCodecError(`${path}: attribute ${name} is not declared here (strict decoding)`);
      else unknown.attribute(name, attributeValue(node, name, value));
    }
  }

  /**
   * The undeclared content of an element whose value cannot carry it (text, number, null): all its attributes but
   * the processing ones, and all its child elements.
   */
  private rest(node: XmlNode, path: string, ctx: DecodeContext): { rest?: UnknownContent } {
    if (node.children.length === 0 && !hasAttributes(node)) return {};
    const rest = new UnknownCollector();
    this.otherAttributes(node, NO_ATTRIBUTES, path, ctx, rest);
    for (const child of node.children) this.unknownElement(child, path, ctx, rest);
    return rest.empty ? {} : { rest: rest.content };
  }

  /** The value of one element of type `ref` (`null` for `xsi:nil` on a nillable element). */
  element(node: XmlNode, ref: TypeRefMeta, path: string, nillable: boolean, ctx: DecodeContext): Decoded {
    const nil = attributeNS(node, XSI_NS, "nil");
    if (nil !== undefined && nilValue(nil, path)) {
      if (!nillable) throw new SoapCodecError(`${path}: xsi:nil="${nil}" on an element that is not nillable`);
      if (node.children.length || node.text.trim() !== "")
        throw new SoapCodecError(`${path}: xsi:nil="${nil}" on an element that has content`);
      return { value: null, ...this.rest(node, path, ctx) };
    }
    const { type, derived } = this.actualType(node, ref, path);
    const decoded = this.content(node, type, path, ctx);
    // The decoded value of a derived type carries its name, as the encoder expects it.
    if (derived) decoded.value = { $type: derived, ...(decoded.value as Record<string, unknown>) };
    return decoded;
  }

  /**
   * The type to read `node` with: the declared one, or the one its `xsi:type` names — which must be the declared
   * type or derived from it (under `xs:anyType`: any type of the metadata, or a built-in).
   */
  private actualType(node: XmlNode, ref: TypeRefMeta, path: string): { type: ResolvedType; derived?: string } {
    const declared = this.types.resolve(ref);
    const xsiType = attributeNS(node, XSI_NS, "type");
    if (xsiType === undefined) return { type: declared };
    const q = resolveQName(node, xsiType);
    if (!q) throw new SoapCodecError(`${path}: xsi:type "${xsiType}" uses an undeclared namespace prefix`);
    const isAny = declared.kind === "builtin" && declared.name === "anyType";
    const given = expandedName(q.ns, q.local);
    const refuse = (): never => {
      const what = typeof ref === "string" ? ref : "the element's own (anonymous) type";
      throw new SoapCodecError(`${path}: xsi:type ${given} is not ${what} or a type derived from it`);
    };
    // The SOAP encodings' built-in aliases (soapenc:string) are the XML Schema built-ins.
    const builtinNs = q.ns === XSD_NS || q.ns === SOAPENC_NS || q.ns === SOAPENC12_NS;
    if (builtinNs && builtinCategory(q.local)) {
      if (isAny) return { type: { kind: "builtin", name: q.local } };
      if (declared.kind === "builtin" && builtinDerivesFrom(q.local, declared.name)) return { type: declared };
      // A simple type of the metadata read as the built-in it restricts (xsi:type="xs:string" on a guid).
      const root = declared.kind === "simple" ? this.types.builtinRoot(declared) : undefined;
      if (root !== undefined && builtinDerivesFrom(root, q.local)) return { type: declared };
      return refuse();
    }
    // soapenc:Array on a SOAP-encoded array: the declared array type says more.
    if (builtinNs && q.local === "Array" && declared.kind === "complex" && declared.array?.encoded)
      return { type: declared };
    const named = this.types.nameOf(q.ns, q.local);
    if (named === undefined) {
      // Under xs:anyType, a type this service does not describe is read as untyped content.
      if (isAny) return { type: declared };
      throw new SoapCodecError(`${path}: xsi:type ${given} is not a type of this service`);
    }
    if (named === ref) return { type: declared };
    const type = this.types.named(named)!;
    if (isAny) return { type };
    if (typeof ref !== "string" || !this.types.derivesFrom(named, ref)) return refuse();
    return type.kind === "complex" ? { type, derived: named } : { type };
  }

  private content(node: XmlNode, type: ResolvedType, path: string, ctx: DecodeContext): Decoded {
    if (type.kind === "builtin" || type.kind === "simple") {
      if (type.kind === "builtin" && type.name === "anyType") return { value: this.decodeAny(node) };
      const rest = this.rest(node, path, ctx);
      const value =
        type.kind === "builtin"
          ? builtinValue(type.name, node.text, path, this.types.scalars)
          : simpleValue(this.types, type, node.text, path);
      return { value, ...rest };
    }
    const unknown = new UnknownCollector();
    if (type.array) {
      const item = type.array.item;
      // SOAP-encoded arrays name their items freely.
      const encoded = !!type.array.encoded;
      this.otherAttributes(node, encoded ? ENCODED_ARRAY_ATTRIBUTES : NO_ATTRIBUTES, path, ctx, unknown);
      const out: unknown[] = [];
      for (const child of node.children) {
        let match = encoded || (child.local === item.name && child.ns === item.ns);
        if (!match && ctx.lenient && child.local === item.name) {
          ctx.warn(
            `${path}: element ${expandedName(child.ns, child.local)} read as an item ` +
              `(${expandedName(item.ns, item.name)}) by its local name (lenientNamespaces)`,
          );
          match = true;
        }
        if (!match) {
          this.unknownElement(child, path, ctx, unknown);
          continue;
        }
        const index = unknown.known(child.local);
        const { value, rest } = this.element(child, item.type, `${path}[${out.length}]`, !!item.nillable, ctx);
        unknown.child(child.local, index, rest);
        out.push(value);
      }
      unknown.attach(out);
      return { value: out };
    }
    if (type.dictionary) return { value: this.dictionary(node, type.dictionary, path, ctx, unknown) };
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
    const extra: Record<string, string> | undefined = content.anyAttribute ? {} : undefined;
    if (hasAttributes(node)) this.otherAttributes(node, this.declaredAttributes(content), path, ctx, unknown, extra);
    if (extra && Object.keys(extra).length) out.$anyAttributes = extra;
    if (content.text !== undefined) {
      const textType = this.types.resolve(content.text);
      out.$value =
        textType.kind === "builtin"
          ? builtinValue(textType.name, node.text, `${path}.$value`, this.types.scalars)
          : textType.kind === "simple"
            ? simpleValue(this.types, textType, node.text, `${path}.$value`)
            : node.text;
    } else if (ctx.strict && node.children.length && node.text.trim() !== "") {
      throw new SoapCodecError(`${path}: text between the child elements is not declared here (strict decoding)`);
    }
    this.decodeFields(node.children, content.fields, path, out, ctx, unknown);
    unknown.attach(out);
    return { value: out };
  }

  /** The expanded names of a complex type's attributes (built once per type). */
  private declaredAttributes(content: ComplexContent): ReadonlySet<string> {
    let set = this.declared.get(content);
    if (!set) this.declared.set(content, (set = new Set(content.attributes.map((a) => expandedName(a.ns, a.name)))));
    return set;
  }

  /** A WCF dictionary: `{ key: value }` in wire order, keys as own members whatever they are named. */
  private dictionary(
    node: XmlNode,
    dictionary: NonNullable<Extract<ResolvedType, { kind: "complex" }>["dictionary"]>,
    path: string,
    ctx: DecodeContext,
    unknown: UnknownCollector,
  ): Record<string, unknown> {
    const { entry, key, value } = dictionary;
    this.otherAttributes(node, NO_ATTRIBUTES, path, ctx, unknown);
    const out: Record<string, unknown> = {};
    /** The key of each entry, in wire order: the encoder writes entries in the record's order, which may differ. */
    const keys: string[] = [];
    const entryContent: (UnknownContent | undefined)[] = [];
    for (const child of node.children) {
      let match = child.local === entry.name && child.ns === entry.ns;
      if (!match && ctx.lenient && child.local === entry.name) {
        ctx.warn(
          `${path}: element ${expandedName(child.ns, child.local)} read as a dictionary entry ` +
            `(${expandedName(entry.ns, entry.name)}) by its local name (lenientNamespaces)`,
        );
        match = true;
      }
      if (!match) {
        this.unknownElement(child, path, ctx, unknown);
        continue;
      }
      unknown.known(child.local);
      const inner = new UnknownCollector();
      const at = `${path}[${keys.length}]`;
      this.otherAttributes(child, NO_ATTRIBUTES, at, ctx, inner);
      const pair = this.decodeFields(child.children, [key, value], at, {}, ctx, inner);
      const k = own(pair, key.name);
      const name = k === null || k === undefined ? "" : String(k);
      if (Object.hasOwn(out, name))
        throw new SoapCodecError(`${path}: the key ${JSON.stringify(name)} is given more than once`);
      const v = own(pair, value.name);
      setOwn(out, name, v === undefined ? null : v);
      keys.push(name);
      entryContent.push(inner.empty ? undefined : inner.content);
    }
    // Positions among entries are the encoder's: the index of the entry's key in the record's own order.
    const order = new Map(Object.keys(out).map((k, i) => [k, i]));
    const toWritten = (i: number) => order.get(keys[i]!)!;
    for (const placed of unknown.content.elements ?? [])
      if (placed.after === entry.name) {
        const i = toWritten(placed.index ?? 0);
        if (i) placed.index = i;
        else delete placed.index;
      }
    entryContent.forEach((content, i) => unknown.child(entry.name, toWritten(i), content));
    unknown.attach(out);
    return out;
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

/** Has the element any attribute (namespace declarations aside)? */
function hasAttributes(node: XmlNode): boolean {
  for (const _ in node.attrs) return true;
  return false;
}

/** Is an `xsi:nil` value true? It is an `xs:boolean`. */
function nilValue(text: string, path: string): boolean {
  const t = text.trim();
  if (t === "true" || t === "1") return true;
  if (t === "false" || t === "0") return false;
  throw new SoapCodecError(`${path}: xsi:nil="${text}" is not a boolean`);
}

/** Built-in derivation by restriction (XSD 1.1 Part 2 §3.4): is built-in `name` `base` or derived from it? */
function builtinDerivesFrom(name: string, base: string): boolean {
  for (let t: string | undefined = name; t !== undefined; t = BUILTIN_BASES[t]) if (t === base) return true;
  return base === "anySimpleType" || base === "anyAtomicType";
}

const BUILTIN_BASES: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  normalizedString: "string",
  token: "normalizedString",
  language: "token",
  NMTOKEN: "token",
  Name: "token",
  NCName: "Name",
  ID: "NCName",
  IDREF: "NCName",
  ENTITY: "NCName",
  integer: "decimal",
  nonPositiveInteger: "integer",
  negativeInteger: "nonPositiveInteger",
  long: "integer",
  int: "long",
  short: "int",
  byte: "short",
  nonNegativeInteger: "integer",
  unsignedLong: "nonNegativeInteger",
  unsignedInt: "unsignedLong",
  unsignedShort: "unsignedInt",
  unsignedByte: "unsignedShort",
  positiveInteger: "nonNegativeInteger",
  yearMonthDuration: "duration",
  dayTimeDuration: "duration",
  dateTimeStamp: "dateTime",
});

/**
 * An attribute's value as kept in undeclared content: the value as written, except that an `xsi:type` is kept
 * as `{namespace}local`, since the prefix it was written with is not declared where it is written back.
 */
function attributeValue(node: XmlNode, name: string, value: string): string {
  if (name !== expandedName(XSI_NS, "type")) return value;
  const q = resolveQName(node, value);
  return q ? expandedName(q.ns, q.local) : value;
}

/** An element's attributes by expanded name: `{ns}local` for prefixed ones, `local` for the others. */
function attributeMap(node: XmlNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(node.attrs)) {
    const colon = key.indexOf(":");
    const ns = colon === -1 ? undefined : node.scope.get(key.slice(0, colon));
    const name = ns === undefined ? key : expandedName(ns, key.slice(colon + 1));
    setOwn(out, name, attributeValue(node, name, value));
  }
  return out;
}

/** An element matched by `xs:any` (carried in `$any`) or kept as undeclared content. */
export function anyElementOf(node: XmlNode, depth: number): AnyElement {
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
