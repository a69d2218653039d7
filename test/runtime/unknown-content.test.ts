/**
 * Content the WSDL does not declare (issue 12 part 2): decoding keeps every undeclared element and attribute on the
 * value it belongs to (UNKNOWN_CONTENT), encoding writes it back where it was, and strict decoding refuses it with
 * an error naming the element path. Service: store-metadata.ts.
 */
import { describe, expect, it } from "vitest";
import { SoapClient } from "../../runtime/src/client.js";
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  operationRef,
  parseEnvelope,
  UNKNOWN_CONTENT,
  unknownContent,
  withUnknownContent,
  type UnknownContent,
} from "../../runtime/src/codec.js";
import { SoapCodecError } from "../../runtime/src/errors.js";
import { envelope, NS, OTHER, storeMetadata, XSI } from "./store-metadata.js";
import { compareElements } from "./xml-equivalence.js";

const metadata = storeMetadata();
const put = operationRef(metadata, "StorePort", "Put");
const send = operationRef(metadata, "StorePort", "Send");
const call = operationRef(metadata, "StorePort", "Call");

/** An order with undeclared content everywhere it can be: before, between and after members, inside them. */
const ORDER =
  `<u:Order code="c1" o:flag="on" plain="p">` +
  `<o:First>1</o:First>` +
  `<u:Item version="2"><u:Id>7</u:Id><o:InItem o:a="b">deep<o:Nested>n</o:Nested></o:InItem></u:Item>` +
  `<u:Ids o:kind="list"><a:int>1</a:int><o:Between/><a:int>2</a:int></u:Ids>` +
  `<u:Note o:lang="nb">text</u:Note>` +
  `<u:Lines>a</u:Lines><o:AfterFirstLine>x</o:AfterFirstLine><u:Lines>b</u:Lines>` +
  `<o:Last xsi:type="o:Thing" xsi:nil="true"/>` +
  `</u:Order>`;
const REQUEST = envelope(
  `<u:Put o:w="1"><o:Lead/>${ORDER}<u:Count>3</u:Count><o:Trail>t</o:Trail></u:Put>`,
  `<u:Token o:t="x">tok</u:Token><o:Trace>abc</o:Trace><u:Session><u:Key>k</u:Key></u:Session>`,
);

/** Body and Header children of two envelopes compared as XML (namespaces, names, order, text, attributes). */
function expectEquivalent(actual: string, expected: string): void {
  const a = parseEnvelope(actual);
  const e = parseEnvelope(expected);
  expect(compareElements(e.body.children, a.body.children)).toEqual([]);
  expect(compareElements(e.headers, a.headers)).toEqual([]);
}

describe("decoding keeps undeclared content", () => {
  const { args, headers } = decodeRequest(put, REQUEST);
  const order = args[0] as Record<string, unknown>;

  it("gives the typed members as if it were not there", () => {
    expect(JSON.parse(JSON.stringify(args))).toEqual([
      {
        code: "c1",
        Item: { version: 2, Id: 7 },
        Ids: [1, 2],
        Note: "text",
        Lines: ["a", "b"],
      },
      3,
    ]);
    expect(Object.keys(order)).toEqual(["code", "Item", "Ids", "Note", "Lines"]);
  });

  it("keeps elements with their position, namespace, attributes and content, and attributes by expanded name", () => {
    expect(unknownContent(order)).toEqual({
      attributes: { [`{${OTHER}}flag`]: "on", plain: "p" },
      elements: [
        { element: { name: "First", ns: OTHER, text: "1" } },
        { after: "Lines", element: { name: "AfterFirstLine", ns: OTHER, text: "x" } },
        {
          after: "Lines",
          index: 1,
          element: {
            name: "Last",
            ns: OTHER,
            attributes: { [`{${XSI}}type`]: `{${OTHER}}Thing`, [`{${XSI}}nil`]: "true" },
          },
        },
      ],
      children: [{ name: "Note", content: { attributes: { [`{${OTHER}}lang`]: "nb" } } }],
    } satisfies UnknownContent);
    expect(unknownContent(order.Item)).toEqual({
      elements: [
        {
          after: "Id",
          element: {
            name: "InItem",
            ns: OTHER,
            attributes: { [`{${OTHER}}a`]: "b" },
            text: "deep",
            children: [{ name: "Nested", ns: OTHER, text: "n" }],
          },
        },
      ],
    });
    expect(unknownContent(order.Ids)).toEqual({
      attributes: { [`{${OTHER}}kind`]: "list" },
      elements: [{ after: "int", element: { name: "Between", ns: OTHER } }],
    });
  });

  it("keeps message-level content on the headers, where spreading them does not copy it", () => {
    expect(Object.keys(headers)).toEqual(["Token", "Session"]);
    expect(unknownContent(headers)).toEqual({
      elements: [{ after: "Token", element: { name: "Trace", ns: OTHER, text: "abc" } }],
      children: [{ name: "Token", content: { attributes: { [`{${OTHER}}t`]: "x" } } }],
      body: {
        attributes: { [`{${OTHER}}w`]: "1" },
        elements: [
          { element: { name: "Lead", ns: OTHER } },
          { after: "Count", element: { name: "Trail", ns: OTHER, text: "t" } },
        ],
      },
    });
    expect(unknownContent({ ...headers })).toBeUndefined();
  });

  it("carries it as an enumerable symbol: spread and Object.assign keep it, JSON and Object.keys do not see it", () => {
    const changed = { ...order, Note: "changed" };
    expect(unknownContent(changed)).toBe(unknownContent(order));
    expect(unknownContent(Object.assign({}, order))).toBe(unknownContent(order));
    expect(Object.getOwnPropertySymbols(order)).toEqual([UNKNOWN_CONTENT]);
    expect(JSON.stringify(order)).not.toContain("First");
  });
});

describe("encoding writes it back where it was", () => {
  it("decode → encode of a request gives an equivalent message", () => {
    const { args, headers } = decodeRequest(put, REQUEST);
    expectEquivalent(encodeRequest(put, args, headers).body, REQUEST);
  });

  it("read → change a member → write keeps it; an element after a removed member goes where that member was", () => {
    const { args, headers } = decodeRequest(put, REQUEST);
    const order = args[0] as Record<string, unknown>;
    const changed = { ...order, Note: undefined, Lines: ["a"], Item: { ...(order.Item as object), Id: 8 } };
    const body = encodeRequest(put, [changed, 3], headers).body;
    const written = parseEnvelope(body).body.children[0]!.children[1]!;
    expect(written.children.map((c) => c.local)).toEqual(["First", "Item", "Ids", "Lines", "AfterFirstLine", "Last"]);
    expect(written.children[1]!.children.map((c) => `${c.local}=${c.text}`)).toEqual(["Id=8", "InItem=deep"]);
    // Note is gone, and with it the attribute kept for it.
    expect(body).not.toContain("lang");
  });

  it("a response's, a bare message's and an rpc message's undeclared content", () => {
    const response = envelope(
      `<u:PutResponse><u:Order><u:Note>n</u:Note><o:New>1</o:New></u:Order><o:Extra/></u:PutResponse>`,
      `<u:Succeeded>true</u:Succeeded><o:ActivityId>42</o:ActivityId>`,
    );
    const decoded = decodeResponse(put, response);
    expect(unknownContent(decoded.result)?.elements).toHaveLength(1);
    expectEquivalent(encodeResponse(put, decoded.result, decoded.headers).body, response);

    const bare = envelope(`<o:Before/><u:Order><u:Note>n</u:Note><o:In/></u:Order><o:After/>`);
    const sent = decodeRequest(send, bare);
    expectEquivalent(encodeRequest(send, sent.args, sent.headers).body, bare);

    const rpc = envelope(`<u:Call><order><u:Note>n</u:Note></order><o:Mid/><count>2</count></u:Call>`);
    const called = decodeRequest(call, rpc);
    expect(called.args).toEqual([{ Note: "n" }, 2]);
    expectEquivalent(encodeRequest(call, called.args, called.headers).body, rpc);
  });

  it("dictionaries: entries' and the record's undeclared content follows its entry, whatever the record's order", () => {
    const scores = (entries: string) => envelope(`<u:Put><u:Order><u:Scores>${entries}</u:Scores></u:Order></u:Put>`);
    const entry = (k: string, extra = "") =>
      `<a:KeyValueOfstringint><a:Key>${k}</a:Key>${extra}<a:Value>1</a:Value></a:KeyValueOfstringint>`;
    const xml = scores(`${entry("b", "<o:InEntry/>")}<o:AfterB/>${entry("10")}`);
    const { args, headers } = decodeRequest(put, xml);
    const record = (args[0] as { Scores: Record<string, number> }).Scores;
    // JavaScript lists the integer-like key first, so the encoder writes "10" first; b's content goes with b.
    expect(Object.keys(record)).toEqual(["10", "b"]);
    const written = encodeRequest(put, args, headers).body;
    expect(written.replace(/ns\d:/g, "")).toContain(
      "<KeyValueOfstringint><Key>10</Key><Value>1</Value></KeyValueOfstringint>" +
        "<KeyValueOfstringint><Key>b</Key><InEntry/><Value>1</Value></KeyValueOfstringint><AfterB/>",
    );
  });

  it("an xsi:type in kept content is written with the prefix its namespace has in the new message", () => {
    const { args, headers } = decodeRequest(put, REQUEST);
    const last = parseEnvelope(encodeRequest(put, args, headers).body).body.children[0]!.children[1]!.children.at(-1)!;
    const [prefix, local] = last.attrs["xsi:type"]!.split(":");
    expect([last.scope.get(prefix!), local]).toEqual([OTHER, "Thing"]);
  });

  it("content attached by hand is written too, and content of the wrong shape is refused", () => {
    const order = withUnknownContent(
      { Note: "n" },
      { elements: [{ after: "Note", element: { name: "X", ns: OTHER } }] },
    );
    expect(encodeRequest(put, [order]).body).toMatch(/<ns1:Note>n<\/ns1:Note><ns2:X\/>/);
    const bad = withUnknownContent({ Note: "n" }, { elements: "nope" } as unknown as UnknownContent);
    expect(() => encodeRequest(put, [bad])).toThrowError(
      new SoapCodecError("Put.Order: its undeclared content (UNKNOWN_CONTENT) has elements that are not an array"),
    );
    const badElement = withUnknownContent({}, { elements: [{ element: { name: "not a name", ns: "" } }] });
    expect(() => encodeRequest(put, [badElement])).toThrowError(/must be an AnyElement/);
  });
});

describe("strict decoding refuses it, naming the element path", () => {
  const strict = (xml: string) => () => decodeRequest(put, xml, { strict: true });
  const inOrder = (content: string, attributes = "") =>
    envelope(`<u:Put><u:Order${attributes}><u:Note>n</u:Note>${content}</u:Order></u:Put>`);

  it.each<[string, string, string]>([
    ["an element", inOrder("<o:Extra/>"), `Put.Order: element {${OTHER}}Extra is not declared here (strict decoding)`],
    [
      "an attribute",
      inOrder("", ' o:flag="1"'),
      `Put.Order: attribute {${OTHER}}flag is not declared here (strict decoding)`,
    ],
    [
      "an element inside a member",
      inOrder("<u:Item><u:Id>1</u:Id><o:Deep/></u:Item>"),
      `Put.Order.Item: element {${OTHER}}Deep is not declared here (strict decoding)`,
    ],
    [
      "an attribute on a text member",
      envelope(`<u:Put><u:Order><u:Note o:lang="x">n</u:Note></u:Order></u:Put>`),
      `Put.Order.Note: attribute {${OTHER}}lang is not declared here (strict decoding)`,
    ],
    [
      "an array item of another name",
      inOrder("<u:Ids><a:int>1</a:int><o:Odd/></u:Ids>"),
      `Put.Order.Ids: element {${OTHER}}Odd is not declared here (strict decoding)`,
    ],
    [
      "an element of the wrapper",
      envelope(`<u:Put><u:Count>1</u:Count><o:Extra/></u:Put>`),
      `Put: element {${OTHER}}Extra is not declared here (strict decoding)`,
    ],
  ])("%s", (_, xml, message) => {
    expect(strict(xml)).toThrowError(new SoapCodecError(message));
    expect(() => decodeRequest(put, xml)).not.toThrow();
  });

  it("keeps undeclared header blocks even then (SOAP lets any node add them)", () => {
    const xml = envelope(`<u:Put/>`, `<o:Trace>1</o:Trace>`);
    expect(unknownContent(decodeRequest(put, xml, { strict: true }).headers)?.elements).toHaveLength(1);
  });

  it("is a client option", async () => {
    const response = envelope(`<u:PutResponse><u:Order><o:New/></u:Order></u:PutResponse>`);
    const fetch = (async () => new Response(response, { status: 200 })) as typeof globalThis.fetch;
    const client = (decoding?: object) =>
      new SoapClient(metadata, "StorePort", {
        endpoint: "http://store.test/",
        fetch,
        ...(decoding ? { decoding } : {}),
      });
    const kept = await client().invoke<object>("Put", [undefined]);
    expect(unknownContent(kept.result)?.elements?.[0]?.element.name).toBe("New");
    await expect(client({ strict: true }).invoke("Put", [undefined])).rejects.toThrowError(
      new SoapCodecError(`Put.Order: element {${OTHER}}New is not declared here (strict decoding)`),
    );
  });
});

describe("the wildcard and the element's own namespace", () => {
  it("an element of the declared name in another namespace is undeclared content, not the member", () => {
    const xml = envelope(`<u:Put><u:Order><o:Note>theirs</o:Note></u:Order></u:Put>`);
    const order = decodeRequest(put, xml).args[0] as Record<string, unknown>;
    expect(order.Note).toBeUndefined();
    expect(unknownContent(order)?.elements?.[0]?.element).toEqual({ name: "Note", ns: OTHER, text: "theirs" });
    expect(NS).not.toBe(OTHER);
  });
});
