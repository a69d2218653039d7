/**
 * Well-formedness on the wire, at the codec's level (issue 15, items 10–12): what decodeRequest and decodeResponse
 * refuse as not XML — with the line and column — and what they must not refuse, and what the encoder writes so that
 * a value comes back exactly. Messages are SOAP 1.1 envelopes for the generated Services88 Ticket metadata.
 */
import { describe, expect, it } from "vitest";
import { metadata } from "../../generated/Services88-Ticket/metadata.js";
import {
  decodeRequest,
  decodeResponse,
  encodeFault,
  encodeRequest,
  encodeResponse,
  operationRef,
} from "../../runtime/src/codec.js";
import { SoapCodecError } from "../../runtime/src/errors.js";

const PORT = "BasicHttpBinding_Ticket";
const batchReply = operationRef(metadata, PORT, "BatchReply");
const ENV = `xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"`;
const TNS = `xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"`;

/** A BatchReply request whose HtmlBody element holds `body` as written (markup and references kept). */
function request(body: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<s:Envelope ${ENV}>\n<s:Body>\n` +
    `<BatchReply ${TNS}><BatchReplyData><HtmlBody>${body}</HtmlBody></BatchReplyData></BatchReply>\n` +
    `</s:Body>\n</s:Envelope>\n`
  );
}

/** A BatchReply response whose ExceptionInfo header's Message element holds `message` as written. */
function response(message: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<s:Envelope ${ENV}>\n<s:Header>\n` +
    `<ExceptionInfo ${TNS}><Message>${message}</Message></ExceptionInfo>\n</s:Header>\n` +
    `<s:Body><BatchReplyResponse ${TNS}><Response>0</Response></BatchReplyResponse></s:Body>\n</s:Envelope>\n`
  );
}

/** The SoapCodecError a decode throws (fails the test when it does not throw one). */
function refusal(decode: () => unknown): SoapCodecError {
  try {
    decode();
  } catch (e) {
    if (e instanceof SoapCodecError) return e;
    throw e;
  }
  throw new Error("decoded without an error");
}

const htmlBody = (xml: string) => (decodeRequest(batchReply, xml).args[0] as { HtmlBody?: string }).HtmlBody;
const message = (xml: string) =>
  (decodeResponse(batchReply, xml).headers.ExceptionInfo as { Message?: string } | undefined)?.Message;

describe("not well-formed XML is refused as not XML, with line and column (issue 15 item 10)", () => {
  // Line 4 holds the value in both messages.
  const requestColumn = request("").split("\n")[3]!.indexOf("</HtmlBody>") + 1;
  const responseColumn = response("").split("\n")[3]!.indexOf("</Message>") + 1;

  it.each([
    ["&#0;", "U+0000"],
    ["&#x1;", "U+0001"],
    ["&#xFFFE;", "U+FFFE"],
    ["&#xD800;", "U+D800"],
    ["&#1114112;", "&#1114112;"],
  ])("a character reference to a character XML forbids: %s", (reference, shown) => {
    const inRequest = refusal(() => htmlBody(request(`ok ${reference}`)));
    expect(inRequest.message).toBe(
      `the message is not XML (line 4, column ${requestColumn + 3}): ` +
        `character reference "${reference}" to a character XML 1.0 forbids (${shown})`,
    );
    const inResponse = refusal(() => message(response(`ok ${reference}`)));
    expect(inResponse.message).toContain(`the message is not XML (line 4, column ${responseColumn + 3}): `);
  });

  it("a raw NUL (and another C0 control) in a value", () => {
    expect(refusal(() => htmlBody(request("a\u0000b"))).message).toBe(
      `the message is not XML (line 4, column ${requestColumn + 1}): character not allowed in XML U+0000 in text`,
    );
    expect(refusal(() => message(response("\u0008"))).message).toBe(
      `the message is not XML (line 4, column ${responseColumn}): character not allowed in XML U+0008 in text`,
    );
  });

  it("text before the root element", () => {
    expect(refusal(() => message(`junk ${response("x")}`)).message).toBe(
      "the message is not XML (line 1, column 1): text before the root element",
    );
    // After the XML declaration, too (only white space, comments and PIs may come before the root).
    const late = response("x").replace("\n<s:Envelope", "\n\n  ok<s:Envelope");
    expect(refusal(() => message(late)).message).toBe(
      "the message is not XML (line 3, column 3): text before the root element",
    );
  });

  it("a real document type declaration, with its position", () => {
    const doctype = response("x").replace("\n<s:Envelope", '\n<!DOCTYPE s:Envelope [<!ENTITY x "y">]>\n<s:Envelope');
    expect(refusal(() => message(doctype)).message).toBe(
      "the message is not XML (line 2, column 1): DOCTYPE declarations are refused (no DTDs or entity expansion)",
    );
  });

  it("still reads the same messages without the fault", () => {
    expect(htmlBody(request("ok &#9;&#xA;&#x10FFFF;&#xFFFD;"))).toBe("ok \t\n\u{10FFFF}\ufffd");
    expect(message(response("ok"))).toBe("ok");
  });
});

describe("markup that only looks like a DTD is a value, not a refusal (issue 15 item 12)", () => {
  it("CDATA holding <!DOCTYPE html>", () => {
    const html = "<!DOCTYPE html><html><body><p>Hi &amp; bye</p></body></html>";
    expect(htmlBody(request(`<![CDATA[${html}]]>`))).toBe(html);
    expect(message(response(`<![CDATA[${html}]]>`))).toBe(html);
  });

  it("escaped text holding <!DOCTYPE html>, and a lowercase <!doctype", () => {
    expect(htmlBody(request("&lt;!DOCTYPE html>&lt;p>x&lt;/p>"))).toBe("<!DOCTYPE html><p>x</p>");
    expect(message(response("&lt;!doctype html&gt;"))).toBe("<!doctype html>");
  });

  it("a comment holding <!DOCTYPE", () => {
    expect(htmlBody(request("a<!-- <!DOCTYPE html> -->b"))).toBe("ab");
  });
});

describe("what the encoder writes comes back exactly (issue 15 item 11)", () => {
  const text = "line one\r\nline two\rline three\n\ttabbed & <b>bold</b> ]]> \"quoted\" 'it'";

  it("a CR is written as &#13; and decodes as CR, in a request and in a response header", () => {
    const encoded = encodeRequest(batchReply, [{ HtmlBody: text }]).body;
    expect(encoded).toContain(
      "<ns1:HtmlBody>line one&#13;\nline two&#13;line three\n\ttabbed &amp; &lt;b&gt;bold&lt;/b&gt; ]]&gt; " +
        "\"quoted\" 'it'</ns1:HtmlBody>",
    );
    expect(encoded).not.toContain("\r");
    expect(htmlBody(encoded)).toBe(text);
    const reply = encodeResponse(batchReply, 0, { ExceptionInfo: { Message: text } }).body;
    expect(message(reply)).toBe(text);
  });

  it("a character XML 1.0 cannot carry is refused with the element path, not written", () => {
    const port = metadata.ports[PORT]!;
    expect(() => encodeFault(port, { code: "server", reason: "bad \u0001 reason" })).toThrowError(
      /^soap:Envelope\/soap:Body\/soap:Fault\/faultstring: U\+0001 at index 4 cannot be written in XML 1\.0/,
    );
    expect(() => encodeRequest(batchReply, [{ HtmlBody: "a\ud800" }])).toThrowError(SoapCodecError);
    // text as well as attribute values: the element path, the code point and its index (issue 13)
    expect(() => encodeRequest(batchReply, [{ HtmlBody: "a\ud800" }])).toThrowError(
      /^soap:Envelope\/soap:Body\/ns1:BatchReply\/ns1:BatchReplyData\/ns1:HtmlBody: U\+D800 at index 1 cannot be written in XML 1\.0/,
    );
    expect(() => encodeResponse(batchReply, 0, { ExceptionInfo: { Message: "ok\u0001" } })).toThrowError(
      /^soap:Envelope\/soap:Header\/ns1:ExceptionInfo\/ns1:Message: U\+0001 at index 2 cannot be written in XML 1\.0/,
    );
  });
});
