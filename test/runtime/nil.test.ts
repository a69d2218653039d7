/**
 * xsi:nil (issue 15 item 9): `null` only where the element is nillable, in both directions; nil with content is an
 * error; each error names the element path. Service: store-metadata.ts (Order.Item is nillable, Order.Note is not).
 */
import { describe, expect, it } from "vitest";
import { decodeRequest, decodeResponse, encodeRequest, operationRef } from "../../runtime/src/codec.js";
import { SoapCodecError } from "../../runtime/src/errors.js";
import { envelope, storeMetadata } from "./store-metadata.js";

const metadata = storeMetadata();
const put = operationRef(metadata, "StorePort", "Put");
const order = (content: string) => envelope(`<u:Put><u:Order>${content}</u:Order></u:Put>`);

describe("decoding xsi:nil", () => {
  it.each<[string, string, unknown]>([
    ["nil on a nillable element is null", '<u:Item xsi:nil="true"/>', { Item: null }],
    ['xsi:nil="1" too', '<u:Item xsi:nil="1"></u:Item>', { Item: null }],
    ['xsi:nil="false" is no nil', '<u:Note xsi:nil="false">n</u:Note>', { Note: "n" }],
    ["whitespace is no content", '<u:Item xsi:nil="true">  </u:Item>', { Item: null }],
  ])("%s", (_, content, value) => {
    expect(decodeRequest(put, order(content)).args[0]).toEqual(value);
  });

  it.each<[string, string, string]>([
    [
      "nil on an element that is not nillable",
      '<u:Note xsi:nil="true"/>',
      'Put.Order.Note: xsi:nil="true" on an element that is not nillable',
    ],
    [
      "nil on a repeated element's item that is not nillable",
      '<u:Lines>a</u:Lines><u:Lines xsi:nil="true"/>',
      'Put.Order.Lines[1]: xsi:nil="true" on an element that is not nillable',
    ],
    [
      "nil with text",
      '<u:Item xsi:nil="true">text</u:Item>',
      'Put.Order.Item: xsi:nil="true" on an element that has content',
    ],
    [
      "nil with an element",
      '<u:Item xsi:nil="true"><u:Id>1</u:Id></u:Item>',
      'Put.Order.Item: xsi:nil="true" on an element that has content',
    ],
    ["nil that is no boolean", '<u:Item xsi:nil="yes"/>', 'Put.Order.Item: xsi:nil="yes" is not a boolean'],
  ])("refuses %s", (_, content, message) => {
    expect(() => decodeRequest(put, order(content))).toThrowError(new SoapCodecError(message));
  });

  it("refuses nil on a header that is not nillable, and on an array item that is not", () => {
    const response = envelope(`<u:PutResponse/>`, `<u:Succeeded xsi:nil="true"/>`);
    expect(() => decodeResponse(put, response)).toThrowError(
      new SoapCodecError('header Succeeded: xsi:nil="true" on an element that is not nillable'),
    );
    expect(() => decodeRequest(put, order('<u:Ids><a:int xsi:nil="true"/></u:Ids>'))).toThrowError(
      new SoapCodecError('Put.Order.Ids[0]: xsi:nil="true" on an element that is not nillable'),
    );
  });
});

describe("encoding null", () => {
  it("writes xsi:nil where the element is nillable", () => {
    expect(encodeRequest(put, [{ Item: null }]).body).toContain('<ns1:Item xsi:nil="true"/>');
    expect(encodeRequest(put, [null]).body).toContain('<ns1:Order xsi:nil="true"/>');
  });

  it("writes nothing for null where the element is not nillable but may be left out (as for a repeated one)", () => {
    const body = encodeRequest(put, [{ Note: null, Lines: null }], { Session: null }).body;
    expect(body).not.toMatch(/Note|Lines|Session/);
  });

  it.each<[string, unknown[], string]>([
    [
      "a required member",
      [{ Item: { Id: null } }],
      "Put.Order.Item.Id is null, but the element is required and not nillable",
    ],
    ["an array item", [{ Ids: [1, null] }], "Put.Order.Ids[1] is null, but the element is not nillable"],
    [
      "a repeated member's item",
      [{ Lines: ["a", null] }],
      "Put.Order.Lines[1] is null, but the element is not nillable",
    ],
  ])("refuses null for %s that is not nillable", (_, args, message) => {
    expect(() => encodeRequest(put, args)).toThrowError(new SoapCodecError(message));
  });
});
