/**
 * fast-check arbitraries derived from the runtime metadata (`ServiceMetadata`), not written by hand per type: for
 * any `TypeRefMeta` they generate exactly the values the generated TypeScript types allow AND the codec promises to
 * give back unchanged (decode(encode(x)) deep-equals x). Where the two differ, the arbitrary follows the codec's
 * promise and says why here:
 *
 * - Optional repeated fields (`maxOccurs` > 1) are absent or a NON-EMPTY array: zero occurrences on the wire decode
 *   as an absent member (the decoder never invents `[]`), so `[]` and absent are the same message. A repeated field
 *   is never `null`: the encoder writes nothing for it (nil applies to the items, `(T | null)[]`).
 * - WCF `ArrayOfX` values are arrays, possibly empty (the wrapper element stays on the wire); items are `null` only
 *   when the item element is nillable.
 * - Dictionaries are records with string keys. Integer-like keys ("2", "10") are avoided: JavaScript lists them
 *   first whatever the insertion order, so a record cannot reproduce the wire order of a message that has them
 *   after other keys (README: "entry order is kept except that JavaScript lists integer-like keys first").
 *   Keys that name `Object.prototype` members ("constructor", "toString", "__proto__", …) are included on purpose.
 * - Enumerations: one of `values`. Flags (`xs:list` of an enumeration): any order, duplicates allowed, possibly
 *   empty — the codec writes them space-separated in array order and reads them back in wire order, unchanged.
 * - Extensions: the fields of the base types too (`ValueCodec.content(type)`, base fields first).
 * - Built-ins follow the metadata's `scalars`. Strings are any Unicode text XML 1.0 can carry: no lone surrogates,
 *   no U+FFFE/U+FFFF, no control characters other than TAB and LF. CR is excluded as well: the encoder writes it
 *   raw and every XML parser (fast-xml-parser included) normalises a literal CR or CRLF to LF, so "a\rb" comes back
 *   as "a\nb" (escaping it as `&#13;` would keep it). -0 is included (written "-0"). NaN and ±Infinity are included (`NaN`, `INF`, `-INF`).
 *   Lexical scalars kept as strings (dateTime, date, long, decimal, base64) are generated in their canonical-ish
 *   lexical form without surrounding whitespace, because the decoder trims them.
 * - Recursion (`SoExceptionInfo.InnerException`, `ArchiveRestrictionInfo.SubRestrictions`) is bounded by an
 *   explicit depth: every complex value, array or dictionary costs one level; at depth 0 optional structured
 *   members are left out, arrays and dictionaries are empty, and required nillable structured members are `null`.
 */
import fc from "fast-check";
import { builtinCategory } from "../../runtime/src/builtins.js";
import type {
  ComplexTypeMeta,
  FieldMeta,
  HeaderMeta,
  MessageMeta,
  OperationMeta,
  PartMeta,
  ServiceMetadata,
  SimpleTypeMeta,
  TypeMeta,
  TypeRefMeta,
} from "../../runtime/src/metadata.js";
import { ValueCodec } from "../../runtime/src/values.js";

/** Marks a member the generated object leaves out. */
export const ABSENT: unique symbol = Symbol("absent");

export interface ArbitraryOptions {
  /** Nesting budget for complex values, arrays and dictionaries (default 2). */
  maxDepth?: number;
  /** Most items in an array, repeated field, list or dictionary (default 2). */
  maxItems?: number;
}

// ------------------------------------------------------------------ text

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Characters and snippets that stress escaping: markup, entity look-alikes, XML 1.1 line ends, astral, BOM. */
const SPECIAL = [
  "&",
  "<",
  ">",
  "'",
  '"',
  "]]>",
  "&amp;",
  "&#x41;",
  "&lt;",
  "&foo;",
  " ",
  "  ",
  "\t",
  "\n",
  "\u00a0",
  "\u0085",
  "\u2028",
  "\ufeff",
  "\ufffd",
  "é",
  "ß",
  "中",
  "😀",
  "\u{10ffff}",
];

/** One unit of an XML-safe string (CR excluded, see the file comment). */
export const xmlChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((cp) => String.fromCodePoint(cp)) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 0x80, max: 0x10ffff })
      .filter(isXmlChar)
      .map((cp) => String.fromCodePoint(cp)),
  },
);

/** Any string XML 1.0 element content can carry and give back unchanged (empty and whitespace-only included). */
export const xmlString: fc.Arbitrary<string> = fc.string({ unit: xmlChar, maxLength: 16 });

/** Attribute values additionally avoid TAB and LF (attribute-value normalisation turns them into spaces). */
const attributeString = xmlString.filter((s) => !/[\t\n]/.test(s));

/** A whitespace-free, non-empty token (an item of an `xs:list`, which is split on whitespace). */
const token = fc
  .string({ unit: xmlChar, minLength: 1, maxLength: 8 })
  .map((s) => s.replace(/[\s\u0085\u2028\ufeff\u00a0]+/g, "_"));

/** `Object.prototype` names as dictionary keys: decoding must create own properties for them. */
export const DANGEROUS_KEYS = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "prototype",
  "length",
  "Key",
  "Value",
];

/** A dictionary key: any XML string that is not an integer-like property name (see the file comment). */
export const dictionaryKey: fc.Arbitrary<string> = fc
  .oneof({ weight: 5, arbitrary: xmlString }, { weight: 1, arbitrary: fc.constantFrom(...DANGEROUS_KEYS) })
  .filter((k) => !isArrayIndexLike(k));

/** Keys JavaScript orders numerically before all others (canonical array indices up to 2^32 - 2). */
export function isArrayIndexLike(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key) && Number(key) <= 2 ** 32 - 2;
}

// ------------------------------------------------------------------ lexical scalars

const pad = (n: number | bigint, width: number) => String(n).padStart(width, "0");
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;

/** `YYYY-MM-DD`, a real calendar day (Feb 29 only in leap years). */
const lexicalDay = fc
  .record({
    y: fc.integer({ min: 1, max: 9999 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ y, m, d }) => `${pad(y, 4)}-${pad(m, 2)}-${pad(Math.min(d, daysIn(y, m)), 2)}`);

/** Absent, `Z`, or `±hh:mm` up to ±14:00. */
const timezone = fc.oneof(
  fc.constant(""),
  fc.constant("Z"),
  fc
    .record({ sign: fc.constantFrom("+", "-"), h: fc.integer({ min: 0, max: 13 }), m: fc.constantFrom(0, 15, 30, 45) })
    .map(({ sign, h, m }) => `${sign}${pad(h, 2)}:${pad(m, 2)}`),
  fc.constantFrom("+14:00", "-14:00", "+00:00"),
);

/** WCF writes 7 fractional digits (100 ns ticks); other writers 0–6. */
const fraction = fc.oneof(fc.constant(""), fc.stringMatching(/^\.\d{7}$/), fc.stringMatching(/^\.\d{1,6}$/));

export const lexicalDateTime: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "2024-02-29T13:45:30.1234567+01:00",
      "0001-01-01T00:00:00",
      "9999-12-31T23:59:59.9999999Z",
      "2000-01-01T00:00:00Z",
    ),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        lexicalDay,
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fraction,
        timezone,
      )
      .map(([day, h, mi, s, f, tz]) => `${day}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${f}${tz}`),
  },
);

export const lexicalDate: fc.Arbitrary<string> = fc.tuple(lexicalDay, timezone).map(([d, tz]) => d + tz);

/** `PnYnMnDTnHnMnS`, as WCF writes TimeSpan (`PT1H30M`, `P1DT0.5S`, `-PT5M`). */
const lexicalDuration = fc
  .record({
    neg: fc.boolean(),
    d: fc.nat(400),
    h: fc.nat(23),
    m: fc.nat(59),
    s: fc.nat(59),
    f: fc.oneof(fc.constant(""), fc.stringMatching(/^\.\d{1,7}$/)),
  })
  .map(({ neg, d, h, m, s, f }) => {
    const date = d ? `${d}D` : "";
    const time = `${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s || f ? `${s}${f}S` : ""}`;
    return `${neg ? "-" : ""}P${date}${time ? `T${time}` : date ? "" : "T0S"}`;
  });

const INTEGER_RANGES: Record<string, [bigint, bigint]> = {
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  unsignedLong: [0n, 2n ** 64n - 1n],
  integer: [-(10n ** 30n), 10n ** 30n],
  nonNegativeInteger: [0n, 10n ** 30n],
  positiveInteger: [1n, 10n ** 30n],
  nonPositiveInteger: [-(10n ** 30n), 0n],
  negativeInteger: [-(10n ** 30n), -1n],
};

const NUMBER_RANGES: Record<string, [number, number]> = {
  int: [-(2 ** 31), 2 ** 31 - 1],
  short: [-32768, 32767],
  byte: [-128, 127],
  unsignedInt: [0, 2 ** 32 - 1],
  unsignedShort: [0, 65535],
  unsignedByte: [0, 255],
};

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}
function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex").toUpperCase();
}

// ------------------------------------------------------------------ the generator

export class MetadataArbitraries {
  readonly codec: ValueCodec;
  readonly maxDepth: number;
  readonly maxItems: number;
  private readonly memo = new Map<TypeRefMeta, Map<number, fc.Arbitrary<unknown>>>();

  constructor(
    readonly metadata: ServiceMetadata,
    options: ArbitraryOptions = {},
  ) {
    this.codec = new ValueCodec(metadata);
    this.maxDepth = options.maxDepth ?? 3;
    this.maxItems = options.maxItems ?? 2;
  }

  /** A value of the type `ref` (never `null`: nil belongs to the element, see {@link field}). */
  value(ref: TypeRefMeta, depth = this.maxDepth): fc.Arbitrary<unknown> {
    let byDepth = this.memo.get(ref);
    if (!byDepth) this.memo.set(ref, (byDepth = new Map()));
    const key = Math.max(depth, 0);
    let arb = byDepth.get(key);
    if (!arb) {
      // Built per depth: a recursive type's arbitrary refers to its own arbitrary one level down, which ends at 0.
      arb = this.build(ref, key);
      byDepth.set(key, arb);
    }
    return arb;
  }

  private build(ref: TypeRefMeta, depth: number): fc.Arbitrary<unknown> {
    if (typeof ref === "string" && ref.startsWith("xs:")) return this.builtin(ref.slice(3));
    const type = this.resolve(ref);
    return type.kind === "complex" ? this.complex(type, depth) : this.simple(type);
  }

  private resolve(ref: TypeRefMeta): TypeMeta {
    if (typeof ref !== "string") return ref;
    const type = this.metadata.types[ref];
    if (!type) throw new Error(`type ${ref} is not in the metadata`);
    return type;
  }

  /** Complex values (objects, WCF arrays, dictionaries) nest; scalars, enumerations and lists do not. */
  isStructured(ref: TypeRefMeta): boolean {
    if (typeof ref === "string" && ref.startsWith("xs:")) return false;
    return this.resolve(ref).kind === "complex";
  }

  /**
   * A field of a complex type as the object member: {@link ABSENT} (only when `min` is 0), `null` (only when
   * nillable), the value, or for repeated fields a non-empty array (items `null` only when nillable).
   */
  field(field: FieldMeta, depth: number): fc.Arbitrary<unknown> {
    const structured = this.isStructured(field.type);
    const item = this.element(field.type, !!field.nillable, depth, structured);
    const optional = field.min === 0;
    if (field.max === "unbounded" || field.max > 1) {
      if (optional && depth <= 0 && structured) return fc.constant(ABSENT);
      const minLength = Math.max(field.min, 1);
      const maxLength =
        field.max === "unbounded" ? minLength + this.maxItems - 1 : Math.min(field.max, minLength + this.maxItems - 1);
      const list = fc.array(item, { minLength, maxLength });
      return optional ? fc.oneof(fc.constant(ABSENT), list) : list;
    }
    if (!optional) return item;
    if (depth <= 0 && structured) return fc.constant(ABSENT);
    // Nested objects are present half the time (they multiply the message size), scalars three times in four.
    return fc.oneof({ weight: 1, arbitrary: fc.constant(ABSENT) }, { weight: structured ? 1 : 3, arbitrary: item });
  }

  /** One element's value: the type's value, or `null` (xsi:nil) when nillable. */
  private element(
    ref: TypeRefMeta,
    nillable: boolean,
    depth: number,
    structured = this.isStructured(ref),
  ): fc.Arbitrary<unknown> {
    if (nillable && depth <= 0 && structured) return fc.constant(null);
    const value = this.value(ref, depth);
    return nillable ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: value }) : value;
  }

  private complex(type: ComplexTypeMeta, depth: number): fc.Arbitrary<unknown> {
    const inner = depth - 1;
    if (type.array) {
      if (depth <= 0) return fc.constant([]);
      const item = type.array.item;
      return fc.array(this.element(item.type, !!item.nillable, inner), { maxLength: this.maxItems });
    }
    if (type.dictionary) {
      if (depth <= 0) return fc.constant({});
      const { key, value } = type.dictionary;
      // The key is the record's property name, written as the Key element, so only textual keys are supported.
      // The value is always present (nil when null): the decoder turns a missing Value into null.
      if (!(
        typeof key.type === "string" &&
        key.type.startsWith("xs:") &&
        builtinCategory(key.type.slice(3)) === "string"
      )) {
        throw new Error(
          `dictionary ${type.xml?.name ?? "(inline)"}: key type ${JSON.stringify(key.type)} is not textual; not supported here`,
        );
      }
      const entries = fc.uniqueArray(fc.tuple(dictionaryKey, this.element(value.type, !!value.nillable, inner)), {
        selector: ([k]) => k,
        maxLength: this.maxItems,
      });
      return entries.map((list) => Object.fromEntries(list));
    }
    const content = this.codec.content(type);
    // Choices, repeated choice groups and wildcards (not in the Ticket WSDL) have shapes of their own; fail loudly
    // rather than generate values the codec does not promise to keep.
    const has = (o: object, key: string) => (o as Record<string, unknown>)[key] !== undefined;
    const unsupported =
      has(type, "choices") || has(type, "anyAttribute") || content.fields.some((f) => has(f, "particle"));
    if (unsupported)
      throw new Error(
        `type ${type.xml?.name ?? "(inline)"}: choices, particle groups and wildcards are not generated here`,
      );
    const members: [string, fc.Arbitrary<unknown>][] = [];
    for (const a of content.attributes) {
      const v = this.attributeValue(a.type);
      members.push([a.name, a.required ? v : fc.oneof(fc.constant(ABSENT), v)]);
    }
    // simpleContent: the decoder always yields $value, so it is always generated.
    if (content.text !== undefined) members.push(["$value", this.value(content.text, inner)]);
    for (const f of content.fields) members.push([f.name, this.field(f, inner)]);
    return fc.tuple(...members.map(([, arb]) => arb)).map((values) => {
      const out: Record<string, unknown> = {};
      values.forEach((v, i) => {
        if (v !== ABSENT) out[members[i]![0]] = v;
      });
      return out;
    });
  }

  private attributeValue(ref: TypeRefMeta): fc.Arbitrary<unknown> {
    if (typeof ref === "string" && ref.startsWith("xs:") && builtinCategory(ref.slice(3)) === "string")
      return attributeString;
    return this.value(ref, 0);
  }

  private simple(type: SimpleTypeMeta): fc.Arbitrary<unknown> {
    switch (type.variety) {
      case "enumeration":
        return type.values?.length ? fc.constantFrom(...type.values) : xmlString;
      case "list":
        return fc.array(this.listItem(type.item ?? "xs:string"), { maxLength: this.maxItems + 2 });
      case "union":
        // Decoded as the text, encoded with String(value): strings are what round-trips.
        return xmlString;
      default:
        return type.base !== undefined ? this.value(type.base, 0) : xmlString;
    }
  }

  /** An `xs:list` item: whitespace-free and non-empty, since the list is split on whitespace. */
  private listItem(ref: TypeRefMeta): fc.Arbitrary<unknown> {
    if (
      typeof ref === "string" &&
      ref.startsWith("xs:") &&
      ["string", "any"].includes(builtinCategory(ref.slice(3)) ?? "string")
    )
      return token;
    const type = typeof ref === "string" && ref.startsWith("xs:") ? undefined : this.resolve(ref);
    if (type?.kind === "simple" && type.variety === "enumeration" && type.values?.length) {
      const values = type.values.filter((v) => /^\S+$/.test(v));
      return values.length ? fc.constantFrom(...values) : token;
    }
    if (type?.kind === "simple" && (type.variety === "union" || (type.variety === "atomic" && type.base === undefined)))
      return token;
    return this.value(ref, 0).filter((v) => typeof v !== "string" || /^\S+$/.test(v));
  }

  /** XML Schema built-ins, in the representation the metadata's `scalars` choose. */
  builtin(name: string): fc.Arbitrary<unknown> {
    const scalars = this.metadata.scalars;
    switch (builtinCategory(name)) {
      case "boolean":
        return fc.boolean();
      case "number": {
        const range = NUMBER_RANGES[name];
        if (range) return fc.integer({ min: range[0], max: range[1] });
        const specials = fc.constantFrom(NaN, Infinity, -Infinity, 0, 1e21, 5e-324, Number.MAX_VALUE);
        const numbers = name === "float" ? fc.float() : fc.double();
        return fc.oneof({ weight: 1, arbitrary: specials }, { weight: 6, arbitrary: numbers });
      }
      case "integer": {
        const [min, max] = INTEGER_RANGES[name] ?? INTEGER_RANGES.integer!;
        if (scalars.integer === "number") {
          const lo = min < BigInt(Number.MIN_SAFE_INTEGER) ? Number.MIN_SAFE_INTEGER : Number(min);
          const hi = max > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(max);
          return fc.integer({ min: lo, max: hi });
        }
        const big = fc.bigInt({ min, max });
        return scalars.integer === "bigint" ? big : big.map(String);
      }
      case "decimal":
        if (scalars.decimal === "number") return fc.integer({ min: -1e12, max: 1e12 }).map((n) => n / 100);
        return fc
          .tuple(
            fc.boolean(),
            fc.bigInt({ min: 0n, max: 10n ** 28n }),
            fc.oneof(fc.constant(""), fc.stringMatching(/^\.\d{1,10}$/)),
          )
          .map(([neg, whole, frac]) => `${neg ? "-" : ""}${whole}${frac}`);
      case "dateTime":
        return scalars.dateTime === "Date"
          ? fc.date({
              noInvalidDate: true,
              min: new Date("0001-01-01T00:00:00Z"),
              max: new Date("9999-12-31T23:59:59.999Z"),
            })
          : lexicalDateTime;
      case "date":
        return scalars.date === "Date"
          ? fc.integer({ min: -719162, max: 2932896 }).map((days) => new Date(days * 86_400_000))
          : lexicalDate;
      case "binary": {
        const bytes = fc.uint8Array({ maxLength: 24 }).map((b) => new Uint8Array(b));
        if (scalars.binary === "Uint8Array") return bytes;
        return bytes.map(name === "hexBinary" ? hex : base64);
      }
      case "any":
        // xs:anyType is read back as the element's text when it has no children; objects are not generated.
        return xmlString;
      default:
        return name === "duration" ? lexicalDuration : xmlString;
    }
  }

  // ---------------------------------------------------------------- messages

  /** The body fields of a message: the wrapper's fields, or one optional, possibly nillable field per part. */
  messageFields(operation: OperationMeta, message: MessageMeta): FieldMeta[] {
    if (message.wrapper) return message.wrapper.fields;
    const rpc = operation.style === "rpc";
    return (message.parts ?? []).map((p: PartMeta) => ({
      name: rpc ? p.name : (p.element?.name ?? p.name),
      ns: rpc ? "" : (p.element?.ns ?? ""),
      type: p.type,
      min: 0,
      max: 1,
      ...(p.nillable ? { nillable: true as const } : {}),
    }));
  }

  /** Method arguments in parameter order; an absent argument is `undefined` (as `decodeRequest` yields it). */
  args(fields: FieldMeta[]): fc.Arbitrary<unknown[]> {
    return fc
      .tuple(...fields.map((f) => this.field(f, this.maxDepth)))
      .map((values) => values.map((v) => (v === ABSENT ? undefined : v)));
  }

  /** Headers by name: each absent, `null` when nillable, or a value. */
  headers(metas: readonly HeaderMeta[]): fc.Arbitrary<Record<string, unknown>> {
    const arbs = metas.map((h) =>
      fc.oneof(
        { weight: 1, arbitrary: fc.constant<unknown>(ABSENT) },
        { weight: 3, arbitrary: this.element(h.type, !!h.nillable, this.maxDepth) },
      ),
    );
    return fc.tuple(...arbs).map((values) => {
      const out: Record<string, unknown> = {};
      values.forEach((v, i) => {
        if (v !== ABSENT) out[metas[i]!.name] = v;
      });
      return out;
    });
  }

  /**
   * A method result as `decodeResponse` returns it: `undefined` for void; for a single field its value, `null`
   * when nillable, an array (possibly empty — a missing repeated result reads as `[]`) when repeated; for several,
   * an object of the fields.
   */
  result(operation: OperationMeta, message: MessageMeta): fc.Arbitrary<unknown> {
    const fields = this.messageFields(operation, message);
    const kind = message.result ?? (fields.length === 0 ? "void" : fields.length === 1 ? "single" : "object");
    if (kind === "void") return fc.constant(undefined);
    if (kind === "single") {
      const f = fields[0]!;
      const item = this.element(f.type, !!f.nillable, this.maxDepth);
      return f.max === "unbounded" || f.max > 1
        ? fc.array(item, { minLength: f.min, maxLength: Math.max(f.min, this.maxItems) })
        : item;
    }
    return fc.tuple(...fields.map((f) => this.field(f, this.maxDepth))).map((values) => {
      const out: Record<string, unknown> = {};
      values.forEach((v, i) => {
        if (v !== ABSENT) out[fields[i]!.name] = v;
      });
      return out;
    });
  }
}
