/**
 * Differential properties of the text encoder (runtime/src/encode-text.ts, behind encodeRequest/encodeResponse): for
 * any values, it writes exactly what the element encoder and the writer wrote before it (encode.ts builds an element
 * object per element, xml-writer.ts writes them) — the same text byte for byte, or the same error (class and
 * message). The reference is that path, put together here as codec.ts put it together before the text encoder
 * (bodyNodes, headerNodes, envelope: {@link referenceRequest}, {@link referenceResponse}) over the element encoder's
 * public face (`ValueCodec`), which the runtime keeps: it writes what the text encoder hands over, and generated
 * code's `ValueCodec` users build elements with it.
 *
 * The values: those of the round-trip arbitraries (test/runtime/arbitraries.ts) for every operation of the published
 * Services88 Ticket WSDL, with both representations of the lossy-prone built-ins; the same with one member replaced
 * by something else (another type, null, a text XML cannot carry, undeclared content…); and loose values for a
 * metadata with one field per construct the codec treats specially (test/runtime/value-metadata.ts: attributes,
 * simple content, derivation with $type, abstract types, choices, repeated choice groups, wildcards, anyType, WCF
 * arrays and dictionaries, lists, unions), valid or not.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadMetadata } from "../../generator/index.js";
import {
  encodeRequest,
  encodeResponse,
  operationRef,
  SOAP11_ENV,
  SOAP12_ENV,
  type EncodedMessage,
  type OperationRef,
} from "../../runtime/src/codec.js";
import { checkUnknown, unknownOf, type OutNode } from "../../runtime/src/encode.js";
import type {
  AnyElement,
  FieldMeta,
  HeaderMeta,
  MessageMeta,
  PartMeta,
  ServiceMetadata,
  TypeMeta,
  TypeRefMeta,
} from "../../runtime/src/metadata.js";
import { XSI_NS } from "../../runtime/src/namespaces.js";
import { own } from "../../runtime/src/own.js";
import { PrefixMap } from "../../runtime/src/prefixes.js";
import { UNKNOWN_CONTENT, withUnknownContent, type UnknownContent } from "../../runtime/src/unknown.js";
import { ValueCodec } from "../../runtime/src/values.js";
import { declarationsText, writeElements } from "../../runtime/src/xml-writer.js";
import { hasShared, realTicketWsdl, sharedOrSkipMessage } from "../helpers.js";
import { MetadataArbitraries } from "./arbitraries.js";
import { NS, TYPED, unitMetadata } from "./value-metadata.js";

// ------------------------------------------------------------------ the reference: elements, then the writer

const codecs = new WeakMap<ServiceMetadata, ValueCodec>();
function codecOf(metadata: ServiceMetadata): ValueCodec {
  let codec = codecs.get(metadata);
  if (!codec) codecs.set(metadata, (codec = new ValueCodec(metadata)));
  return codec;
}

function partField(part: PartMeta, rpc: boolean): FieldMeta {
  const field: FieldMeta = {
    name: rpc ? part.name : (part.element?.name ?? part.name),
    ns: rpc ? "" : (part.element?.ns ?? ""),
    type: part.type,
    min: 0,
    max: 1,
  };
  if (part.nillable) field.nillable = true;
  return field;
}

function bodyNodes(
  ref: OperationRef,
  message: MessageMeta,
  values: readonly unknown[],
  w: PrefixMap,
  direction: "input" | "output",
  unknown: UnknownContent | undefined,
): OutNode[] {
  const codec = codecOf(ref.metadata);
  const path = ref.operationName;
  const wrapped = (ns: string, name: string, fields: FieldMeta[]): OutNode[] => {
    const groups = fields.map((f, i) => ({ field: f, nodes: codec.encodeField(w, f, values[i], path) }));
    const node: OutNode = { [w.qname(ns, name)]: codec.placeUnknown(w, groups, unknown, path) };
    const attrs: Record<string, string> = {};
    codec.unknownAttributes(w, unknown, attrs, path);
    if (Object.keys(attrs).length) node[":@"] = attrs;
    return [node];
  };
  if (message.wrapper) return wrapped(message.wrapper.ns, message.wrapper.name, message.wrapper.fields);
  const parts = message.parts ?? [];
  if (ref.operation.style === "rpc")
    return wrapped(
      message.namespace ?? "",
      direction === "input" ? ref.operationName : `${ref.operationName}Response`,
      parts.map((p) => partField(p, true)),
    );
  const groups = parts.map((p, i) => {
    const field = partField(p, false);
    return { names: [field.name], nodes: codec.encodeField(w, field, values[i], path) };
  });
  return codec.placeUnknown(w, groups, unknown, path);
}

function headerNodes(
  ref: OperationRef,
  headers: readonly HeaderMeta[],
  values: Record<string, unknown>,
  w: PrefixMap,
  unknown: UnknownContent | undefined,
): OutNode[] {
  const codec = codecOf(ref.metadata);
  const groups = headers.map((h) => {
    const value = own(values, h.name);
    const name = h.element?.name ?? h.name;
    return {
      names: [name],
      nodes:
        value === undefined || (value === null && !h.nillable)
          ? []
          : [codec.encodeElement(w, h.element?.ns ?? "", name, h.type, value, `header ${h.name}`, !!h.nillable)],
    };
  });
  return codec.placeUnknown(w, groups, unknown, "Header");
}

function messageUnknown(headers: Record<string, unknown>): { header?: UnknownContent; body?: UnknownContent } {
  const content = unknownOf(headers, "headers");
  if (!content) return {};
  const { body, ...header } = content;
  return { header, ...(body ? { body: checkUnknown(body, "headers (body)") } : {}) };
}

function envelope(ref: OperationRef, w: PrefixMap, header: OutNode[], body: OutNode[]): string {
  const env = ref.port.soapVersion === "1.2" ? SOAP12_ENV : SOAP11_ENV;
  const headerTag = header.length ? w.qname(env, "Header") : undefined;
  const bodyTag = w.qname(env, "Body");
  const tag = w.qname(env, "Envelope");
  let xml = `<?xml version="1.0" encoding="utf-8"?><${tag}${declarationsText(w.namespaces(), [tag])}>`;
  if (headerTag) xml += `<${headerTag}>${writeElements(header, [tag, headerTag])}</${headerTag}>`;
  xml += body.length ? `<${bodyTag}>${writeElements(body, [tag, bodyTag])}</${bodyTag}>` : `<${bodyTag}/>`;
  return `${xml}</${tag}>`;
}

function newPrefixes(ref: OperationRef): PrefixMap {
  return new PrefixMap([
    [ref.port.soapVersion === "1.2" ? SOAP12_ENV : SOAP11_ENV, "soap"],
    [XSI_NS, "xsi"],
  ]);
}

/** encodeRequest as it was before the text encoder. */
function referenceRequest(
  ref: OperationRef,
  args: readonly unknown[],
  headers: Record<string, unknown> = {},
  extraHeaders: readonly AnyElement[] = [],
): string {
  const message = ref.operation.input!;
  const w = newPrefixes(ref);
  const unknown = messageUnknown(headers);
  const body = bodyNodes(ref, message, args, w, "input", unknown.body);
  const header = headerNodes(ref, message.headers, headers, w, unknown.header);
  if (extraHeaders.length) {
    const wildcard: FieldMeta = { name: "$any", ns: "", type: "anyType", min: 0, max: "unbounded", particle: "any" };
    header.push(...codecOf(ref.metadata).encodeField(w, wildcard, extraHeaders, "extraHeaders"));
  }
  return envelope(ref, w, header, body);
}

/** encodeResponse as it was before the text encoder. */
function referenceResponse(ref: OperationRef, result: unknown, headers: Record<string, unknown> = {}): string {
  const message = ref.operation.output!;
  const count = message.wrapper ? message.wrapper.fields.length : (message.parts ?? []).length;
  const names = message.wrapper ? message.wrapper.fields.map((f) => f.name) : (message.parts ?? []).map((p) => p.name);
  const values =
    message.result === "single" || (message.result === undefined && count === 1)
      ? [result]
      : message.result === "void"
        ? []
        : names.map((n) => own(result, n));
  const w = newPrefixes(ref);
  const unknown = messageUnknown(headers);
  const body = bodyNodes(ref, message, values, w, "output", unknown.body);
  const header = headerNodes(ref, message.headers, headers, w, unknown.header);
  return envelope(ref, w, header, body);
}

/** What an encoding gave: its text, or its error's class and message. */
function outcome(encode: () => string): { text: string } | { error: string } {
  try {
    return { text: encode() };
  } catch (e) {
    return { error: e instanceof Error ? `${e.constructor.name}: ${e.message}` : `thrown: ${String(e)}` };
  }
}

const body = (m: EncodedMessage) => m.body;

/** The two encoders agree on a request; returns whether it encoded (for the tests' counts). */
function sameRequest(
  ref: OperationRef,
  args: unknown[],
  headers: Record<string, unknown>,
  extra: AnyElement[] = [],
): boolean {
  const want = outcome(() => referenceRequest(ref, args, headers, extra));
  expect(outcome(() => body(encodeRequest(ref, args, headers, extra)))).toEqual(want);
  return "text" in want;
}

function sameResponse(ref: OperationRef, result: unknown, headers: Record<string, unknown>): boolean {
  const want = outcome(() => referenceResponse(ref, result, headers));
  expect(outcome(() => body(encodeResponse(ref, result, headers)))).toEqual(want);
  return "text" in want;
}

// ------------------------------------------------------------------ other values

/** Values that are wrong somewhere (or right by chance): other types, text XML cannot carry, edge numbers. */
const ODD: readonly unknown[] = [
  undefined,
  null,
  0,
  -0,
  1.5,
  2 ** 40,
  NaN,
  -Infinity,
  "",
  "x",
  "a\u0001b",
  "\ud800",
  "<&>\r\n\t\"'",
  "2024-01-02T03:04:05Z",
  "  12 ",
  true,
  [],
  ["Red", "x"],
  {},
  { $type: "Nope" },
  new Date(0),
  new Date(Number.NaN),
  new Map([["k", 1]]),
  10n,
  new Uint8Array([1, 255]),
];
const odd = fc.constantFrom(...ODD);

const attributeMap = fc.dictionary(
  fc.constantFrom("a", "{urn:x}b", `{${XSI_NS}}type`, "{urn:y}a", "bad name", "{}c"),
  fc.oneof(fc.constantFrom("v", "a\u0001", '<"&\t>', `{${NS}}Item`, "{urn:q}T"), fc.constant(1 as unknown)),
  { maxKeys: 3 },
);

const anyElement: fc.Arbitrary<unknown> = fc.letrec<{ el: unknown }>((tie) => ({
  el: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record(
      {
        name: fc.constantFrom("E", "Wsse", "bad name", "x"),
        ns: fc.constantFrom("", "urn:x", NS, "urn:\u0001"),
        attributes: attributeMap,
        text: fc.constantFrom("", "t", "a&b", "\u0002"),
        children: fc.array(tie("el"), { maxLength: 2 }),
      },
      { requiredKeys: ["name"] },
    ),
    odd,
  ),
})).el;

const unknownContentArb: fc.Arbitrary<UnknownContent> = fc.record(
  {
    attributes: attributeMap,
    elements: fc.array(
      fc.record(
        {
          after: fc.constantFrom("Id", "Name", "Tag", "Key", "Value", "int", "Nope"),
          index: fc.nat(2),
          element: anyElement,
        },
        { requiredKeys: ["element"] },
      ),
      { maxLength: 2 },
    ),
    children: fc.array(
      fc.record(
        {
          name: fc.constantFrom("Id", "Name", "Tag", "Key", "Value", "int"),
          index: fc.nat(1),
          content: fc.record({ attributes: attributeMap }, { requiredKeys: [] }),
        },
        { requiredKeys: ["name", "content"] },
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<UnknownContent>;

/**
 * Any value for `ref`, right or wrong: the metadata's shape with members left out, given other values, or given
 * undeclared content; `$type`, `$anyAttributes`, `$any`, `$value` and choice members included.
 */
class LooseValues {
  private readonly cache = new Map<string, fc.Arbitrary<unknown>>();
  constructor(private readonly metadata: ServiceMetadata) {}

  private named(name: string): TypeMeta | undefined {
    return own(this.metadata.types, name) as TypeMeta | undefined;
  }

  value(ref: TypeRefMeta, depth: number): fc.Arbitrary<unknown> {
    const key = typeof ref === "string" ? `${ref}/${depth}` : undefined;
    const hit = key === undefined ? undefined : this.cache.get(key);
    if (hit) return hit;
    const arb = fc.oneof({ weight: 1, arbitrary: odd }, { weight: 6, arbitrary: this.shaped(ref, depth) });
    if (key !== undefined) this.cache.set(key, arb);
    return arb;
  }

  private shaped(ref: TypeRefMeta, depth: number): fc.Arbitrary<unknown> {
    if (typeof ref === "string" && ref.startsWith("xs:")) return this.builtin(ref.slice(3), depth);
    const type = typeof ref === "string" ? this.named(ref) : ref;
    if (!type) return odd;
    if (type.kind === "simple") {
      if (type.variety === "enumeration") return fc.constantFrom(...(type.values ?? ["x"]), "Other");
      if (type.variety === "list") return fc.array(this.value(type.item ?? "xs:string", depth), { maxLength: 3 });
      if (type.variety === "union") return fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 4 }));
      return type.base === undefined ? fc.string({ maxLength: 4 }) : this.value(type.base, depth);
    }
    if (depth <= 0) return fc.constantFrom(null, {}, []);
    let arb: fc.Arbitrary<unknown>;
    if (type.array) arb = fc.array(this.value(type.array.item.type, depth - 1), { maxLength: 3 });
    else if (type.dictionary) {
      const entries = fc.array(
        fc.tuple(fc.constantFrom("a", "b", "__proto__", "2", "x y"), this.value(type.dictionary.value.type, depth - 1)),
        { maxLength: 3 },
      );
      arb = fc.oneof(
        entries.map((es) => {
          const out: Record<string, unknown> = {};
          for (const [k, v] of es) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true });
          return out;
        }),
        entries.map((es) => new Map(es)),
      );
    } else {
      const members: Record<string, fc.Arbitrary<unknown>> = {};
      for (const f of this.fields(type)) {
        const item =
          f.particle === "any"
            ? fc.array(anyElement, { maxLength: 2 })
            : f.particle === "group"
              ? this.value(f.type, depth - 1)
              : this.value(f.type, depth - 1);
        members[f.name] =
          f.particle === "group" || f.max === "unbounded" || f.max > 1
            ? fc.oneof(fc.array(item, { maxLength: 3 }), item)
            : item;
      }
      for (const a of this.attributes(type)) members[a.name] = this.value(a.type, 0);
      if (type.text !== undefined || this.hasText(type)) members.$value = this.value(type.text ?? "xs:string", 0);
      members.$type = fc.constantFrom(...Object.keys(this.metadata.types).slice(0, 40), "Nope", 1 as unknown as string);
      members.$anyAttributes = attributeMap;
      arb = fc.record(members, { requiredKeys: [] });
    }
    return fc
      .tuple(arb, fc.option(unknownContentArb, { freq: 8 }))
      .map(([v, unknown]) =>
        unknown !== null && typeof v === "object" && v !== null ? withUnknownContent(v, unknown) : v,
      );
  }

  private fields(type: TypeMeta): FieldMeta[] {
    if (type.kind !== "complex") return [];
    const base = type.base && type.derivation === "extension" ? this.named(type.base) : undefined;
    return [...(base ? this.fields(base) : []), ...type.fields];
  }

  private attributes(type: TypeMeta): { name: string; type: TypeRefMeta }[] {
    if (type.kind !== "complex") return [];
    const base = type.base && type.derivation === "extension" ? this.named(type.base) : undefined;
    return [...(base ? this.attributes(base) : []), ...(type.attributes ?? [])];
  }

  private hasText(type: TypeMeta): boolean {
    if (type.kind !== "complex") return false;
    const base = type.base ? this.named(type.base) : undefined;
    return type.text !== undefined || (base !== undefined && this.hasText(base));
  }

  private builtin(name: string, depth: number): fc.Arbitrary<unknown> {
    switch (name) {
      case "boolean":
        return fc.boolean();
      case "int":
      case "short":
      case "byte":
      case "unsignedInt":
      case "unsignedShort":
      case "unsignedByte":
        return fc.oneof(fc.integer({ min: -70000, max: 70000 }), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, -0));
      case "float":
      case "double":
        return fc.oneof(fc.double(), fc.constantFrom(3.5e38, -0, 1e21));
      case "long":
      case "integer":
        return fc.oneof(
          fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
          fc.constantFrom("007", " 12 ", "1e3"),
          fc.integer(),
        );
      case "decimal":
        return fc.oneof(fc.double(), fc.constantFrom("1.50", ".5", "x"));
      case "dateTime":
      case "date":
        return fc.oneof(fc.date(), fc.constantFrom("2024-01-02", "2024-01-02T03:04:05.123+01:00", "x"));
      case "base64Binary":
      case "hexBinary":
        return fc.oneof(fc.uint8Array({ maxLength: 4 }), fc.constantFrom("AQI=", "0aFF", "!"));
      case "anyType":
        return depth <= 0
          ? fc.string({ maxLength: 4 })
          : fc.oneof(
              fc.string({ maxLength: 4 }),
              fc.dictionary(
                fc.constantFrom("a", "b", "__proto__", "bad name"),
                fc.oneof(fc.string({ maxLength: 3 }), fc.array(fc.integer(), { maxLength: 2 })),
              ),
              fc.integer(),
            );
      default:
        return fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("a b", "  x", "tok en", "en-GB", "P1D"));
    }
  }
}

/** `value` with one member somewhere inside it replaced by `other` (`pick` chooses which). */
function replaceOne(value: unknown, pick: number, other: unknown): unknown {
  const slots: { holder: Record<string | number, unknown>; key: string | number }[] = [];
  const walk = (v: unknown, depth: number) => {
    if (typeof v !== "object" || v === null || depth > 8 || v instanceof Date || v instanceof Uint8Array) return;
    for (const key of Array.isArray(v) ? v.keys() : Object.keys(v)) {
      slots.push({ holder: v as Record<string | number, unknown>, key });
      walk((v as Record<string | number, unknown>)[key], depth + 1);
    }
  };
  const copy = structuredCloneKeepingTypes(value);
  walk(copy, 0);
  if (slots.length === 0) return other;
  const { holder, key } = slots[pick % slots.length]!;
  holder[key] = other;
  return copy;
}

/** A deep copy of plain data (objects, arrays; Dates, bytes, Maps and bigints as they are). */
function structuredCloneKeepingTypes(v: unknown): unknown {
  if (typeof v !== "object" || v === null || v instanceof Date || v instanceof Uint8Array || v instanceof Map) return v;
  if (Array.isArray(v)) return v.map(structuredCloneKeepingTypes);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    Object.defineProperty(out, key, {
      value: structuredCloneKeepingTypes((v as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const unknown = (v as { [UNKNOWN_CONTENT]?: UnknownContent })[UNKNOWN_CONTENT];
  if (unknown !== undefined) withUnknownContent(out, unknown);
  return out;
}

// ------------------------------------------------------------------ the properties

const PORT = "BasicHttpBinding_Ticket";
const RUNS = 25;
const enabled = hasShared || sharedOrSkipMessage("the text encoder against the element encoder over the Ticket WSDL");
const ticket = enabled ? (await loadMetadata(realTicketWsdl)).metadata : undefined;
const ticketTyped = enabled ? (await loadMetadata(realTicketWsdl, { scalars: TYPED })).metadata : undefined;

describe.runIf(enabled)("the text encoder writes what the element encoder wrote (Ticket WSDL, fast-check)", () => {
  for (const [label, metadata] of [
    ["default scalars", ticket],
    ["Date, bigint, Uint8Array scalars", ticketTyped],
  ] as const) {
    const arbitraries = new MetadataArbitraries(metadata!);
    const operations = Object.keys(metadata!.ports[PORT]!.operations);

    it(`every operation's request and response, the same text (${label})`, () => {
      for (const name of operations) {
        const ref = operationRef(metadata!, PORT, name);
        const { input, output } = ref.operation;
        fc.assert(
          fc.property(
            arbitraries.args(arbitraries.messageFields(ref.operation, input!)),
            arbitraries.headers(input!.headers),
            arbitraries.result(ref.operation, output!),
            arbitraries.headers(output!.headers),
            (args, headers, result, responseHeaders) => {
              expect(sameRequest(ref, args, headers), `${name} request encodes`).toBe(true);
              expect(sameResponse(ref, result, responseHeaders), `${name} response encodes`).toBe(true);
            },
          ),
          { numRuns: RUNS },
        );
      }
    });

    it(`with one member replaced by another value: the same text, or the same error (${label})`, () => {
      let refused = 0;
      let written = 0;
      for (const name of operations) {
        const ref = operationRef(metadata!, PORT, name);
        const { input, output } = ref.operation;
        fc.assert(
          fc.property(
            arbitraries.args(arbitraries.messageFields(ref.operation, input!)),
            arbitraries.headers(input!.headers),
            arbitraries.result(ref.operation, output!),
            fc.nat(),
            fc.oneof(
              odd,
              unknownContentArb.map((u) => withUnknownContent({}, u)),
            ),
            fc.array(anyElement, { maxLength: 2 }),
            (args, headers, result, pick, other, extra) => {
              const ok1 = sameRequest(ref, replaceOne(args, pick, other) as unknown[], headers, extra as AnyElement[]);
              const ok2 = sameRequest(ref, args, replaceOne(headers, pick, other) as Record<string, unknown>);
              const ok3 = sameResponse(ref, replaceOne([result], pick, other) as unknown[], {});
              for (const ok of [ok1, ok2, ok3]) ok ? written++ : refused++;
            },
          ),
          { numRuns: 10 },
        );
      }
      // both outcomes are exercised
      expect(refused).toBeGreaterThan(50);
      expect(written).toBeGreaterThan(50);
    });

    it(`reads own enumerable members only, of records with many fields too (${label})`, () => {
      const ref = operationRef(metadata!, PORT, "GetTickets");
      let reads = 0;
      const ticket = Object.create({ Title: "inherited", TicketId: 7 }) as Record<string, unknown>;
      Object.assign(ticket, { TicketId: 1, Slevel: "External", CreatedBy: 3 });
      Object.defineProperty(ticket, "Author", { value: "not enumerable", enumerable: false });
      Object.defineProperty(ticket, "OwnedByName", {
        get: () => (reads++, "a getter"),
        enumerable: true,
      });
      expect(metadata!.types.Ticket!.kind === "complex" && metadata!.types.Ticket!.fields.length).toBeGreaterThan(8);
      const copy = { ...ticket };
      reads = 0;
      expect(sameResponse(ref, [ticket, copy], {})).toBe(true);
      // read once by each encoder
      expect(reads).toBe(2);
      const text = body(encodeResponse(ref, [ticket], {}));
      expect(text).not.toContain("inherited");
      expect(text).not.toContain("not enumerable");
      expect(text).toContain("<ns1:TicketId>1</ns1:TicketId>");
    });

    it(`with undeclared content kept on values and on the headers (${label})`, () => {
      const ref = operationRef(metadata!, PORT, "BatchReply");
      const input = ref.operation.input!;
      fc.assert(
        fc.property(
          arbitraries.args(arbitraries.messageFields(ref.operation, input)),
          arbitraries.headers(input.headers),
          unknownContentArb,
          fc.option(unknownContentArb),
          (args, headers, content, body) => {
            sameRequest(
              ref,
              args,
              withUnknownContent({ ...headers }, { ...content, ...(body ? { body } : {}) }, false),
            );
            sameRequest(ref, [withUnknownContent({ ...(args[0] as object) }, content)], headers);
          },
        ),
        { numRuns: 60 },
      );
    });
  }
});

/** Built-ins given a field of their own in {@link unitOperation} (each has a fast writer, or a slow one). */
const BUILTINS = ["double", "float", "int", "unsignedByte", "boolean", "dateTime", "date", "string", "long", "decimal"]
  .concat(["base64Binary", "hexBinary", "anyType", "token", "anyURI", "duration", "normalizedString"])
  .map((name) => `xs:${name}`);

/** The unit metadata with an operation whose request has one optional field per named type, and a header. */
function unitOperation(scalars = TYPED, soapVersion: "1.1" | "1.2" = "1.1"): OperationRef {
  const metadata = unitMetadata(scalars);
  const names = [...Object.keys(metadata.types), ...BUILTINS];
  const fields: FieldMeta[] = names.map((name, i) => ({
    name: `F${name.replace(":", "_")}`,
    // fields in the operation's namespace, and some unqualified or in another one: prefixes in every order
    ns: i % 3 === 0 ? NS : i % 3 === 1 ? "" : "urn:other",
    type: name,
    min: 0,
    max: i % 4 === 0 ? "unbounded" : 1,
    ...(i % 2 ? { nillable: true as const } : {}),
  }));
  const withPorts: ServiceMetadata = {
    ...metadata,
    ports: {
      P: {
        soapVersion,
        binding: { ns: NS, name: "B" },
        operations: {
          Op: {
            style: "document",
            input: {
              use: "literal",
              wrapper: { ns: "urn:wrapper", name: "Op", fields },
              headers: [
                { name: "H", element: { ns: "urn:header", name: "H" }, type: "Item", nillable: true },
                { name: "G", type: "xs:anyType" },
              ],
            },
            output: {
              use: "literal",
              parts: [
                { name: "a", element: { ns: NS, name: "A" }, type: "Open" },
                { name: "b", element: { ns: "urn:b", name: "B" }, type: "Scores", nillable: true },
              ],
              headers: [],
            },
            faults: [],
          },
          Rpc: {
            style: "rpc",
            input: {
              use: "literal",
              namespace: "urn:rpc",
              parts: [
                { name: "x", type: "Price" },
                { name: "y", type: "Flags" },
              ],
              headers: [],
            },
            faults: [],
          },
        },
      },
    },
  };
  return operationRef(withPorts, "P", "Op");
}

describe("the text encoder refuses as the element encoder and the writer refused", () => {
  const ref = unitOperation();
  const fields = ref.operation.input!.wrapper!.fields;
  const at = (name: string) => fields.findIndex((f) => f.name === name);
  const args = (values: Record<string, unknown>) => {
    const out: unknown[] = [];
    for (const [name, value] of Object.entries(values)) out[at(name)] = value;
    return out;
  };

  it("an attribute value XML cannot carry only once the message is complete: any other error comes first", () => {
    const badAttribute = { Id: 1, $anyAttributes: { a: "x\u0001" } };
    for (const [values, headers] of [
      // a value error after the attribute, in the body
      [{ FOpen: badAttribute, Fxs_int: "not a number" }, {}],
      // a value error in the header, written after the body
      [{ FOpen: badAttribute }, { H: { Id: "x" } }],
      // attribute values refused in both: the header's first (the writer wrote the header first)
      [{ FOpen: badAttribute }, { H: { Id: 1, version: 1, lang: "\u0002" } }],
      // only the attribute
      [{ FOpen: badAttribute }, {}],
    ] as const) {
      const want = outcome(() => referenceRequest(ref, args(values), headers));
      expect(want).toHaveProperty("error");
      expect(outcome(() => body(encodeRequest(ref, args(values), headers)))).toEqual(want);
    }
  });

  it("names the wrapper, known only after its fields, in the element path of a refused attribute value", () => {
    const values = args({ FOpen: { $anyAttributes: { a: "\u0001" } } });
    const want = outcome(() => referenceRequest(ref, values));
    expect(want).toEqual({
      error: expect.stringMatching(/^XmlCharacterError: soap:Envelope\/soap:Body\/ns\d:Op\/ns\d:FOpen@a: /),
    });
    expect(outcome(() => body(encodeRequest(ref, values)))).toEqual(want);
  });
});

describe("the text encoder writes what the element encoder wrote (every construct, loose values)", () => {
  for (const [label, scalars, version] of [
    ["typed scalars, SOAP 1.1", TYPED, "1.1"],
    ["lossless scalars, SOAP 1.2", unitMetadata().scalars, "1.2"],
  ] as const) {
    const ref = unitOperation(scalars, version);
    const loose = new LooseValues(ref.metadata);
    const fields = ref.operation.input!.wrapper!.fields;

    it(`a request with a field per construct, headers and extra headers: the same text or error (${label})`, () => {
      let written = 0;
      let refused = 0;
      fc.assert(
        fc.property(
          fc.tuple(
            ...fields.map((f) =>
              fc.option(f.max === 1 ? loose.value(f.type, 3) : fc.array(loose.value(f.type, 3), { maxLength: 2 }), {
                freq: 1,
                nil: undefined,
              }),
            ),
          ),
          fc.record({ H: loose.value("Item", 2), G: loose.value("xs:anyType", 2) }, { requiredKeys: [] }),
          fc.array(anyElement, { maxLength: 2 }),
          (args, headers, extra) => {
            sameRequest(ref, args, headers, extra as AnyElement[]) ? written++ : refused++;
          },
        ),
        { numRuns: 400 },
      );
      // with a dozen loose fields, most requests have something wrong somewhere: the refusals must agree too
      expect(refused).toBeGreaterThan(100);
      expect(written).toBeGreaterThan(0);
    });

    it(`one field at a time, so that most values encode (${label})`, () => {
      let written = 0;
      fc.assert(
        fc.property(fc.nat(fields.length - 1), fc.nat(), (i, seed) => {
          const field = fields[i]!;
          const [value] = fc.sample(loose.value(field.type, 3), { numRuns: 1, seed });
          const args: unknown[] = [];
          args[i] = field.max === 1 ? value : [value];
          if (sameRequest(ref, args, {})) written++;
        }),
        { numRuns: 600 },
      );
      expect(written).toBeGreaterThan(100);
    });

    it(`bare parts (a response) and rpc parts (a request) (${label})`, () => {
      const rpc = operationRef(ref.metadata, "P", "Rpc");
      fc.assert(
        fc.property(
          loose.value("Open", 3),
          loose.value("Scores", 3),
          loose.value("Price", 2),
          loose.value("Flags", 1),
          (a, b, x, y) => {
            sameResponse(ref, { a, b }, {});
            sameRequest(rpc, [x, y], {});
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});
