/**
 * Response charsets over loopback with real bytes: the Content-Type charset, a byte order mark and the XML
 * declaration's encoding are honoured (ISO-8859-1, windows-1252, UTF-16LE/BE, UTF-8); bytes invalid in the
 * encoding and unknown charsets are errors, never U+FFFD.
 */
import { afterEach, describe, expect, it } from "vitest";
import { TicketAgent } from "../../generated/Services88-Ticket/index.js";
import { decodeXmlBody, detectXmlEncoding } from "../../runtime/src/charset.js";
import { SoapHttpError } from "../../runtime/src/errors.js";
import { batchReplyResponse, closeAll, listen } from "../e2e/loopback.js";

afterEach(closeAll);

const CITY = "Zürich – “Ærø” €";
const LATIN1_CITY = "Zürich Ærø ½";

/** The BatchReply response carrying `city` in a response header, as text with the given XML declaration. */
function response(city: string, declaration = '<?xml version="1.0" encoding="utf-8"?>'): string {
  return batchReplyResponse(3, { Succeeded: true, TimeZone: { SoTimeZoneLocationCode: city } }).replace(
    '<?xml version="1.0" encoding="utf-8"?>',
    declaration,
  );
}

/** windows-1252: Latin-1 plus the printable characters it puts at 0x80–0x9F (those this test uses). */
function windows1252(text: string): Buffer {
  const extra: Record<string, number> = { "€": 0x80, "–": 0x96, "“": 0x93, "”": 0x94 };
  return Buffer.from([...text].map((c) => extra[c] ?? c.charCodeAt(0)));
}

const utf16be = (text: string) => Buffer.from(text, "utf16le").swap16();

/** Serves `bytes` with `contentType`, calls BatchReply, and returns the city the client read, or the error. */
async function roundTrip(bytes: Uint8Array, contentType: string): Promise<unknown> {
  const server = await listen((_req, res) => res.writeHead(200, { "Content-Type": contentType }).end(bytes));
  const agent = new TicketAgent({ endpoint: server.origin });
  try {
    const { result, headers } = await agent.withHeaders.BatchReply({});
    expect(result).toBe(3);
    return headers.TimeZone?.SoTimeZoneLocationCode;
  } catch (e) {
    return e;
  }
}

describe("response charsets", () => {
  it("reads the Content-Type charset: ISO-8859-1 and windows-1252", async () => {
    expect(await roundTrip(Buffer.from(response(LATIN1_CITY), "latin1"), "text/xml; charset=ISO-8859-1")).toBe(
      LATIN1_CITY,
    );
    expect(await roundTrip(windows1252(response(CITY)), 'text/xml; charset="windows-1252"')).toBe(CITY);
  });

  it("reads UTF-16LE and UTF-16BE with a byte order mark, whatever the charset parameter says", async () => {
    const text = `\uFEFF${response(CITY, '<?xml version="1.0" encoding="utf-16"?>')}`;
    expect(await roundTrip(Buffer.from(text, "utf16le"), "text/xml")).toBe(CITY);
    expect(await roundTrip(utf16be(text), "application/soap+xml; charset=utf-16")).toBe(CITY);
    expect(await roundTrip(utf16be(text), "text/xml; charset=utf-8")).toBe(CITY);
  });

  it("reads the XML declaration's encoding when the Content-Type has no charset", async () => {
    const text = response(LATIN1_CITY, '<?xml version="1.0" encoding="ISO-8859-1"?>');
    expect(await roundTrip(Buffer.from(text, "latin1"), "text/xml")).toBe(LATIN1_CITY);
    // UTF-16 without a byte order mark, recognised by how `<?xml` looks.
    const utf16 = response(CITY, '<?xml version="1.0" encoding="UTF-16"?>');
    expect(await roundTrip(Buffer.from(utf16, "utf16le"), "text/xml")).toBe(CITY);
    expect(await roundTrip(utf16be(utf16), "text/xml")).toBe(CITY);
  });

  it("reads UTF-8, with or without a byte order mark, by default", async () => {
    expect(await roundTrip(Buffer.from(response(CITY), "utf8"), "text/xml")).toBe(CITY);
    expect(await roundTrip(Buffer.from(`\uFEFF${response(CITY)}`, "utf8"), "text/xml; charset=utf-8")).toBe(CITY);
  });

  it("refuses bytes invalid in the charset instead of reading U+FFFD", async () => {
    const error = await roundTrip(Buffer.from(response(LATIN1_CITY), "latin1"), "text/xml; charset=utf-8");
    expect(error).toBeInstanceOf(SoapHttpError);
    expect((error as SoapHttpError).message).toMatch(
      /^HTTP 200 from http:\/\/127\.0\.0\.1:\d+ cannot be read: the body is not valid utf-8 \(the encoding from the Content-Type charset\)/,
    );
    expect((error as SoapHttpError).contentType).toBe("text/xml; charset=utf-8");
    // The same bytes, undeclared: UTF-8 is the default, and still not silently replaced.
    const undeclared = await roundTrip(Buffer.from(response(LATIN1_CITY, ""), "latin1"), "text/xml");
    expect((undeclared as Error).message).toContain("the body is not valid utf-8 (the encoding from the default)");
  });

  it("refuses a charset it has no decoder for, naming it", async () => {
    const error = await roundTrip(Buffer.from(response("x"), "utf8"), "text/xml; charset=x-klingon");
    expect(error).toBeInstanceOf(SoapHttpError);
    expect((error as Error).message).toContain('unknown charset "x-klingon" (from the Content-Type charset)');
    const declared = response("x", '<?xml version="1.0" encoding="EBCDIC-lite"?>');
    expect(((await roundTrip(Buffer.from(declared), "text/xml")) as Error).message).toContain(
      'unknown charset "EBCDIC-lite" (from the XML declaration)',
    );
  });
});

describe("decodeXmlBody", () => {
  it("orders the sources as RFC 7303 does: byte order mark, charset parameter, XML declaration, UTF-8", () => {
    const bom = Uint8Array.of(0xef, 0xbb, 0xbf, 0x3c);
    expect(detectXmlEncoding(bom, "text/xml; charset=latin1")).toEqual({ charset: "utf-8", source: "byte order mark" });
    const declared = Buffer.from('<?xml version="1.0" encoding="windows-1252"?><a/>');
    expect(detectXmlEncoding(declared, "text/xml; charset=iso-8859-1")).toEqual({
      charset: "iso-8859-1",
      source: "Content-Type charset",
    });
    expect(detectXmlEncoding(declared, "text/xml")).toEqual({ charset: "windows-1252", source: "XML declaration" });
    expect(detectXmlEncoding(Buffer.from("<a/>"), undefined)).toEqual({ charset: "utf-8", source: "default" });
  });

  it("decodes windows-1252 (and ISO-8859-1, which the WHATWG standard reads as windows-1252) by the standard's table", () => {
    const high = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    const expected = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
    expect(decodeXmlBody(high, "text/xml; charset=windows-1252")).toBe(expected);
    expect(decodeXmlBody(high, "text/xml; charset=iso-8859-1")).toBe(expected);
    expect(decodeXmlBody(Uint8Array.of(0x41, 0xa0, 0xe9, 0xff), "text/xml; charset=latin1")).toBe("A\u00A0éÿ");
  });

  it("refuses a UTF-16 charset on bytes that are not UTF-16", () => {
    expect(() => decodeXmlBody(Buffer.from("<?xml version='1.0'?><a/>"), "text/xml; charset=utf-16")).toThrowError(
      "the Content-Type charset says utf-16, but the body is not UTF-16",
    );
  });
});
