/**
 * Values → XML text, written straight from the metadata: the encoder of {@link encodeRequest} and
 * {@link encodeResponse} (codec.ts). It writes exactly what the element encoder (encode.ts, whose elements the writer
 * in xml-writer.ts turns into text) writes for the same values — the same bytes, the same prefixes in the same order
 * of first use, the same errors — without building an element object per element first (that tree was ~80% of an
 * encode and most of its garbage).
 *
 * - What can be known before a value is seen is computed once per type and field, and kept with the metadata's
 *   encoder: the fields in order with what they are (repeated, nillable, required, a choice group, a wildcard), the
 *   resolved types, the writer of each built-in's and simple type's text, and each element's start and end tags for
 *   the prefix its namespace has (recomputed when a message gives the namespace another prefix).
 * - Prefixes are assigned in the order the element encoder assigns them (a wrapper's after its fields', the header's
 *   after the body's): the text of a part whose prefixes come later than its place in the text is written apart and
 *   put in place afterwards.
 * - A value carrying undeclared content (`UNKNOWN_CONTENT`), or of a shape this writer does not take on itself (a
 *   complex type whose simple content is itself complex), is written by the element encoder, at its place: the same
 *   code writes it as before, so it cannot differ.
 * - Error paths are built only when an error is thrown: the value path (`GetTickets.Response[3].Title`) from a stack
 *   of segments, the element path of a text or attribute value XML cannot carry (`soap:Envelope/soap:Body/…/ns1:Name`,
 *   `…@name`) from the stack of open elements. Such a value is refused once the message is complete, as the writer
 *   refused it after the element encoder had built every element: any other error of the message comes first.
 */
import { SoapCodecError } from "./errors.js";
import { builtinText, builtinTextIsPlain, builtinWriter } from "./lexical.js";
import type { AnyElement, ComplexTypeMeta, FieldMeta, SimpleTypeMeta, TypeRefMeta } from "./metadata.js";
import { SOAPENC_NS, XSI_NS } from "./namespaces.js";
import { own, setOwn } from "./own.js";
import type { PrefixMap } from "./prefixes.js";
import { simpleText } from "./simple-types.js";
import { isRepeated, type ComplexContent, type ResolvedType, type TypeResolver } from "./type-resolver.js";
import { UNKNOWN_CONTENT, unknownContent } from "./unknown.js";
import type { OutNode, ValueEncoder } from "./encode.js";
import { escapeAttribute, escapeText, XmlCharacterError } from "./xml-escape.js";
import { isXmlName } from "./xml-names.js";
import { writeElements } from "./xml-writer.js";

/** The text is built in chunks of about this many characters, each made flat when full (see xml-writer.ts). */
const CHUNK = 16384;

/** Stands in the stack of open elements for a wrapper whose tag is known only after its fields are written. */
export const PENDING_TAG = "\u0000";

/** An element name and its tags for the prefix its namespace had when last written; its type, once resolved. */
export interface Tag {
  readonly ns: string;
  readonly name: string;
  /** The element's type (not for an attribute), its resolution and the writer of its text content. */
  readonly ref?: TypeRefMeta;
  type?: ResolvedType;
  content?: TextWriter;
  /** The prefix map (message) the tags were last checked against, and the prefix they were made for. */
  w?: PrefixMap;
  prefix?: string;
  /** `p:name`, `<p:name`, `<p:name>`, `</p:name>`. */
  qname: string;
  open: string;
  openEnd: string;
  close: string;
}

/** What a field is, computed once. */
export interface FieldPlan {
  readonly field: FieldMeta;
  readonly tag: Tag;
  /** `.name`: the field's segment of a value path. */
  readonly segment: string;
  readonly repeated: boolean;
  readonly nillable: boolean;
  readonly required: boolean;
  readonly particle: FieldMeta["particle"];
  /**
   * For a single element of a built-in or simple type (not `anyType`): its fast text writer, once the type is
   * resolved; `null` when the field is not such an element (or its type does not resolve).
   */
  leaf?: TextWriter | null;
  /**
   * `after` + the element's start tag as one flat string, made when the element last followed the end tag `after`
   * (for the start tag `jointOpen`): the two pieces of text written as one.
   */
  after?: string;
  jointOpen?: string;
  joint?: string;
}

/** What a complex type's content is, computed once. */
interface ContentPlan {
  readonly content: ComplexContent;
  readonly fields: FieldPlan[];
  /** Choices with the names of their alternatives' fields, without repeats. */
  readonly choices: { names: string[]; alternatives: string[][]; optional: boolean }[];
  /** `@name` segments of the attributes. */
  readonly attributeSegments: string[];
  readonly attributeTags: Tag[];
  /**
   * The fields' positions by name, when there are enough fields to read a value's members in one pass (and no name
   * twice): `Object.keys` gives exactly the members own() reads (own, enumerable, named by a string).
   */
  readonly positions?: Map<string, number>;
  /**
   * The keys of the last value read that way, and per field the index of its key among them (-1: absent): a value
   * with the same keys in the same order (most are: values of a type are made alike) is read without a lookup.
   */
  keys?: string[];
  slots?: number[];
}

/** From this many fields on, a value's members are read in one pass over its keys rather than one own() a field. */
const MANY_FIELDS = 8;

/** The text of a value of a built-in or simple type: undefined when the fast way cannot tell (then ask the slow). */
type TextWriter = (value: unknown) => string | undefined;

/** A list's text: its items' texts, each by `write`, joined by single spaces; undefined when an item has none. */
function listWriter(write: TextWriter): TextWriter {
  return (v) => {
    if (!Array.isArray(v)) return undefined;
    let text = "";
    for (let i = 0; i < v.length; i++) {
      const t = write(v[i]);
      if (t === undefined) return undefined;
      text = i === 0 ? t : text + " " + t;
    }
    return text;
  };
}

/** A value path's segment for a dictionary value: `[<key as JSON>]`, formatted only for an error. */
class KeySegment {
  constructor(readonly key: unknown) {}
  toString(): string {
    return `[${JSON.stringify(this.key) ?? String(this.key)}]`;
  }
}

type Segment = string | number | KeySegment;

export function newTag(ns: string, name: string, ref?: TypeRefMeta): Tag {
  return ref === undefined
    ? { ns, name, qname: "", open: "", openEnd: "", close: "" }
    : { ns, name, ref, qname: "", open: "", openEnd: "", close: "" };
}

/** The metadata's plans (types, fields, tags), built as they are first needed; one per metadata object. */
export class TextPlans {
  private readonly fieldPlans = new Map<FieldMeta, FieldPlan>();
  private readonly contentPlans = new Map<ComplexTypeMeta, ContentPlan>();
  private readonly textWriters = new Map<ResolvedType, TextWriter>();
  private readonly contentWriters = new Map<ResolvedType, TextWriter>();
  private readonly resolved = new Map<TypeRefMeta, ResolvedType>();
  private readonly tags = new Map<object, Tag>();

  constructor(
    readonly types: TypeResolver,
    /** The element encoder, for what this writer hands over to it. */
    readonly elements: ValueEncoder,
  ) {}

  field(field: FieldMeta): FieldPlan {
    let plan = this.fieldPlans.get(field);
    if (plan === undefined) {
      plan = {
        field,
        tag: newTag(field.ns, field.name, field.type),
        segment: "." + field.name,
        repeated: isRepeated(field),
        nillable: !!field.nillable,
        required: field.min > 0,
        particle: field.particle,
      };
      this.fieldPlans.set(field, plan);
    }
    return plan;
  }

  /** A tag kept with `owner` (a header, a dictionary's entry): made anew if `ns`, `name` or `ref` change. */
  tag(owner: object, ns: string, name: string, ref?: TypeRefMeta): Tag {
    let tag = this.tags.get(owner);
    if (tag === undefined || tag.ns !== ns || tag.name !== name || tag.ref !== ref)
      this.tags.set(owner, (tag = newTag(ns, name, ref)));
    return tag;
  }

  /** The resolved type (a resolution that fails is tried again, and fails again, each time: no caching of errors). */
  resolve(ref: TypeRefMeta): ResolvedType {
    let type = this.resolved.get(ref);
    if (type === undefined) {
      type = this.types.resolve(ref);
      // a built-in resolves to a new object each time: keep one, so that its text writer is found by identity
      this.resolved.set(ref, type);
    }
    return type;
  }

  content(type: ComplexTypeMeta): ContentPlan {
    let plan = this.contentPlans.get(type);
    if (plan === undefined) {
      const content = this.types.content(type);
      plan = {
        content,
        fields: content.fields.map((f) => this.field(f)),
        choices: content.choices.map((c) => ({
          names: [...new Set(c.alternatives.flat())],
          alternatives: c.alternatives,
          optional: !!c.optional,
        })),
        attributeSegments: content.attributes.map((a) => "@" + a.name),
        attributeTags: content.attributes.map((a) => newTag(a.ns, a.name)),
      };
      const positions = new Map(content.fields.map((f, i) => [f.name, i]));
      if (content.fields.length >= MANY_FIELDS && positions.size === content.fields.length)
        plan = { ...plan, positions };
      this.contentPlans.set(type, plan);
    }
    return plan;
  }

  /**
   * The fast writer of a built-in's or simple type's text as element content, escaped (a character XML cannot carry
   * refused as encode.ts refuses it); undefined from it: ask the slow way, then escape.
   */
  contentWriter(type: ResolvedType): TextWriter {
    let writer = this.contentWriters.get(type);
    if (writer === undefined) {
      writer = this.makeContentWriter(type, 0);
      this.contentWriters.set(type, writer);
    }
    return writer;
  }

  private makeContentWriter(type: ResolvedType, depth: number): TextWriter {
    const slow: TextWriter = () => undefined;
    if (depth > 16) return slow;
    if (type.kind === "builtin") {
      const write = builtinWriter(type.name);
      if (write === undefined) return slow;
      // numbers, booleans and dates are written without a character to escape
      if (builtinTextIsPlain(type.name)) return write;
      return (v) => {
        const text = write(v);
        return text === undefined ? undefined : escapedOrUndefined(text);
      };
    }
    if (type.kind !== "simple") return slow;
    switch (type.variety) {
      case "enumeration": {
        if (type.values === undefined) return (v) => (typeof v === "string" ? escapedOrUndefined(v) : undefined);
        // the values as they are written, escaped once (one XML cannot carry: the slow way, which refuses it)
        const escaped = new Map<string, string>();
        for (const value of type.values) {
          try {
            escaped.set(value, escapeText(value));
          } catch {
            // left to the slow way
          }
        }
        return (v) => (typeof v === "string" ? escaped.get(v) : undefined);
      }
      case "list": {
        // items are escaped one by one: a space needs no escaping, so the joined text is the same
        if (type.item === undefined) return slow;
        let item: ResolvedType;
        try {
          item = this.types.resolve(type.item);
        } catch {
          return slow;
        }
        const write = this.makeContentWriter(item, depth + 1);
        return listWriter(write);
      }
      case "union":
        return slow;
      default: {
        if (type.base === undefined) return (v) => escapedOrUndefined(String(v));
        let base: ResolvedType;
        try {
          base = this.types.resolve(type.base);
        } catch {
          return slow;
        }
        return this.makeContentWriter(base, depth + 1);
      }
    }
  }

  /** The fast writer of a built-in's or simple type's text. */
  textWriter(type: ResolvedType): TextWriter {
    let writer = this.textWriters.get(type);
    if (writer === undefined) {
      writer = this.makeTextWriter(type, 0);
      this.textWriters.set(type, writer);
    }
    return writer;
  }

  private makeTextWriter(type: ResolvedType, depth: number): TextWriter {
    const slow: TextWriter = () => undefined;
    if (depth > 16) return slow;
    if (type.kind === "builtin") return builtinWriter(type.name) ?? slow;
    if (type.kind !== "simple") return slow;
    return this.simpleWriter(type, depth) ?? slow;
  }

  /** simple-types.ts's simpleText, for the shapes that are common, in its order of checks; undefined: none. */
  private simpleWriter(type: SimpleTypeMeta, depth: number): TextWriter | undefined {
    switch (type.variety) {
      case "enumeration": {
        const values = type.values ? new Set(type.values) : undefined;
        return (v) => (typeof v === "string" && (values === undefined || values.has(v)) ? v : undefined);
      }
      case "list": {
        if (type.item === undefined) return undefined;
        let item: ResolvedType;
        try {
          item = this.types.resolve(type.item);
        } catch {
          return undefined;
        }
        const write = this.makeTextWriter(item, depth + 1);
        return listWriter(write);
      }
      case "union":
        return undefined;
      default: {
        if (type.base === undefined) return (v) => String(v);
        let base: ResolvedType;
        try {
          base = this.types.resolve(type.base);
        } catch {
          return undefined;
        }
        return this.makeTextWriter(base, depth + 1);
      }
    }
  }
}

/** One message being written: its prefix map, its text, where it is (for errors). */
export class MessageEncoder {
  /** The chunk being written, the chunks before it. */
  private out = "";
  private readonly chunks: string[] = [];
  /** A start tag (with its attributes) not yet ended: `>` when content follows, `/>` when none does. */
  private pending = "";
  /**
   * An end tag not yet written, written before anything else is (before `pending`): so that a leaf element's start
   * tag can be written together with the end tag before it, in one precomputed piece (see {@link FieldPlan.joint}).
   * Fewer pieces make less to allocate and less for V8 to walk when it flattens a chunk (a quarter of an encode).
   */
  private tail = "";
  /** The value path, as segments. */
  private readonly segments: Segment[] = [];
  /** The qualified names of the open elements (the element path of a text or attribute value XML cannot carry). */
  private readonly open: string[];
  /** The first text or attribute value refused, kept until the message is complete (see the module's comment). */
  private refusal: XmlCharacterError | undefined;

  constructor(
    private readonly plans: TextPlans,
    private readonly w: PrefixMap,
    open: readonly string[],
  ) {
    this.open = [...open];
  }

  // ---------------------------------------------------------------- text

  /** What was written since the last {@link take}, which starts the next part. */
  take(): string {
    this.end();
    if (this.tail !== "") {
      this.out += this.tail;
      this.tail = "";
    }
    // The flat chunks concatenated, not joined: whoever reads the message (to send it) flattens it once; a join here
    // would copy it once more.
    let text = "";
    if (this.chunks.length) {
      for (const chunk of this.chunks) text += chunk;
      while (this.chunks.length) this.chunks.pop();
    }
    text += this.out;
    this.out = "";
    return text;
  }

  /** Writes `text` where the next content goes (raw: the caller escaped it). */
  private put(text: string): void {
    if (this.pending !== "") {
      this.out += this.tail + this.pending + ">" + text;
      this.pending = "";
    } else this.out += this.tail + text;
    this.tail = "";
  }

  /** Ends a pending start tag with `>`. */
  private end(): void {
    if (this.pending !== "") {
      this.out += this.tail + this.pending + ">";
      this.pending = "";
      this.tail = "";
    }
  }

  /** Closes the element whose start tag (or `pending` one) was written: `/>` if nothing followed it. */
  private closeElement(close: string): void {
    if (this.pending !== "") {
      this.out += this.tail + this.pending + "/>";
      this.pending = "";
      this.tail = "";
    } else {
      if (this.tail !== "") this.out += this.tail;
      this.tail = close;
    }
    this.flushChunk();
  }

  /** Makes the text written so far a flat chunk once it is long enough. */
  private flushChunk(): void {
    if (this.out.length > CHUNK) {
      const chunk = this.out;
      // reading a character makes V8 flatten the concatenated pieces into one string (and drop the pieces)
      chunk.charCodeAt(0);
      this.chunks.push(chunk);
      this.out = "";
    }
  }

  /** The value path (only built for an error). */
  path(): string {
    let path = "";
    for (const s of this.segments) path += typeof s === "number" ? `[${s}]` : String(s);
    return path;
  }

  /** Adds a segment to the value path (the base of the next values' paths). */
  pushSegment(segment: string): void {
    this.segments.push(segment);
  }

  popSegment(): void {
    this.segments.pop();
  }

  /** Adds an element to the open ones (for the element path in errors): {@link PENDING_TAG} for a wrapper. */
  pushOpen(name: string): void {
    this.open.push(name);
  }

  /** Starts another part of the message (the header after the body): `open` elements, an empty value path. */
  startPart(open: readonly string[]): void {
    // popped, not `length = 0`: a handful of entries, and setting the length is a call into the engine
    while (this.open.length) this.open.pop();
    for (const name of open) this.open.push(name);
    while (this.segments.length) this.segments.pop();
  }

  /** The first text or attribute value refused since the last call, if any. */
  takeRefusal(): XmlCharacterError | undefined {
    const refusal = this.refusal;
    this.refusal = undefined;
    return refusal;
  }

  // ---------------------------------------------------------------- tags

  /** `tag` with its tags for the prefix its namespace has in this message (which it gets now, if it had none). */
  tagOf(tag: Tag): Tag {
    if (tag.w !== this.w) {
      // the first use in this message: the namespace gets its prefix now (its place in the order of first use)
      const prefix = tag.ns ? this.w.prefix(tag.ns) : "";
      if (tag.prefix !== prefix || tag.qname === "") {
        const qname = this.w.qname(tag.ns, tag.name);
        tag.qname = qname;
        tag.open = "<" + qname;
        tag.openEnd = "<" + qname + ">";
        tag.close = "</" + qname + ">";
        tag.prefix = prefix;
      }
      tag.w = this.w;
    }
    return tag;
  }

  // ---------------------------------------------------------------- values

  /** encode.ts's encodeField: one field's elements (none when the value is undefined). */
  field(plan: FieldPlan, value: unknown): void {
    // The common case first: a leaf element whose value the fast writer takes — nothing else to check, no segment
    // to push (a path is built only for an error, and this writes nothing that can fail).
    const leaf = plan.leaf === undefined ? this.leafWriter(plan) : plan.leaf;
    if (leaf !== null && value !== undefined && value !== null) {
      const text = leaf(value);
      if (text !== undefined) {
        const tag = this.tagOf(plan.tag);
        if (text === "" || this.pending !== "")
          this.put(text === "" ? tag.open + "/>" : tag.openEnd + text + tag.close);
        else {
          // the end tag before and this start tag in one piece, this end tag left for the next piece
          const tail = this.tail;
          const open = tag.openEnd;
          let joint = plan.joint;
          if (joint === undefined || plan.after !== tail || plan.jointOpen !== open) {
            // joined, not concatenated: a flat string, one piece
            joint = plan.joint = [tail, open].join("");
            plan.after = tail;
            plan.jointOpen = open;
          }
          this.out += joint + text;
          this.tail = tag.close;
        }
        return;
      }
    }
    if (plan.particle === "any") {
      this.segments.push(plan.segment);
      this.anyElements(value);
      this.segments.pop();
      return;
    }
    if (value === undefined) {
      if (plan.required && !plan.nillable) throw new SoapCodecError(`${this.path()}${plan.segment} is required`);
      return;
    }
    if (value === null && !plan.nillable && plan.particle !== "group") {
      if (plan.required)
        throw new SoapCodecError(`${this.path()}${plan.segment} is null, but the element is required and not nillable`);
      return;
    }
    if (plan.particle === "group") return this.group(plan, value);
    this.segments.push(plan.segment);
    if (plan.repeated) {
      if (value !== null) {
        if (!Array.isArray(value)) throw new SoapCodecError(`${this.path()} must be an array`);
        for (let i = 0; i < value.length; i++) {
          this.segments.push(i);
          this.element(plan.tag, value[i], plan.nillable);
          this.segments.pop();
        }
      }
    } else this.element(plan.tag, value, plan.nillable);
    this.segments.pop();
  }

  /** The field's {@link FieldPlan.leaf}, found now (once). */
  private leafWriter(plan: FieldPlan): TextWriter | null {
    let leaf: TextWriter | null = null;
    if (!plan.repeated && plan.particle !== "any" && plan.particle !== "group") {
      try {
        const tag = plan.tag;
        const type = tag.type ?? (tag.type = this.plans.resolve(tag.ref!));
        if (type.kind !== "complex" && !(type.kind === "builtin" && type.name === "anyType"))
          leaf = tag.content ?? (tag.content = this.plans.contentWriter(type));
      } catch {
        // a type that does not resolve: the general way, which reports it where it did
      }
    }
    return (plan.leaf = leaf);
  }

  /** A repeated choice: each item's elements, written directly here. */
  private group(plan: FieldPlan, value: unknown): void {
    if (value === null) return;
    const items = plan.repeated ? value : [value];
    this.segments.push(plan.segment);
    if (!Array.isArray(items))
      throw new SoapCodecError(`${this.path()} must be an array (the occurrences of a choice)`);
    const type = this.plans.resolve(plan.field.type);
    if (type.kind !== "complex") throw new SoapCodecError(`${this.path()}: a choice group must have a complex type`);
    for (let i = 0; i < items.length; i++) {
      this.segments.push(i);
      const item: unknown = items[i];
      if (typeof item !== "object" || item === null || Array.isArray(item))
        throw new SoapCodecError(`${this.path()} must be an object (one alternative of the choice)`);
      const content = this.plans.content(type);
      this.checkChoices(content, item as Record<string, unknown>);
      for (const f of content.fields) this.field(f, own(item, f.field.name));
      this.segments.pop();
    }
    this.segments.pop();
  }

  /** encode.ts's encodeElement: one element of its type (`plan.ref`) holding `value`. */
  element(plan: Tag, value: unknown, nillable: boolean): void {
    const tag = this.tagOf(plan);
    if (value === null) {
      if (!nillable) throw new SoapCodecError(`${this.path()} is null, but the element is not nillable`);
      const nil = this.w.qname(XSI_NS, "nil");
      this.put(tag.open + " " + nil + '="true"/>');
      return;
    }
    const ref = plan.ref!;
    let type = plan.type ?? (plan.type = this.plans.resolve(ref));
    if (type.kind !== "complex") {
      // a built-in or simple type: `$type` and undeclared content are not looked for (encode.ts does not either)
      if (type.kind === "builtin" && type.name === "anyType") {
        this.end();
        this.pending = tag.open;
        this.open.push(tag.qname);
        this.any(value);
        this.open.pop();
        this.closeElement(tag.close);
        return;
      }
      let text = (plan.content ?? (plan.content = this.plans.contentWriter(type)))(value);
      if (text === undefined)
        text = this.escaped(
          type.kind === "builtin" ? this.builtinSlow(type.name, value) : this.simpleSlow(type, value),
          tag.qname,
        );
      this.put(text === "" ? tag.open + "/>" : tag.openEnd + text + tag.close);
      return;
    }
    let start = tag.open;
    if (typeof value === "object") {
      // A value of a derived type says so with `$type` (its TypeScript name); it is written with `xsi:type`.
      const actual = Array.isArray(value) || !("$type" in value) ? undefined : own(value, "$type");
      if (typeof actual === "string" && actual !== ref) {
        const types = this.plans.types;
        const derived = types.named(actual);
        if (!derived || derived.kind !== "complex" || !derived.xml || !types.derivesFrom(actual, ref as string)) {
          throw new SoapCodecError(
            `${this.path()}: $type ${JSON.stringify(actual)} is not a type derived from ${String(ref)}`,
          );
        }
        start += " " + this.w.qname(XSI_NS, "type") + '="' + this.w.qname(derived.xml.ns, derived.xml.name) + '"';
        type = derived;
      }
    }
    if (type.abstract)
      throw new SoapCodecError(
        `${this.path()}: ${typeof ref === "string" ? ref : "the type"} is abstract; set $type to the derived type of the value`,
      );
    if (typeof value === "object" && hasUnknownContent(value)) return this.handOver(plan, value, nillable);
    if (type.array) return this.array(tag, start, type, value);
    if (type.dictionary) return this.dictionary(tag, start, type, value);
    this.complex(tag, start, type, value, nillable, plan);
  }

  private builtinSlow(name: string, value: unknown): string {
    try {
      return builtinText(name, value, "");
    } catch (e) {
      // the same error, with the path (built only now)
      if (e instanceof SoapCodecError) builtinText(name, value, this.path());
      throw e;
    }
  }

  private simpleSlow(type: SimpleTypeMeta, value: unknown): string {
    try {
      return simpleText(this.plans.types, type, value, "");
    } catch (e) {
      if (e instanceof SoapCodecError) simpleText(this.plans.types, type, value, this.path());
      throw e;
    }
  }

  /** A WCF `ArrayOfX`: the wrapper element, an item element per array item. */
  private array(tag: Tag, start: string, type: ComplexTypeMeta, value: unknown): void {
    if (!Array.isArray(value)) throw new SoapCodecError(`${this.path()} must be an array`);
    const { item, encoded } = type.array!;
    if (encoded) {
      const name = this.w.qname(SOAPENC_NS, "arrayType");
      start +=
        " " +
        name +
        '="' +
        this.attribute(tag.qname, name, `${this.w.qname(encoded.ns, encoded.name)}${encoded.ranks}[${value.length}]`) +
        '"';
    }
    this.end();
    this.pending = start;
    this.open.push(tag.qname);
    const itemPlan = this.plans.field(item);
    for (let i = 0; i < value.length; i++) {
      this.segments.push(i);
      this.element(itemPlan.tag, value[i], itemPlan.nillable);
      this.segments.pop();
    }
    this.open.pop();
    this.closeElement(tag.close);
  }

  /** A WCF dictionary: an entry element (key and value) per member (a Map: per entry). */
  private dictionary(tag: Tag, start: string, type: ComplexTypeMeta, value: unknown): void {
    const { entry, key, value: valueField } = type.dictionary!;
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new SoapCodecError(`${this.path()} must be an object (a dictionary)`);
    // A Map is taken for what it is (its entries, in insertion order); an object gives its own enumerable entries.
    const entries: [unknown, unknown][] =
      value instanceof Map ? [...(value as Map<unknown, unknown>)] : Object.entries(value);
    this.end();
    this.pending = start;
    this.open.push(tag.qname);
    const entryTag = this.plans.tag(type.dictionary!, entry.ns, entry.name);
    const keyPlan = this.plans.field(key);
    const valuePlan = this.plans.field(valueField);
    for (const [k, v] of entries) {
      const et = this.tagOf(entryTag);
      this.end();
      this.pending = et.open;
      this.open.push(et.qname);
      this.segments.push("[key]");
      this.field(keyPlan, k);
      this.segments.pop();
      this.segments.push(new KeySegment(k));
      this.field(valuePlan, v);
      this.segments.pop();
      this.open.pop();
      this.closeElement(et.close);
    }
    this.open.pop();
    this.closeElement(tag.close);
  }

  /** A complex type's element: attributes, simple content, fields. */
  private complex(
    tag: Tag,
    start: string,
    type: ComplexTypeMeta,
    value: unknown,
    nillable: boolean,
    element: Tag,
  ): void {
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new SoapCodecError(`${this.path()} must be an object`);
    if (value instanceof Map || value instanceof Set)
      throw new SoapCodecError(
        `${this.path()} must be an object of members, not a ${value instanceof Map ? "Map" : "Set"}`,
      );
    const record = value as Record<string, unknown>;
    const plan = this.plans.content(type);
    const content = plan.content;
    if (content.attributes.length || (content.anyAttribute && own(record, "$anyAttributes") !== undefined))
      start = this.attributes(tag, start, plan, record);
    this.checkChoices(plan, record);
    let textType: ResolvedType | undefined;
    const text = content.text !== undefined ? own(record, "$value") : undefined;
    if (text !== undefined) {
      textType = this.plans.resolve(content.text!);
      // simple content of a complex type (no schema writes one, but the metadata could say so): as before
      if (textType.kind === "complex") return this.handOver(element, value, nillable);
    }
    this.end();
    this.pending = start;
    this.open.push(tag.qname);
    if (textType !== undefined) {
      this.segments.push(".$value");
      if (textType.kind === "builtin" && textType.name === "anyType") this.any(text);
      else {
        const t =
          this.plans.contentWriter(textType)(text) ??
          this.escaped(
            textType.kind === "builtin"
              ? this.builtinSlow(textType.name, text)
              : this.simpleSlow(textType as SimpleTypeMeta, text),
            undefined,
          );
        if (t !== "") this.put(t);
      }
      this.segments.pop();
    }
    const fields = plan.fields;
    if (plan.positions !== undefined) {
      // the value's own enumerable members, each read once in the fields' order, as own() would
      const keys = Object.keys(record);
      const slots = slotsOf(plan, keys);
      for (let i = 0; i < fields.length; i++) {
        const k = slots[i]!;
        this.field(fields[i]!, k < 0 ? undefined : record[keys[k]!]);
      }
    } else
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!;
        this.field(f, own(record, f.field.name));
      }
    this.open.pop();
    this.closeElement(tag.close);
  }

  /** The declared attributes and `$anyAttributes` of a complex value, added to its start tag (in encode.ts's order). */
  private attributes(tag: Tag, start: string, plan: ContentPlan, record: Record<string, unknown>): string {
    const attrs: Record<string, string> = {};
    const declared = plan.content.attributes;
    for (let i = 0; i < declared.length; i++) {
      const a = declared[i]!;
      const v = own(record, a.name);
      if (v === undefined || v === null) {
        if (a.required) throw new SoapCodecError(`${this.path()}@${a.name} is required`);
        continue;
      }
      this.segments.push(plan.attributeSegments[i]!);
      const at = this.plans.resolve(a.type);
      const text =
        at.kind === "builtin"
          ? (this.plans.textWriter(at)(v) ?? this.builtinSlow(at.name, v))
          : at.kind === "simple"
            ? (this.plans.textWriter(at)(v) ?? this.simpleSlow(at, v))
            : String(v);
      this.segments.pop();
      setOwn(attrs, this.tagOf(plan.attributeTags[i]!).qname, text);
    }
    const anyAttributes = own(record, "$anyAttributes");
    if (plan.content.anyAttribute && anyAttributes !== undefined) {
      this.segments.push(".$anyAttributes");
      this.attributeMap(anyAttributes, attrs);
      this.segments.pop();
    }
    for (const name in attrs) start += " " + name + '="' + this.attribute(tag.qname, name, attrs[name]!) + '"';
    return start;
  }

  /** encode.ts's encodeAttributeMap: `$anyAttributes` (`{ns}local` or `local` → text) into `attrs`. */
  private attributeMap(value: unknown, attrs: Record<string, string>): void {
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new SoapCodecError(`${this.path()} must be an object of attribute texts`);
    for (const [key, text] of Object.entries(value as Record<string, unknown>)) {
      if (typeof text !== "string") throw new SoapCodecError(`${this.path()}[${JSON.stringify(key)}] must be a string`);
      const m = /^\{([^}]*)\}(.*)$/.exec(key);
      const local = m ? m[2]! : key;
      if (!isXmlName(local))
        throw new SoapCodecError(`${this.path()}: ${JSON.stringify(key)} is not an attribute name`);
      const name = m && m[1] ? this.w.qname(m[1], local) : local;
      // An xsi:type kept from a message is {namespace}local: written with the prefix its namespace has here.
      const q = m && m[1] === XSI_NS && local === "type" ? /^\{([^}]*)\}(.+)$/.exec(text) : null;
      setOwn(attrs, name, q ? this.w.qname(q[1]!, q[2]!) : text);
    }
  }

  /**
   * Text content, escaped; text XML cannot carry is refused when the message is complete (the first such text or
   * attribute value), with the element path: the open elements, and `leaf` when the text is that leaf element's.
   */
  private escaped(text: string, leaf: string | undefined): string {
    try {
      return escapeText(text);
    } catch (e) {
      if (!(e instanceof XmlCharacterError)) throw e;
      this.refusal ??= new XmlCharacterError(
        e.codePoint,
        e.index,
        (leaf === undefined ? this.open : [...this.open, leaf]).join("/"),
      );
      return "";
    }
  }

  /** An attribute value, escaped; one XML cannot carry is refused when the message is complete (the first one). */
  private attribute(element: string, name: string, value: string): string {
    try {
      return escapeAttribute(value);
    } catch (e) {
      if (!(e instanceof XmlCharacterError)) throw e;
      this.refusal ??= new XmlCharacterError(e.codePoint, e.index, [...this.open, element].join("/") + "@" + name);
      return "";
    }
  }

  /** encode.ts's checkChoices: at most one alternative of each choice (exactly one when it is required). */
  private checkChoices(plan: ContentPlan, record: Record<string, unknown>): void {
    for (const c of plan.choices) {
      const present = c.names.filter((n) => own(record, n) !== undefined);
      if (present.length === 0) {
        if (!c.optional)
          throw new SoapCodecError(`${this.path()}: one of ${c.names.join(", ")} is required (xs:choice)`);
        continue;
      }
      if (!c.alternatives.some((a) => present.every((n) => a.includes(n))))
        throw new SoapCodecError(
          `${this.path()}: ${present.join(" and ")} are alternatives of one xs:choice; set only one`,
        );
    }
  }

  /** encode.ts's encodeAny: an `xs:anyType` value — text, or an element per member (no namespace). */
  private any(value: unknown): void {
    if (value === undefined) return;
    if (typeof value !== "object" || value === null) {
      const text = String(value);
      if (text !== "") this.put(this.escaped(text, undefined));
      return;
    }
    if (Array.isArray(value)) throw new SoapCodecError(`${this.path()}: an xs:anyType value must be text or an object`);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (!isXmlName(k))
        throw new SoapCodecError(
          `${this.path()}: ${JSON.stringify(k)} is not an XML name and cannot be written as an element`,
        );
      this.segments.push("." + k);
      for (const item of Array.isArray(v) ? v : [v]) {
        this.end();
        this.pending = "<" + k;
        this.open.push(k);
        this.any(item);
        this.open.pop();
        this.closeElement("</" + k + ">");
      }
      this.segments.pop();
    }
  }

  /** `$any`: the elements of an `xs:any` wildcard (`extraHeaders`), built and written by encode.ts and the writer. */
  anyElements(value: unknown): void {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) throw new SoapCodecError(`${this.path()} must be an array of AnyElement objects`);
    for (let i = 0; i < value.length; i++) {
      this.segments.push(i);
      this.nodes([this.plans.elements.encodeAnyElement(this.w, value[i] as AnyElement, this.path(), 0)]);
      this.segments.pop();
    }
  }

  /** Hands an element over to encode.ts's element encoder (it carries undeclared content, see the module comment). */
  private handOver(tag: Tag, value: unknown, nillable: boolean): void {
    this.nodes([this.plans.elements.encodeElement(this.w, tag.ns, tag.name, tag.ref!, value, this.path(), nillable)]);
  }

  /** Elements built by encode.ts, written here by the writer (an attribute value it refuses: as {@link attribute}). */
  private nodes(nodes: OutNode[]): void {
    let text: string;
    try {
      text = writeElements(nodes, this.open);
    } catch (e) {
      if (!(e instanceof XmlCharacterError)) throw e;
      this.refusal ??= e;
      return;
    }
    this.put(text);
    this.flushChunk();
  }
}

/** Per field of `plan`, the index of its key in `keys` (a value's `Object.keys`), or -1: see {@link ContentPlan.keys}. */
function slotsOf(plan: ContentPlan, keys: string[]): number[] {
  const last = plan.keys;
  if (last !== undefined && last.length === keys.length) {
    let same = true;
    for (let j = 0; j < keys.length; j++)
      if (last[j] !== keys[j]) {
        same = false;
        break;
      }
    if (same) return plan.slots!;
  }
  const slots: number[] = new Array<number>(plan.fields.length).fill(-1);
  for (let j = 0; j < keys.length; j++) {
    const i = plan.positions!.get(keys[j]!);
    if (i !== undefined) slots[i] = j;
  }
  plan.keys = keys;
  plan.slots = slots;
  return slots;
}

/** Does the value carry undeclared content? (`in` first: a cheap answer for the values that have none.) */
export function hasUnknownContent(value: unknown): boolean {
  return (
    ((typeof value === "object" && value !== null) || typeof value === "function") &&
    UNKNOWN_CONTENT in value &&
    unknownContent(value) !== undefined
  );
}

/** {@link own}, with `in` first: a cheap answer for a member that is not there (the most common case for some). */
export function ownIfIn(target: unknown, key: string): unknown {
  return ((typeof target === "object" && target !== null) || typeof target === "function") && key in target
    ? own(target, key)
    : undefined;
}

/** Text content escaped, or undefined when it holds a character XML 1.0 cannot carry (left to the slow way). */
function escapedOrUndefined(text: string): string | undefined {
  try {
    return escapeText(text);
  } catch (e) {
    if (e instanceof XmlCharacterError) return undefined;
    throw e;
  }
}
