/**
 * Round-trip properties of the runtime codec over every named type and every operation of the published
 * Services88 Ticket WSDL (../shared, third-party: skipped visibly when absent). The values come from arbitraries
 * derived from the runtime metadata (test/runtime/arbitraries.ts), so every type is covered without being written
 * by hand; what they deliberately leave out (and why) is documented there.
 *
 * 1. value:   decode(encode(x)) deep-equals x for every named type, through real XML text and the tree parser;
 * 2. message: decodeRequest(encodeRequest(args, headers)) and decodeResponse(encodeResponse(result, headers)) give
 *             back what went in, for every operation of BasicHttpBinding_Ticket;
 * 3. XML:     encode(decode(xml)) reproduces xml — byte for byte for our own (deterministic) encoder's output, and as
 *             an equivalent tree (namespaces, local names, order, text) for hand-written BatchReply messages.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { XMLBuilder } from "fast-xml-parser";
import { afterAll, describe, expect, it } from "vitest";
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
import type { ServiceMetadata, TypeRefMeta } from "../../runtime/src/metadata.js";
import { XSI_NS } from "../../runtime/src/namespaces.js";
import { PrefixMap } from "../../runtime/src/prefixes.js";
import { ValueCodec } from "../../runtime/src/values.js";
import { parseXmlTree, type XmlNode } from "../../runtime/src/xml.js";
import { hasShared, realTicketWsdl, sharedDir, sharedOrSkipMessage } from "../helpers.js";
import { DANGEROUS_KEYS, MetadataArbitraries } from "./arbitraries.js";

const PORT = "BasicHttpBinding_Ticket";
const TYPE_RUNS = 50;
const OPERATION_RUNS = 30;
const SO_NS = "http://www.superoffice.net/ws/crm/NetServer/Services88";

const enabled = hasShared || sharedOrSkipMessage("round-trip properties over the Services88 Ticket types");
const metadata: ServiceMetadata | undefined = enabled ? (await loadMetadata(realTicketWsdl)).metadata : undefined;
const typeNames = metadata ? Object.keys(metadata.types) : [];
/** The non-default representations of the lossy-prone built-ins. */
const altMetadata: ServiceMetadata | undefined = enabled
  ? (
      await loadMetadata(realTicketWsdl, {
        scalars: { integer: "bigint", decimal: "number", dateTime: "Date", date: "Date", binary: "Uint8Array" },
      })
    ).metadata
  : undefined;
const operationNames = metadata ? Object.keys(metadata.ports[PORT]?.operations ?? {}) : [];
// Undefined only when ../shared is absent; the suites are skipped then, and no test body (the only place these are
// used) runs.
const arbitraries = (metadata && new MetadataArbitraries(metadata)) as MetadataArbitraries;
const altArbitraries = (altMetadata && new MetadataArbitraries(altMetadata)) as MetadataArbitraries;
/** The types that hold a built-in whose representation the non-default scalars change (directly). */
const altTypeNames = altMetadata
  ? Object.keys(altMetadata.types).filter((name) =>
      /"xs:(dateTime|date|base64Binary|hexBinary|long|decimal|integer)"/.test(JSON.stringify(altMetadata.types[name])),
    )
  : [];

/** The builder options codec.ts uses, so the value round trip goes through the same XML text. */
const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  suppressEmptyNode: true,
  processEntities: true,
});

/** One value as a standalone element `<ns1:value>` (namespaces declared on it), as XML text. */
function encodeValueXml(codec: ValueCodec, ref: TypeRefMeta, value: unknown): string {
  const w = new PrefixMap([[XSI_NS, "xsi"]]);
  const node = codec.encodeElement(w, "urn:wsdlgen:roundtrip", "value", ref, value, String(ref));
  node[":@"] = { ...(node[":@"] as Record<string, string> | undefined), ...w.declarations() };
  return builder.build([node]) as string;
}

function valueRoundTrip(codec: ValueCodec, ref: TypeRefMeta, value: unknown): unknown {
  return codec.decodeElement(parseXmlTree(encodeValueXml(codec, ref, value)), ref, String(ref));
}

/** A namespace-aware, prefix-free view of an element: what "equivalent XML" means here. */
interface Canon {
  name: string;
  /** Attributes by {ns}local, except namespace declarations and xsi:type (the encoder writes declared types only). */
  attrs?: Record<string, string>;
  /** Leaf text exactly; whitespace between child elements is not content. */
  text?: string;
  children?: Canon[];
}
function canon(node: XmlNode): Canon {
  const c: Canon = { name: `{${node.ns}}${node.local}` };
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(node.attrs)) {
    const colon = key.indexOf(":");
    const ns = colon === -1 ? "" : (node.scope.get(key.slice(0, colon)) ?? "?");
    const local = colon === -1 ? key : key.slice(colon + 1);
    if (ns === XSI_NS && local === "type") continue;
    attrs[`{${ns}}${local}`] = value;
  }
  if (Object.keys(attrs).length) c.attrs = attrs;
  if (node.children.length) c.children = node.children.map(canon);
  else c.text = node.text;
  return c;
}

describe.runIf(enabled)("round trip over the published Services88 Ticket WSDL (fast-check)", () => {
  const refOf = (name: string): OperationRef => operationRef(metadata!, PORT, name);
  const covered = { types: new Set<string>(), operations: new Map<string, number>() };
  /** An operation counts as covered once its request and response properties have both passed. */
  const passed = (operation: string) => covered.operations.set(operation, (covered.operations.get(operation) ?? 0) + 1);

  afterAll(() => {
    console.info(
      `round-trip properties: ${covered.types.size}/${typeNames.length} named types (${TYPE_RUNS} runs each), ` +
        `${[...covered.operations.values()].filter((n) => n === 2).length}/${operationNames.length} operations ` +
        `of ${PORT} (${OPERATION_RUNS} runs each for request and response)`,
    );
  });

  it("covers the whole WSDL: every named type and operation", () => {
    expect(typeNames.length).toBe(85);
    expect(operationNames.length).toBe(67);
  });

  it("generates the interesting cases, not only easy ones (fixed seed)", () => {
    const sample = <T>(ref: string, n = 300) => fc.sample(arbitraries.value(ref), { numRuns: n, seed: 88 }) as T[];
    const innerDepth = (e: { InnerException?: unknown } | null | undefined): number =>
      e?.InnerException ? 1 + innerDepth(e.InnerException as typeof e) : 0;
    expect(Math.max(...sample<{ InnerException?: unknown }>("SoExceptionInfo").map(innerDepth))).toBeGreaterThanOrEqual(
      2,
    );
    const strings = sample<(string | null)[]>("ArrayOfstring");
    expect(strings.some((a) => a.length === 0) && strings.some((a) => a.includes(null))).toBe(true);
    const flags = sample<string[]>("ETableRight");
    expect(flags.some((a) => new Set(a).size < a.length) && flags.some((a) => a.length === 0)).toBe(true);
    const dictionaries = sample<Record<string, unknown>>("FieldPropertyDictionary");
    expect(
      dictionaries.some((d) => Object.values(d).includes(null)) &&
        dictionaries.some((d) => Object.keys(d).some((k) => DANGEROUS_KEYS.includes(k))),
    ).toBe(true);
    const texts = sample<string>("xs:string", 1000);
    expect(
      texts.some((t) => /[&<>]/.test(t)) &&
        texts.some((t) => /^\s+$/.test(t)) &&
        texts.some((t) => /[\u{10000}-\u{10ffff}]/u.test(t)),
    ).toBe(true);
    const doubles = sample<number>("xs:double", 1000);
    expect(doubles.some(Number.isNaN) && doubles.includes(Infinity) && doubles.includes(-Infinity)).toBe(true);
  });

  // toEqual, not toStrictEqual: dictionaries may have a "constructor" key (on purpose), and toStrictEqual compares
  // `a.constructor === b.constructor`, which for two equal but distinct entry values is false.
  describe("1. value: decode(encode(x)) deep-equals x, per named type", () => {
    for (const name of typeNames) {
      it(name, () => {
        fc.assert(
          fc.property(arbitraries.value(name), (value) => {
            expect(valueRoundTrip(arbitraries.codec, name, value), name).toEqual(value);
          }),
          { numRuns: TYPE_RUNS },
        );
        covered.types.add(name);
      });
    }
  });

  // Properties 2 and 3 share their runs: the message that is decoded (2) is the one re-encoded byte for byte (3).
  describe("2 + 3. message: decode(encode(x)) gives x back, and encode(decode(xml)) === xml, per operation", () => {
    for (const name of operationNames) {
      it(`${name} request`, () => {
        const ref = refOf(name);
        const input = ref.operation.input!;
        fc.assert(
          fc.property(
            arbitraries.args(arbitraries.messageFields(ref.operation, input)),
            arbitraries.headers(input.headers),
            (args, headers) => {
              const xml1 = encodeRequest(ref, args, headers).body;
              const decoded = decodeRequest(ref, xml1);
              expect(decoded, `${name}: decodeRequest(encodeRequest(args, headers))`).toEqual({ args, headers });
              expect(
                encodeRequest(ref, decoded.args, decoded.headers).body,
                `${name}: encodeRequest(decodeRequest(xml)) byte for byte`,
              ).toBe(xml1);
            },
          ),
          { numRuns: OPERATION_RUNS },
        );
        passed(name);
      });
      it(`${name} response`, () => {
        const ref = refOf(name);
        const output = ref.operation.output!;
        fc.assert(
          fc.property(
            arbitraries.result(ref.operation, output),
            arbitraries.headers(output.headers),
            (result, headers) => {
              const xml1 = encodeResponse(ref, result, headers).body;
              const decoded = decodeResponse(ref, xml1);
              expect(decoded, `${name}: decodeResponse(encodeResponse(result, headers))`).toEqual({ result, headers });
              expect(
                encodeResponse(ref, decoded.result, decoded.headers).body,
                `${name}: encodeResponse(decodeResponse(xml)) byte for byte`,
              ).toBe(xml1);
            },
          ),
          { numRuns: OPERATION_RUNS },
        );
        passed(name);
      });
    }
  });

  describe("3. XML: a hand-written BatchReply decodes and re-encodes to an equivalent tree", () => {
    // Canonical values, but nothing like our encoder's spelling: other prefixes, the SO namespace as default
    // namespace (and an unprefixed xsi:type resolved against it), prefixes declared on inner elements, indentation,
    // a comment, CDATA, xsi:type everywhere, xsi:nil with a prefix other than "xsi".
    const handWritten = `<?xml version="1.0" encoding="UTF-8"?>
<!-- written by hand -->
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:x="http://www.w3.org/2001/XMLSchema">
  <env:Header>
    <ApplicationToken xmlns="${SO_NS}" i:type="x:string">1234567-1234-9876</ApplicationToken>
    <so:Credentials xmlns:so="${SO_NS}" i:type="so:SoCredentials">
      <so:Ticket i:type="x:string">7T:1234abcxyzExample==</so:Ticket>
    </so:Credentials>
    <tz:TimeZone xmlns:tz="${SO_NS}" i:nil="true"/>
  </env:Header>
  <env:Body>
    <BatchReply xmlns="${SO_NS}">
      <BatchReplyData i:type="TicketBatchReplyData">
        <TicketIds xmlns:arr="http://schemas.microsoft.com/2003/10/Serialization/Arrays" i:type="arr:ArrayOfint">
          <arr:int i:type="x:int">1</arr:int>
          <arr:int>22</arr:int>
          <int xmlns="http://schemas.microsoft.com/2003/10/Serialization/Arrays">-333</int>
        </TicketIds>
        <CloseTickets i:type="x:boolean">true</CloseTickets>
        <AttachmentIds i:nil="true" />
        <HtmlBody><![CDATA[<p>Done & dusted</p>]]></HtmlBody>
        <Slevel i:type="TicketSecurityLevel">External</Slevel>
        <TimeSpent   i:type="x:int">15</TimeSpent>
        <SendCopyToCustomer>false</SendCopyToCustomer>
      </BatchReplyData>
    </BatchReply>
  </env:Body>
</env:Envelope>
`;

    it("gives the values the message carries", () => {
      const decoded = decodeRequest(refOf("BatchReply"), handWritten);
      expect(decoded).toStrictEqual({
        args: [
          {
            TicketIds: [1, 22, -333],
            CloseTickets: true,
            AttachmentIds: null,
            HtmlBody: "<p>Done & dusted</p>",
            Slevel: "External",
            TimeSpent: 15,
            SendCopyToCustomer: false,
          },
        ],
        headers: {
          ApplicationToken: "1234567-1234-9876",
          Credentials: { Ticket: "7T:1234abcxyzExample==" },
          TimeZone: null,
        },
      });
    });

    it("re-encodes to the same tree (namespaces, local names, order, text, xsi:nil)", () => {
      const ref = refOf("BatchReply");
      const decoded = decodeRequest(ref, handWritten);
      const xml2 = encodeRequest(ref, decoded.args, decoded.headers).body;
      expect(xml2).not.toBe(handWritten);
      expect(canon(parseXmlTree(xml2))).toStrictEqual(canon(parseXmlTree(handWritten)));
    });

    it("re-encodes SuperOffice's documented request to the same body and header elements", () => {
      // SOAP 1.2 envelope with the headers directly under Envelope; we answer in the binding's SOAP 1.1 with a
      // Header, so the comparison is of the body and header elements, not of the envelope.
      const documented = readFileSync(
        path.join(sharedDir, "examples/superoffice/Ticket/BatchReply.request.xml"),
        "utf8",
      );
      const ref = refOf("BatchReply");
      const decoded = decodeRequest(ref, documented);
      const before = parseEnvelope(documented);
      const after = parseEnvelope(encodeRequest(ref, decoded.args, decoded.headers).body);
      expect(after.body.children.map(canon)).toStrictEqual(before.body.children.map(canon));
      expect(after.headers.map(canon)).toStrictEqual(before.headers.map(canon));
    });
  });

  describe("names from the message are never prototype keys", () => {
    // Found by this suite: decoding once built records with `out[key] = value`, so a "__proto__" key set the
    // record's prototype. The codec now defines own properties.
    it('SoExtraInfo { ["__proto__"]: "" } keeps its entry', () => {
      const value = Object.fromEntries([["__proto__", ""]]) as Record<string, unknown>;
      expect(valueRoundTrip(arbitraries.codec, "SoExtraInfo", value)).toEqual(value);
    });

    it('FieldPropertyDictionary { ["__proto__"]: {…} } leaves the decoded record\'s prototype alone', () => {
      const value = Object.fromEntries([["__proto__", { FieldType: "x" }]]) as Record<string, unknown>;
      const decoded = valueRoundTrip(arbitraries.codec, "FieldPropertyDictionary", value) as Record<string, unknown>;
      expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    });

    it("other Object.prototype names are ordinary dictionary keys", () => {
      const value = Object.fromEntries(DANGEROUS_KEYS.map((k) => [k, k])) as Record<string, unknown>;
      expect(valueRoundTrip(arbitraries.codec, "StringDictionary", value)).toEqual(value);
    });
  });
});

/** The same value round trip with the non-default scalar representations (Date, Uint8Array, bigint, number). */
describe.runIf(enabled)("value round trip with non-default scalars (dateTime: Date, binary: Uint8Array, …)", () => {
  // Only the types that hold such a built-in are worth a second run.
  it("has types to cover", () => expect(altTypeNames.length).toBeGreaterThan(0));
  for (const name of altTypeNames) {
    it(name, () => {
      fc.assert(
        fc.property(altArbitraries.value(name), (value) => {
          expect(valueRoundTrip(altArbitraries.codec, name, value), name).toEqual(value);
        }),
        { numRuns: 20 },
      );
    });
  }
});
