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
import { builtinValue, fastReader, NOT_PLAIN, type FastReader } from "./lexical.js";
import type { AnyElement, FieldMeta, SimpleTypeMeta, TypeRefMeta } from "./metadata.js";
import { SOAP11_ENV, SOAP12_ENV, SOAPENC12_NS, SOAPENC_NS, XSD_NS, XSI_NS } from "./namespaces.js";
import { own, setOwn } from "./own.js";
import { simpleValue } from "./simple-types.js";
import { isRepeated, type ComplexContent, type ResolvedType, type TypeResolver } from "./type-resolver.js";
import { isEmptyUnknown, UNKNOWN_CONTENT, type UnknownContent } from "./unknown.js";
import { attributeNS, resolveQName, type XmlNode } from "./xml.js";
import { internalized } from "./xml-reader.js";

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

/**
 * One decoding under way: its options, where it is — the path of the element being read, kept as segments (a
 * string, or a number for an index, written `[n]`) and joined only when a message needs it — and what the last
 * element read left behind. Made per call of the decoder's public methods, so nothing of a message outlives it.
 */
class Walk {
  /** The path's segments: the first `depth` entries (the rest are left over from deeper elements read before). */
  readonly segments: (string | number)[];
  depth = 1;
  /** Set by {@link ValueDecoder.value}: the undeclared content of the value just read that it cannot carry. */
  rest: UnknownContent | undefined = undefined;
  /** Set by {@link ValueDecoder.scan}: the element's `xsi:type` and `xsi:nil`, as written. */
  xsiType: string | undefined = undefined;
  xsiNil: string | undefined = undefined;
  /** The attribute name met last, and in which scope: one entry, since elements in a run share their attributes. */
  private attrScope: ReadonlyMap<string, string> | undefined = undefined;
  private attrKey = "";
  private attrName: AttributeName | undefined = undefined;

  constructor(
    readonly decoding: DecodeContext,
    path: string,
  ) {
    this.segments = [path];
  }

  /** The path of the element being read, as messages show it. */
  path(): string {
    let path = "";
    for (let i = 0; i < this.depth; i++) {
      const segment = this.segments[i]!;
      path += typeof segment === "number" ? `[${segment}]` : segment;
    }
    return path;
  }

  /** What the attribute written `key` is, in `scope`. */
  attribute(scope: ReadonlyMap<string, string>, key: string): AttributeName {
    if (key === this.attrKey && scope === this.attrScope) return this.attrName!;
    const colon = key.indexOf(":");
    const ns = colon === -1 ? "" : (scope.get(key.slice(0, colon)) ?? "");
    const local = colon === -1 ? key : key.slice(colon + 1);
    const xsi = ns === XSI_NS ? (local === "type" ? XSI_TYPE : local === "nil" ? XSI_NIL : 0) : 0;
    const name: AttributeName = { name: expandedName(ns, local), xsi, processing: PROCESSING_NS.has(ns) };
    this.attrScope = scope;
    this.attrKey = key;
    this.attrName = name;
    return name;
  }
}

/** How deep simple types that restrict or list simple types are followed for a fast reader (then simpleValue reads). */
const SIMPLE_READER_DEPTH = 8;
/** The text itself (a simple type that restricts nothing, or a complex one, reads as its text in simpleValue). */
const asText: FastReader = (text) => text;
/** A maker of plain objects (see {@link plainObjects}). */
type PlainObjects = new () => Record<string, unknown>;

/**
 * A new maker of plain objects, one per complex type: what it makes is an ordinary object (its prototype is
 * Object.prototype, as that of `{}`), but V8 sizes it for the members the type's objects were given so far, so that
 * members are stored in the object itself rather than in a separate store that grows (and is copied) member by member.
 */
function plainObjects(): PlainObjects {
  const maker = function (this: Record<string, unknown>) {} as unknown as PlainObjects;
  maker.prototype = Object.prototype;
  return maker;
}

const XSI_TYPE = 1;
const XSI_NIL = 2;

/** An attribute's name as the decoder sees it. */
interface AttributeName {
  /** Its expanded name (`{ns}local`, or `local`). */
  name: string;
  /** {@link XSI_TYPE}, {@link XSI_NIL}, or 0 for any other. */
  xsi: number;
  /** A processing attribute (`xsi:*`, the SOAP envelope's), never content. */
  processing: boolean;
}

/** What the decoder knows of a type reference once: the type, how to read its text, what `xsi:type` meant last. */
interface TypePlan {
  /** The reference the plan is for. */
  readonly ref: TypeRefMeta;
  readonly type: ResolvedType;
  /** `xs:anyType`. */
  readonly isAny: boolean;
  /**
   * A fast reader for the text of a built-in or simple type, if it has one: a simple type's gives what simpleValue
   * gives for the text, or NOT_PLAIN, so that the element's path (which only refusals use) is built only then.
   */
  readonly read: FastReader | undefined;
  /** The last `xsi:type` read for this declared type, in which scope, and the type it named (a one-entry cache). */
  xsiScope: ReadonlyMap<string, string> | undefined;
  xsiValue: string | undefined;
  xsiPlan: TypePlan | undefined;
  xsiDerived: string | undefined;
  /** A complex type's content, its fields' plan; an array's item plan. Made on first use. */
  content?: ComplexContent;
  fields?: FieldsPlan;
  item?: TypePlan;
  /** Makes a complex type's objects (see {@link plainObjects}). Made on first use. */
  objects?: PlainObjects;
  /** An array's item element name and namespace, internalized. */
  itemName?: string;
  itemNs?: string;
}

/** One field of a {@link FieldsPlan}: a field of the list, or a field of a repeated choice (`group`) in it. */
interface FieldEntry {
  readonly field: FieldMeta;
  /** Its namespace, internalized as the reader's namespaces are (so that comparing them is comparing identity). */
  readonly ns: string;
  readonly group: { field: FieldMeta; content: ComplexContent; segment: string } | undefined;
  /** Its occurrence counter (one per field). */
  readonly slot: number;
  readonly repeated: boolean;
  readonly nillable: boolean;
  /** `.name`: its segment of a path. */
  readonly segment: string;
  /** Its name may be assigned (it is not `__proto__`). */
  readonly plainKey: boolean;
  /** The plan of its type (made on first use: a type missing from the metadata fails only when it is read). */
  plan: TypePlan | undefined;
}

/** A list of fields as the decoder matches elements against it, made once per list. */
interface FieldsPlan {
  readonly byName: Map<string, FieldEntry[]>;
  readonly wildcard: FieldMeta | undefined;
  /** How many occurrence counters. */
  readonly slots: number;
}

/** The collector of an element whose first undeclared content comes at child `upTo`: every child before it was known. */
function lateCollector(children: XmlNode[], upTo: number): UnknownCollector {
  const collector = new UnknownCollector();
  for (let k = 0; k < upTo; k++) collector.known(children[k]!.local);
  return collector;
}

export class ValueDecoder {
  private readonly declared = new WeakMap<ComplexContent, ReadonlySet<string>>();
  /** Plans by type reference: named and built-in types by name, inline ones by their object. */
  private readonly namedPlans = new Map<string, TypePlan>();
  private readonly inlinePlans = new WeakMap<object, TypePlan>();
  private readonly fieldsPlans = new WeakMap<FieldMeta[], FieldsPlan>();
  private readonly dictionaryPlans = new WeakMap<object, FieldsPlan>();

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
    decoding: DecodeContext,
    unknown: UnknownCollector,
  ): Record<string, unknown> {
    this.fields(children, this.fieldsPlan(fields), into, new Walk(decoding, path), unknown, false);
    return into;
  }

  /** An element the metadata does not declare here: kept, or refused in strict mode. */
  unknownElement(node: XmlNode, path: string, decoding: DecodeContext, unknown: UnknownCollector): void {
    if (decoding.strict)
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
    decoding: DecodeContext,
    unknown: UnknownCollector,
    anyAttributes?: Record<string, string>,
  ): void {
    this.attributesOf(node, declared, new Walk(decoding, path), unknown, anyAttributes);
  }

  /** The value of one element of type `ref` (`null` for `xsi:nil` on a nillable element). */
  element(node: XmlNode, ref: TypeRefMeta, path: string, nillable: boolean, decoding: DecodeContext): Decoded {
    const walk = new Walk(decoding, path);
    const value = this.value(node, this.plan(ref), nillable, walk);
    return walk.rest === undefined ? { value } : { value, rest: walk.rest };
  }

  // ------------------------------------------------------------------------------------------ plans

  private plan(ref: TypeRefMeta): TypePlan {
    let plan = typeof ref === "string" ? this.namedPlans.get(ref) : this.inlinePlans.get(ref);
    if (plan !== undefined) return plan;
    const type = this.types.resolve(ref);
    plan = {
      ref,
      type,
      isAny: type.kind === "builtin" && type.name === "anyType",
      read:
        type.kind === "builtin"
          ? fastReader(type.name, this.types.scalars)
          : type.kind === "simple"
            ? this.simpleReader(type, 0)
            : undefined,
      xsiScope: undefined,
      xsiValue: undefined,
      xsiPlan: undefined,
      xsiDerived: undefined,
    };
    if (typeof ref === "string") this.namedPlans.set(ref, plan);
    else this.inlinePlans.set(ref, plan);
    return plan;
  }

  /**
   * A fast reader for the simple type `type` (see {@link TypePlan.read}): an enumeration value as written, a list of
   * items that each have one, a restriction of a type that has one; none for a union. What it gives is what
   * simpleValue gives for the same text; any text it does not read as simply goes to simpleValue (NOT_PLAIN).
   */
  private simpleReader(type: SimpleTypeMeta, depth: number): FastReader | undefined {
    if (depth > SIMPLE_READER_DEPTH) return undefined;
    const typeReader = (t: ResolvedType): FastReader | undefined =>
      t.kind === "builtin"
        ? fastReader(t.name, this.types.scalars)
        : t.kind === "simple"
          ? this.simpleReader(t, depth + 1)
          : asText;
    switch (type.variety) {
      case "enumeration": {
        const values = type.values;
        return values === undefined ? undefined : (text) => (values.includes(text) ? text : NOT_PLAIN);
      }
      case "list": {
        if (type.item === undefined) return undefined;
        const read = typeReader(this.types.resolve(type.item));
        if (read === undefined) return undefined;
        return (text) => {
          const items: unknown[] = text.split(/\s+/).filter(Boolean);
          for (let i = 0; i < items.length; i++) {
            const item = read(items[i] as string);
            if (item === NOT_PLAIN) return NOT_PLAIN;
            items[i] = item;
          }
          return items;
        };
      }
      case "union":
        return undefined;
      default:
        return type.base === undefined ? asText : typeReader(this.types.resolve(type.base));
    }
  }

  private fieldsPlan(fields: FieldMeta[]): FieldsPlan {
    let plan = this.fieldsPlans.get(fields);
    if (plan === undefined) this.fieldsPlans.set(fields, (plan = this.newFieldsPlan(fields)));
    return plan;
  }

  private newFieldsPlan(fields: FieldMeta[]): FieldsPlan {
    const byName = new Map<string, FieldEntry[]>();
    const slots = new Map<FieldMeta, number>();
    const add = (field: FieldMeta, group: FieldEntry["group"]) => {
      let slot = slots.get(field);
      if (slot === undefined) slots.set(field, (slot = slots.size));
      const entry: FieldEntry = {
        field,
        ns: internalized(field.ns),
        group,
        slot,
        repeated: isRepeated(field),
        nillable: !!field.nillable,
        segment: `.${field.name}`,
        plainKey: field.name !== "__proto__",
        plan: undefined,
      };
      const list = byName.get(field.name);
      if (list) list.push(entry);
      else byName.set(field.name, [entry]);
    };
    let wildcard: FieldMeta | undefined;
    for (const f of fields) {
      if (f.particle === "any") wildcard ??= f;
      else if (f.particle === "group") {
        const type = this.types.resolve(f.type);
        if (type.kind !== "complex") continue;
        const content = this.types.content(type);
        const group = { field: f, content, segment: `.${f.name}` };
        for (const g of content.fields) if (!g.particle) add(g, group);
      } else add(f, undefined);
    }
    return { byName, wildcard, slots: slots.size };
  }

  // ------------------------------------------------------------------------------------------ the walk

  /**
   * Decodes `children` as the fields of `plan` into `into`. Undeclared content goes to `unknown`; when there is
   * none, a collector is made only if some comes (`lateCollector`), and returned. `ours`: `into` was made by the
   * decoder, so members may be assigned rather than defined.
   */
  private fields(
    children: XmlNode[],
    plan: FieldsPlan,
    into: Record<string, unknown>,
    walk: Walk,
    unknown: UnknownCollector | undefined,
    ours: boolean,
  ): UnknownCollector | undefined {
    const decoding = walk.decoding;
    const segments = walk.segments;
    let counts: number[] | undefined;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      const candidates = plan.byName.get(child.local);
      let entry: FieldEntry | undefined;
      if (candidates !== undefined) {
        for (const c of candidates)
          if (c.ns === child.ns) {
            entry = c;
            break;
          }
        if (entry === undefined && decoding.lenient) {
          entry = candidates[0]!;
          decoding.warn(
            `${walk.path()}: element ${expandedName(child.ns, child.local)} read as ${entry.field.name} ` +
              `(${expandedName(entry.field.ns, entry.field.name)}) by its local name (lenientNamespaces)`,
          );
        }
      }
      if (entry === undefined) {
        const wildcard = plan.wildcard;
        if (wildcard) {
          const list = Object.hasOwn(into, wildcard.name)
            ? (into[wildcard.name] as unknown[])
            : setOwn(into, wildcard.name, [] as unknown[]);
          list.push(anyElementOf(child, 0));
          unknown?.known(child.local);
        } else {
          if (decoding.strict)
            throw new SoapCodecError(
              `${walk.path()}: element ${expandedName(child.ns, child.local)} is not declared here (strict decoding)`,
            );
          (unknown ??= lateCollector(children, i)).element(child);
        }
        continue;
      }
      const field = entry.field;
      const group = entry.group;
      const depth = walk.depth;
      let target = into;
      if (group) {
        const items = Object.hasOwn(into, group.field.name)
          ? (into[group.field.name] as Record<string, unknown>[])
          : setOwn(into, group.field.name, [] as Record<string, unknown>[]);
        let item = items[items.length - 1];
        if (!item || startsNewItem(item, field, group.content)) items.push((item = {}));
        target = item;
        segments[walk.depth++] = group.segment;
        segments[walk.depth++] = items.length - 1;
      }
      counts ??= new Array<number>(plan.slots).fill(0);
      const count = counts[entry.slot]!;
      const repeated = entry.repeated;
      if (!group && !repeated && count > 0)
        throw new SoapCodecError(
          `${walk.path()}.${field.name}: the element is given more than once (it is single-valued)`,
        );
      if (!group && typeof field.max === "number" && repeated && count >= field.max)
        throw new SoapCodecError(`${walk.path()}.${field.name}: more than ${field.max} elements (maxOccurs)`);
      counts[entry.slot] = count + 1;
      let index = unknown === undefined ? 0 : unknown.known(child.local);
      segments[walk.depth++] = entry.segment;
      if (repeated) segments[walk.depth++] = count;
      const value = this.value(child, (entry.plan ??= this.plan(field.type)), entry.nillable, walk);
      walk.depth = depth;
      const rest = walk.rest;
      if (rest !== undefined) {
        if (unknown === undefined) index = (unknown = lateCollector(children, i)).known(child.local);
        unknown.child(child.local, index, rest);
      }
      if (repeated) {
        const list = Object.hasOwn(target, field.name)
          ? (target[field.name] as unknown[])
          : setOwn(target, field.name, [] as unknown[]);
        list.push(value);
      } else if (entry.plainKey && (ours || group)) target[field.name] = value;
      else setOwn(target, field.name, value);
    }
    return unknown;
  }

  /**
   * Notes the `xsi:type` and `xsi:nil` of `node` in `walk`; returns whether it has other attributes that are not
   * processing attributes (undeclared ones, or declared ones of a complex type).
   */
  private scan(node: XmlNode, walk: Walk): boolean {
    walk.xsiType = undefined;
    walk.xsiNil = undefined;
    let others = false;
    const attrs = node.attrs;
    for (const key in attrs) {
      const attribute = walk.attribute(node.scope, key);
      if (attribute.xsi === XSI_TYPE) walk.xsiType = attrs[key];
      else if (attribute.xsi === XSI_NIL) walk.xsiNil = attrs[key];
      else if (!attribute.processing) others = true;
    }
    return others;
  }

  /** The value of `node` as a value of `plan`'s type; sets `walk.rest` (see {@link element}). */
  private value(node: XmlNode, plan: TypePlan, nillable: boolean, walk: Walk): unknown {
    const others = this.scan(node, walk);
    const nil = walk.xsiNil;
    if (nil !== undefined && nilValue(nil, walk)) {
      if (!nillable) throw new SoapCodecError(`${walk.path()}: xsi:nil="${nil}" on an element that is not nillable`);
      if (node.children.length || node.text.trim() !== "")
        throw new SoapCodecError(`${walk.path()}: xsi:nil="${nil}" on an element that has content`);
      this.restOf(node, others, walk);
      return null;
    }
    const xsiType = walk.xsiType;
    if (xsiType === undefined) return this.content(node, plan, others, walk);
    if (plan.xsiValue !== xsiType || plan.xsiScope !== node.scope) {
      const actual = this.actualType(node, plan, xsiType, walk);
      plan.xsiPlan = actual.plan;
      plan.xsiDerived = actual.derived;
      plan.xsiScope = node.scope;
      // A copy: the plan outlives the message, which a slice of its text would keep alive.
      plan.xsiValue = internalized(xsiType);
    }
    const derived = plan.xsiDerived;
    const value = this.content(node, plan.xsiPlan!, others, walk);
    // The decoded value of a derived type carries its name, as the encoder expects it.
    return derived === undefined ? value : { $type: derived, ...(value as Record<string, unknown>) };
  }

  /**
   * The type to read `node` with: the declared one, or the one its `xsi:type` names — which must be the declared
   * type or derived from it (under `xs:anyType`: any type of the metadata, or a built-in).
   */
  private actualType(node: XmlNode, plan: TypePlan, xsiType: string, walk: Walk): { plan: TypePlan; derived?: string } {
    const declared = plan.type;
    const q = resolveQName(node, xsiType);
    if (!q) throw new SoapCodecError(`${walk.path()}: xsi:type "${xsiType}" uses an undeclared namespace prefix`);
    const isAny = plan.isAny;
    const given = expandedName(q.ns, q.local);
    const ref = plan.ref;
    const refuse = (): never => {
      const what = typeof ref === "string" ? ref : "the element's own (anonymous) type";
      throw new SoapCodecError(`${walk.path()}: xsi:type ${given} is not ${what} or a type derived from it`);
    };
    // The SOAP encodings' built-in aliases (soapenc:string) are the XML Schema built-ins.
    const builtinNs = q.ns === XSD_NS || q.ns === SOAPENC_NS || q.ns === SOAPENC12_NS;
    if (builtinNs && builtinCategory(q.local)) {
      if (isAny) return { plan: this.plan(`xs:${q.local}`) };
      if (declared.kind === "builtin" && builtinDerivesFrom(q.local, declared.name)) return { plan };
      // A simple type of the metadata read as the built-in it restricts (xsi:type="xs:string" on a guid).
      const root = declared.kind === "simple" ? this.types.builtinRoot(declared) : undefined;
      if (root !== undefined && builtinDerivesFrom(root, q.local)) return { plan };
      return refuse();
    }
    // soapenc:Array on a SOAP-encoded array: the declared array type says more.
    if (builtinNs && q.local === "Array" && declared.kind === "complex" && declared.array?.encoded) return { plan };
    const named = this.types.nameOf(q.ns, q.local);
    if (named === undefined) {
      // Under xs:anyType, a type this service does not describe is read as untyped content.
      if (isAny) return { plan };
      throw new SoapCodecError(`${walk.path()}: xsi:type ${given} is not a type of this service`);
    }
    if (named === ref) return { plan };
    const type = this.types.named(named)!;
    const namedPlan = this.plan(named);
    if (isAny) return { plan: namedPlan };
    if (typeof ref !== "string" || !this.types.derivesFrom(named, ref)) return refuse();
    return type.kind === "complex" ? { plan: namedPlan, derived: named } : { plan: namedPlan };
  }

  /** The value of `node` read as `plan`'s type (its `xsi:` attributes dealt with); sets `walk.rest`. */
  private content(node: XmlNode, plan: TypePlan, others: boolean, walk: Walk): unknown {
    const type = plan.type;
    if (type.kind === "builtin") {
      if (plan.isAny) {
        walk.rest = undefined;
        return this.decodeAny(node);
      }
      this.restOf(node, others, walk);
      const read = plan.read;
      const value = read === undefined ? NOT_PLAIN : read(node.text);
      return value === NOT_PLAIN ? builtinValue(type.name, node.text, walk.path(), this.types.scalars) : value;
    }
    if (type.kind === "simple") {
      this.restOf(node, others, walk);
      const read = plan.read;
      const value = read === undefined ? NOT_PLAIN : read(node.text);
      return value === NOT_PLAIN ? simpleValue(this.types, type, node.text, walk.path()) : value;
    }
    let value: unknown;
    if (type.array) value = this.array(node, plan, type.array, others, walk);
    else if (type.dictionary) value = this.dictionary(node, type.dictionary, others, walk);
    else value = this.object(node, plan, type, others, walk);
    walk.rest = undefined;
    return value;
  }

  /**
   * Sets `walk.rest` to the undeclared content of an element whose value cannot carry it (text, number, null): all
   * its attributes but the processing ones (`others`: it has some), and all its child elements.
   */
  private restOf(node: XmlNode, others: boolean, walk: Walk): void {
    walk.rest = undefined;
    if (node.children.length === 0 && !others) return;
    const rest = new UnknownCollector();
    if (others) this.attributesOf(node, NO_ATTRIBUTES, walk, rest);
    for (const child of node.children) {
      if (walk.decoding.strict)
        throw new SoapCodecError(
          `${walk.path()}: element ${expandedName(child.ns, child.local)} is not declared here (strict decoding)`,
        );
      rest.element(child);
    }
    if (!rest.empty) walk.rest = rest.content;
  }

  /** A WCF array: its items, with its undeclared content. */
  private array(
    node: XmlNode,
    plan: TypePlan,
    array: NonNullable<Extract<ResolvedType, { kind: "complex" }>["array"]>,
    others: boolean,
    walk: Walk,
  ): unknown[] {
    const decoding = walk.decoding;
    const item = array.item;
    // SOAP-encoded arrays name their items freely.
    const encoded = !!array.encoded;
    let unknown: UnknownCollector | undefined;
    if (others)
      this.attributesOf(
        node,
        encoded ? ENCODED_ARRAY_ATTRIBUTES : NO_ATTRIBUTES,
        walk,
        (unknown = new UnknownCollector()),
      );
    const itemPlan = (plan.item ??= this.plan(item.type));
    const itemName = (plan.itemName ??= internalized(item.name));
    const itemNs = (plan.itemNs ??= internalized(item.ns));
    const nillable = !!item.nillable;
    const segments = walk.segments;
    const depth = walk.depth;
    const out: unknown[] = [];
    const children = node.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      let match = encoded || (child.local === itemName && child.ns === itemNs);
      if (!match && decoding.lenient && child.local === itemName) {
        decoding.warn(
          `${walk.path()}: element ${expandedName(child.ns, child.local)} read as an item ` +
            `(${expandedName(item.ns, item.name)}) by its local name (lenientNamespaces)`,
        );
        match = true;
      }
      if (!match) {
        if (decoding.strict)
          throw new SoapCodecError(
            `${walk.path()}: element ${expandedName(child.ns, child.local)} is not declared here (strict decoding)`,
          );
        (unknown ??= lateCollector(children, i)).element(child);
        continue;
      }
      let index = unknown === undefined ? 0 : unknown.known(child.local);
      segments[depth] = out.length;
      walk.depth = depth + 1;
      const value = this.value(child, itemPlan, nillable, walk);
      walk.depth = depth;
      if (walk.rest !== undefined) {
        if (unknown === undefined) index = (unknown = lateCollector(children, i)).known(child.local);
        unknown.child(child.local, index, walk.rest);
      }
      out.push(value);
    }
    unknown?.attach(out);
    return out;
  }

  /** A complex type's object: attributes, `$anyAttributes`, `$value`, fields, undeclared content. */
  private object(
    node: XmlNode,
    plan: TypePlan,
    type: Extract<ResolvedType, { kind: "complex" }>,
    others: boolean,
    walk: Walk,
  ): Record<string, unknown> {
    const content = (plan.content ??= this.types.content(type));
    const out = new (plan.objects ??= plainObjects())();
    if (content.attributes.length) {
      for (const a of content.attributes) {
        const raw = a.ns ? attributeNS(node, a.ns, a.name) : (own(node.attrs, a.name) as string | undefined);
        if (raw === undefined) continue;
        const at = this.types.resolve(a.type);
        setOwn(
          out,
          a.name,
          at.kind === "builtin"
            ? builtinValue(at.name, raw, `${walk.path()}@${a.name}`, this.types.scalars)
            : at.kind === "simple"
              ? simpleValue(this.types, at, raw, `${walk.path()}@${a.name}`)
              : raw,
        );
      }
    }
    let unknown: UnknownCollector | undefined;
    const extra: Record<string, string> | undefined = content.anyAttribute ? {} : undefined;
    if (others)
      this.attributesOf(node, this.declaredAttributes(content), walk, (unknown = new UnknownCollector()), extra);
    if (extra && Object.keys(extra).length) out.$anyAttributes = extra;
    if (content.text !== undefined) {
      const textType = this.types.resolve(content.text);
      out.$value =
        textType.kind === "builtin"
          ? builtinValue(textType.name, node.text, `${walk.path()}.$value`, this.types.scalars)
          : textType.kind === "simple"
            ? simpleValue(this.types, textType, node.text, `${walk.path()}.$value`)
            : node.text;
    } else if (walk.decoding.strict && node.children.length && node.text.trim() !== "") {
      throw new SoapCodecError(
        `${walk.path()}: text between the child elements is not declared here (strict decoding)`,
      );
    }
    unknown = this.fields(node.children, (plan.fields ??= this.fieldsPlan(content.fields)), out, walk, unknown, true);
    unknown?.attach(out);
    return out;
  }

  /**
   * The attributes of `node` that are not in `declared` (expanded names) and are not processing attributes: into
   * `anyAttributes` when given, else kept in `unknown` or refused.
   */
  private attributesOf(
    node: XmlNode,
    declared: ReadonlySet<string>,
    walk: Walk,
    unknown: UnknownCollector,
    anyAttributes?: Record<string, string>,
  ): void {
    const attrs = node.attrs;
    for (const key in attrs) {
      const attribute = walk.attribute(node.scope, key);
      const name = attribute.name;
      if (attribute.processing || declared.has(name)) continue;
      const value = attrs[key]!;
      if (anyAttributes) setOwn(anyAttributes, name, value);
      else if (walk.decoding.strict)
        throw new SoapCodecError(`${walk.path()}: attribute ${name} is not declared here (strict decoding)`);
      else unknown.attribute(name, attributeValue(node, name, value));
    }
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
    others: boolean,
    walk: Walk,
  ): Record<string, unknown> {
    const decoding = walk.decoding;
    const { entry, key, value } = dictionary;
    const unknown = new UnknownCollector();
    if (others) this.attributesOf(node, NO_ATTRIBUTES, walk, unknown);
    let pairPlan = this.dictionaryPlans.get(dictionary);
    if (pairPlan === undefined) this.dictionaryPlans.set(dictionary, (pairPlan = this.newFieldsPlan([key, value])));
    const segments = walk.segments;
    const depth = walk.depth;
    const out: Record<string, unknown> = {};
    /** The key of each entry, in wire order: the encoder writes entries in the record's order, which may differ. */
    const keys: string[] = [];
    const entryContent: (UnknownContent | undefined)[] = [];
    for (const child of node.children) {
      let match = child.local === entry.name && child.ns === entry.ns;
      if (!match && decoding.lenient && child.local === entry.name) {
        decoding.warn(
          `${walk.path()}: element ${expandedName(child.ns, child.local)} read as a dictionary entry ` +
            `(${expandedName(entry.ns, entry.name)}) by its local name (lenientNamespaces)`,
        );
        match = true;
      }
      if (!match) {
        if (decoding.strict)
          throw new SoapCodecError(
            `${walk.path()}: element ${expandedName(child.ns, child.local)} is not declared here (strict decoding)`,
          );
        unknown.element(child);
        continue;
      }
      unknown.known(child.local);
      segments[depth] = keys.length;
      walk.depth = depth + 1;
      let inner: UnknownCollector | undefined;
      if (this.scan(child, walk)) this.attributesOf(child, NO_ATTRIBUTES, walk, (inner = new UnknownCollector()));
      const pair: Record<string, unknown> = {};
      inner = this.fields(child.children, pairPlan, pair, walk, inner, true);
      walk.depth = depth;
      const k = own(pair, key.name);
      const name = k === null || k === undefined ? "" : String(k);
      if (Object.hasOwn(out, name))
        throw new SoapCodecError(`${walk.path()}: the key ${JSON.stringify(name)} is given more than once`);
      const v = own(pair, value.name);
      setOwn(out, name, v === undefined ? null : v);
      keys.push(name);
      entryContent.push(inner === undefined || inner.empty ? undefined : inner.content);
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

/** Is an `xsi:nil` value true? It is an `xs:boolean`. */
function nilValue(text: string, walk: Walk): boolean {
  if (text === "true") return true;
  if (text === "false") return false;
  const t = text.trim();
  if (t === "true" || t === "1") return true;
  if (t === "false" || t === "0") return false;
  throw new SoapCodecError(`${walk.path()}: xsi:nil="${text}" is not a boolean`);
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
