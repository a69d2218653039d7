/**
 * Namespaces matter (issue 15 item 13): elements are matched by namespace and local name — a wrapper, field,
 * header or array item of the right name in another namespace is not ours (it is undeclared content, or an error
 * where one element is expected); `lenientNamespaces` falls back to the local name with a warning. An `xsi:type`
 * must name the declared type or one derived from it; a single-valued element given twice and two Body children
 * where one is expected are errors. Service: store-metadata.ts.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeRequest, decodeResponse, operationRef, unknownContent } from "../../runtime/src/codec.js";
import { SoapCodecError } from "../../runtime/src/errors.js";
import { ARRAYS, envelope, NS, OTHER, SOAP11, storeMetadata } from "./store-metadata.js";

const metadata = storeMetadata();
const put = operationRef(metadata, "StorePort", "Put");
const send = operationRef(metadata, "StorePort", "Send");
const call = operationRef(metadata, "StorePort", "Call");
const order = (content: string, attributes = "") =>
  envelope(`<u:Put><u:Order${attributes}>${content}</u:Order></u:Put>`);
const decodedOrder = (content: string, attributes = "") =>
  decodeRequest(put, order(content, attributes)).args[0] as Record<string, unknown>;

function lenient(): { options: { lenientNamespaces: true; onWarning: (w: string) => void }; warnings: string[] } {
  const warnings: string[] = [];
  return { options: { lenientNamespaces: true, onWarning: (w) => warnings.push(w) }, warnings };
}

describe("elements are matched by namespace and local name", () => {
  it("a member of the right name in another namespace is undeclared content, not the member", () => {
    const value = decodedOrder("<o:Note>theirs</o:Note><u:Note>ours</u:Note>");
    expect(value.Note).toBe("ours");
    expect(unknownContent(value)?.elements?.map((p) => p.element)).toEqual([
      { name: "Note", ns: OTHER, text: "theirs" },
    ]);
  });

  it("an unqualified member where the schema qualifies it, too", () => {
    const xml = envelope(`<u:Put><u:Order><Note xmlns="">n</Note></u:Order></u:Put>`);
    expect((decodeRequest(put, xml).args[0] as Record<string, unknown>).Note).toBeUndefined();
  });

  it("a header block of the right name in another namespace is not the header", () => {
    const { headers } = decodeRequest(put, envelope("<u:Put/>", "<o:Token>t</o:Token>"));
    expect(headers).toEqual({});
    expect(unknownContent(headers)?.elements?.[0]?.element).toEqual({ name: "Token", ns: OTHER, text: "t" });
  });

  it("an array item or dictionary entry of the right name in another namespace is not an item", () => {
    const value = decodedOrder(
      `<u:Ids><a:int>1</a:int><o:int>2</o:int></u:Ids>` +
        `<u:Scores><o:KeyValueOfstringint><a:Key>k</a:Key><a:Value>1</a:Value></o:KeyValueOfstringint></u:Scores>`,
    );
    expect([...(value.Ids as number[])]).toEqual([1]);
    expect(unknownContent(value.Ids)?.elements?.[0]?.element).toEqual({ name: "int", ns: OTHER, text: "2" });
    expect(Object.keys(value.Scores as object)).toEqual([]);
    expect(unknownContent(value.Scores)?.elements?.[0]?.element.name).toBe("KeyValueOfstringint");
  });

  it.each<[string, string, string]>([
    [
      "a wrapper in another namespace",
      envelope(`<o:Put><u:Count>1</u:Count></o:Put>`),
      `the request of Put has {${OTHER}}Put in its Body, where {${NS}}Put is expected`,
    ],
    [
      "a wrapper of another name",
      envelope(`<u:Take/>`),
      `the request of Put has {${NS}}Take in its Body, where {${NS}}Put is expected`,
    ],
    [
      "two Body children where one is expected",
      envelope(`<u:Put/><u:Put/>`),
      `the request of Put has 2 elements in its Body, where one ({${NS}}Put) is expected`,
    ],
    ["an empty Body", envelope(``), `the request of Put has an empty Body (expected {${NS}}Put)`],
    [
      "two Body elements",
      `<s:Envelope xmlns:s="${SOAP11}"><s:Body/><s:Body/></s:Envelope>`,
      "the SOAP envelope has 2 Body elements",
    ],
  ])("refuses %s", (_, xml, message) => {
    expect(() => decodeRequest(put, xml)).toThrowError(new SoapCodecError(message));
  });

  it("a response element in another namespace is not the response", () => {
    const xml = envelope(`<o:PutResponse><u:Order/></o:PutResponse>`);
    expect(() => decodeResponse(put, xml)).toThrowError(
      new SoapCodecError(
        `the response of Put has {${OTHER}}PutResponse in its Body, where {${NS}}PutResponse is expected`,
      ),
    );
    expect(() => decodeResponse(call, envelope(`<o:CallResponse><result>r</result></o:CallResponse>`))).toThrowError(
      /where \{urn:wsdlgen:unit\}CallResponse is expected/,
    );
  });

  it("a bare message's Body children are its parts by name; others are undeclared content", () => {
    const { args, headers } = decodeRequest(send, envelope(`<o:Order/><u:Order><u:Note>n</u:Note></u:Order>`));
    expect(args).toEqual([{ Note: "n" }]);
    expect(unknownContent(headers)?.body?.elements?.[0]?.element).toEqual({ name: "Order", ns: OTHER });
  });
});

describe("lenientNamespaces", () => {
  afterEach(() => vi.restoreAllMocks());

  it("falls back to the local name when nothing matches exactly, and says so", () => {
    const { options, warnings } = lenient();
    const xml = envelope(
      `<o:Put><o:Order><Note xmlns="">n</Note><u:Ids><o:int>2</o:int></u:Ids></o:Order></o:Put>`,
      `<o:Token>t</o:Token>`,
    );
    const { args, headers } = decodeRequest(put, xml, options);
    expect(args).toEqual([{ Note: "n", Ids: [2] }, undefined]);
    expect(headers).toEqual({ Token: "t" });
    expect(warnings).toEqual([
      `the request of Put: {${OTHER}}Put read as {${NS}}Put by its local name (lenientNamespaces)`,
      `Put: element {${OTHER}}Order read as Order ({${NS}}Order) by its local name (lenientNamespaces)`,
      `Put.Order: element Note read as Note ({${NS}}Note) by its local name (lenientNamespaces)`,
      `Put.Order.Ids: element {${OTHER}}int read as an item ({${ARRAYS}}int) by its local name (lenientNamespaces)`,
      `header {${OTHER}}Token read as Token ({${NS}}Token) by its local name (lenientNamespaces)`,
    ]);
  });

  it("falls back element by element, and warns on the console without a callback", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const value = decodeRequest(put, order("<u:Note>ours</u:Note><o:Lines>x</o:Lines>"), { lenientNamespaces: true })
      .args[0] as Record<string, unknown>;
    expect(value).toEqual({ Note: "ours", Lines: ["x"] });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(
      /^wsdlgen runtime: Put\.Order: element \{urn:wsdlgen:other\}Lines read as Lines/,
    );
    // An exact match and a fallback for one single-valued member are two elements for it.
    expect(() =>
      decodeRequest(put, order("<u:Note>ours</u:Note><o:Note>theirs</o:Note>"), { lenientNamespaces: true }),
    ).toThrowError(/Put\.Order\.Note: the element is given more than once/);
  });

  it("is off by default", () => {
    expect(() => decodeRequest(put, envelope(`<o:Put/>`))).toThrowError(SoapCodecError);
  });
});

describe("xsi:type", () => {
  it.each<[string, string, string, unknown]>([
    ["the declared type", '<u:Owner xsi:type="u:Base"><u:Id>1</u:Id></u:Owner>', "Owner", { Id: 1 }],
    [
      "a derived type: its members and $type",
      '<u:Owner xsi:type="u:Derived"><u:Id>1</u:Id><u:Extra>e</u:Extra></u:Owner>',
      "Owner",
      { $type: "Derived", Id: 1, Extra: "e" },
    ],
    ["a built-in of the declared built-in", '<u:Note xsi:type="xs:string">n</u:Note>', "Note", "n"],
    ["a built-in derived from the declared one", '<u:Lines xsi:type="xs:token">t</u:Lines>', "Lines", ["t"]],
  ])("accepts %s", (_, content, member, value) => {
    const xml = order(content).replace("<s:Envelope ", `<s:Envelope xmlns:xs="http://www.w3.org/2001/XMLSchema" `);
    expect((decodeRequest(put, xml).args[0] as Record<string, unknown>)[member]).toEqual(value);
  });

  it.each<[string, string, string]>([
    [
      "a type of no schema of this service",
      '<u:Owner xsi:type="o:Alien"/>',
      `Put.Order.Owner: xsi:type {${OTHER}}Alien is not a type of this service`,
    ],
    [
      "a type that is not derived from the declared one",
      '<u:Owner xsi:type="u:Unrelated"/>',
      `Put.Order.Owner: xsi:type {${NS}}Unrelated is not Base or a type derived from it`,
    ],
    [
      "a base of the declared type",
      '<u:Item xsi:type="u:Base"><u:Id>1</u:Id></u:Item>',
      `Put.Order.Item: xsi:type {${NS}}Base is not Item or a type derived from it`,
    ],
    [
      "another built-in",
      '<u:Note xsi:type="xs:int">1</u:Note>',
      "Put.Order.Note: xsi:type {http://www.w3.org/2001/XMLSchema}int is not xs:string or a type derived from it",
    ],
    [
      "an undeclared prefix",
      '<u:Owner xsi:type="zz:Base"/>',
      'Put.Order.Owner: xsi:type "zz:Base" uses an undeclared namespace prefix',
    ],
  ])("refuses %s", (_, content, message) => {
    const xml = order(content).replace("<s:Envelope ", `<s:Envelope xmlns:xs="http://www.w3.org/2001/XMLSchema" `);
    expect(() => decodeRequest(put, xml)).toThrowError(new SoapCodecError(message));
  });
});

describe("an element given more often than declared", () => {
  it.each<[string, string, string]>([
    [
      "a single-valued member twice",
      "<u:Note>a</u:Note><u:Note>b</u:Note>",
      "Put.Order.Note: the element is given more than once (it is single-valued)",
    ],
    [
      "a member with maxOccurs 2 three times",
      "<u:Item><u:Id>1</u:Id><u:Pair>a</u:Pair><u:Pair>b</u:Pair><u:Pair>c</u:Pair></u:Item>",
      "Put.Order.Item.Pair: more than 2 elements (maxOccurs)",
    ],
    [
      "a dictionary key twice",
      `<u:Scores>${"<a:KeyValueOfstringint><a:Key>k</a:Key><a:Value>1</a:Value></a:KeyValueOfstringint>".repeat(2)}</u:Scores>`,
      'Put.Order.Scores: the key "k" is given more than once',
    ],
  ])("refuses %s", (_, content, message) => {
    expect(() => decodeRequest(put, order(content))).toThrowError(new SoapCodecError(message));
  });

  it("refuses a header block twice, and a wrapper member twice", () => {
    expect(() => decodeRequest(put, envelope("<u:Put/>", "<u:Token>a</u:Token><u:Token>b</u:Token>"))).toThrowError(
      new SoapCodecError("header Token: the header block is given more than once"),
    );
    expect(() => decodeRequest(put, envelope("<u:Put><u:Count>1</u:Count><u:Count>2</u:Count></u:Put>"))).toThrowError(
      new SoapCodecError("Put.Count: the element is given more than once (it is single-valued)"),
    );
  });
});
