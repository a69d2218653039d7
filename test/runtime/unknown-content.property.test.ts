/**
 * Lossless round trip of undeclared content (issue 12 part 2), as a property over every operation of the published
 * Services88 Ticket WSDL (../shared; skipped visibly when absent): take a valid message (our encoder's, from the
 * metadata-derived arbitraries), inject random elements and attributes the WSDL does not declare — anywhere in the
 * Body's wrapper and in the Header, nested, with namespaces, attributes, text and children — and check that
 * decode → encode gives an equivalent message (xml-equivalence.ts: names, namespaces, order, text, attributes).
 *
 * Not injected, by design: elements inside an element with xsi:nil (nil with content is an error), anything directly
 * in the Body (a wrapped message has exactly one Body child) or on the Envelope, Header or Body elements themselves.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadMetadata } from "../../generator/index.js";
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  operationRef,
  parseEnvelope,
  type OperationRef,
} from "../../runtime/src/codec.js";
import type { ServiceMetadata } from "../../runtime/src/metadata.js";
import { XSI_NS } from "../../runtime/src/namespaces.js";
import { attributeNS, parseXmlTree, type XmlNode } from "../../runtime/src/xml.js";
import { hasShared, realTicketWsdl, sharedOrSkipMessage } from "../helpers.js";
import { MetadataArbitraries, xmlString } from "./arbitraries.js";
import { compareElements } from "./xml-equivalence.js";

const PORT = "BasicHttpBinding_Ticket";
const RUNS = 12;
/** Namespaces of the injected content (none of them is the service's), with the prefixes they are written with. */
const FOREIGN: [ns: string, prefix: string][] = [
  ["urn:wsdlgen:newer-server", "u1"],
  ["http://example.com/extensions/2024", "u2"],
];

const enabled = hasShared || sharedOrSkipMessage("undeclared-content round trip over the Services88 Ticket messages");
const metadata: ServiceMetadata | undefined = enabled ? (await loadMetadata(realTicketWsdl)).metadata : undefined;
const operationNames = metadata ? Object.keys(metadata.ports[PORT]?.operations ?? {}) : [];
const arbitraries = (metadata && new MetadataArbitraries(metadata)) as MetadataArbitraries;

// ------------------------------------------------------------------ what is injected

interface Injected {
  name: string;
  /** Index into FOREIGN, or -1 for no namespace. */
  ns: number;
  attributes: [ns: number, name: string, value: string][];
  text: string;
  children: Injected[];
}

const attributeValue = xmlString.filter((s) => !/[\t\n]/.test(s));
const localName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,6}$/).map((s) => `X${s}`);
const namespaceIndex = fc.integer({ min: -1, max: FOREIGN.length - 1 });
const attributes = fc.uniqueArray(fc.tuple(namespaceIndex, localName, attributeValue), {
  maxLength: 2,
  selector: ([ns, name]) => `${ns}:${name}`,
});

const injectedElement: fc.Arbitrary<Injected> = fc.letrec<{ element: Injected }>((tie) => ({
  element: fc.record({
    name: localName,
    ns: namespaceIndex,
    attributes,
    text: fc.oneof(fc.constant(""), xmlString),
    children: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constant([]),
      fc.array(tie("element"), { maxLength: 2 }),
    ) as fc.Arbitrary<Injected[]>,
  }),
})).element;

interface Injection {
  /** Which eligible element (modulo their number). */
  target: number;
  /** Where among its children (modulo their number + 1). */
  position: number;
  what: { element: Injected } | { attribute: [ns: number, name: string, value: string] };
}

const injections: fc.Arbitrary<Injection[]> = fc.array(
  fc.record({
    target: fc.nat(),
    position: fc.nat(),
    what: fc.oneof(
      fc.record({ element: injectedElement }),
      fc.record({ attribute: fc.tuple(namespaceIndex, localName, attributeValue) }),
    ),
  }),
  { minLength: 1, maxLength: 5 },
);

// ------------------------------------------------------------------ the tree

const prefixOf = (ns: number) => (ns < 0 ? "" : `${FOREIGN[ns]![1]}:`);

function nodeOf(e: Injected, scope: ReadonlyMap<string, string>): XmlNode {
  return {
    local: e.name,
    ns: e.ns < 0 ? "" : FOREIGN[e.ns]![0],
    attrs: Object.fromEntries(e.attributes.map(([ns, name, value]) => [`${prefixOf(ns)}${name}`, value])),
    children: e.children.map((c) => nodeOf(c, scope)),
    text: e.text,
    scope,
  };
}

const escapeText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttribute = (s: string) => escapeText(s).replace(/"/g, "&quot;");

/** The tree as XML text: element names with the prefixes of `prefixes`, attributes as written; no mixed content. */
function serialize(node: XmlNode, prefixes: Map<string, string>, declarations = ""): string {
  const prefix = node.ns ? `${prefixes.get(node.ns)}:` : "";
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`)
    .join("");
  const inner = escapeText(node.text) + node.children.map((c) => serialize(c, prefixes)).join("");
  return `<${prefix}${node.local}${declarations}${attrs}>${inner}</${prefix}${node.local}>`;
}

/** A copy of a parsed tree that may be changed (the reader shares frozen empty attribute maps and child lists). */
function mutable(node: XmlNode): XmlNode {
  return { ...node, attrs: { ...node.attrs }, children: node.children.map(mutable) };
}

/** `xml` (our encoder's: every prefix declared on the Envelope) with the injections applied. */
function inject(xml: string, list: Injection[]): string {
  const root = mutable(parseXmlTree(xml));
  const scope = new Map(root.scope);
  for (const [ns, prefix] of FOREIGN) scope.set(prefix, ns);
  const env = root.ns;
  let header = root.children.find((c) => c.local === "Header");
  if (!header) {
    header = { local: "Header", ns: env, attrs: {}, children: [], text: "", scope };
    root.children.unshift(header);
  }
  const body = root.children.find((c) => c.local === "Body")!;
  // Targets: the Header (for undeclared header blocks) and every element below it or below the Body's children.
  const targets: XmlNode[] = [header];
  const walk = (n: XmlNode) => {
    targets.push(n);
    n.children.forEach(walk);
  };
  header.children.forEach(walk);
  body.children.forEach(walk);
  for (const { target, position, what } of list) {
    if ("element" in what) {
      const into = targets.filter((t) => !["true", "1"].includes(attributeNS(t, XSI_NS, "nil") ?? ""));
      const parent = into[target % into.length]!;
      parent.children.splice(position % (parent.children.length + 1), 0, nodeOf(what.element, scope));
    } else {
      const on = targets.filter((t) => t !== header);
      if (!on.length) continue;
      const element = on[target % on.length]!;
      const [ns, name, value] = what.attribute;
      element.attrs[`${prefixOf(ns)}${name}`] ??= value;
    }
  }
  const prefixes = new Map<string, string>();
  const declarations = [...scope]
    .filter(([prefix]) => prefix !== "xml" && prefix !== "")
    .map(([prefix, ns]) => (prefixes.set(ns, prefix), ` xmlns:${prefix}="${escapeAttribute(ns)}"`))
    .join("");
  return serialize({ ...root, attrs: {} }, prefixes, declarations);
}

function expectEquivalent(actual: string, expected: string): void {
  const a = parseEnvelope(actual);
  const e = parseEnvelope(expected);
  expect(compareElements(e.body.children, a.body.children, { maxDifferences: 3 }), "Body").toEqual([]);
  expect(compareElements(e.headers, a.headers, { maxDifferences: 3 }), "Header").toEqual([]);
}

// ------------------------------------------------------------------ the properties

describe.runIf(enabled)("undeclared content survives decode → encode (Ticket messages, fast-check)", () => {
  const refOf = (name: string): OperationRef => operationRef(metadata!, PORT, name);

  it("covers every operation", () => expect(operationNames.length).toBe(67));

  it("injects where it should: nested, namespaced, with attributes, into headers and values", () => {
    const ref = refOf("BatchReply");
    const xml = encodeRequest(ref, [{ TicketIds: [1, 2], HtmlBody: "x" }], { ApplicationToken: "t" }).body;
    const samples = fc.sample(injections, { numRuns: 200, seed: 12 }).map((list) => inject(xml, list));
    expect(samples.some((s) => /<u1:X[^>]*><u2:X/.test(s) || /<u2:X[^>]*><u1:X/.test(s))).toBe(true);
    expect(samples.some((s) => /<soap:Header>(<[^>]*>[^<]*<\/[^>]*>)*<(u1:|u2:)?X/.test(s))).toBe(true);
    expect(samples.some((s) => / (u1:|u2:)?X[\w.-]*="[^"]*"/.test(s))).toBe(true);
  });

  for (const name of operationNames) {
    it(`${name} request`, () => {
      const ref = refOf(name);
      const input = ref.operation.input!;
      fc.assert(
        fc.property(
          arbitraries.args(arbitraries.messageFields(ref.operation, input)),
          arbitraries.headers(input.headers),
          injections,
          (args, headers, list) => {
            const xml = inject(encodeRequest(ref, args, headers).body, list);
            const decoded = decodeRequest(ref, xml);
            expectEquivalent(encodeRequest(ref, decoded.args, decoded.headers).body, xml);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it(`${name} response`, () => {
      const ref = refOf(name);
      const output = ref.operation.output!;
      fc.assert(
        fc.property(
          arbitraries.result(ref.operation, output),
          arbitraries.headers(output.headers),
          injections,
          (result, headers, list) => {
            const xml = inject(encodeResponse(ref, result, headers).body, list);
            const decoded = decodeResponse(ref, xml);
            expectEquivalent(encodeResponse(ref, decoded.result, decoded.headers).body, xml);
          },
        ),
        { numRuns: RUNS },
      );
    });
  }
});
