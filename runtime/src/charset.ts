/**
 * The text of an XML message body from its bytes and its `Content-Type`, for the client (responses) and the server
 * handler (requests). The encoding is chosen as RFC 7303 (XML media types) orders it: a byte order mark, else the
 * `charset` parameter, else the XML declaration's `encoding` (UTF-16 without a BOM is recognised by how `<?xml`
 * looks), else UTF-8. Any encoding `TextDecoder` knows works (UTF-8, UTF-16LE/BE, ISO-8859-1, windows-1252, …).
 * Decoding is fatal: bytes that are invalid in the encoding are an error, never U+FFFD.
 *
 * No `node:` module: it runs wherever `fetch` does.
 */

/** Why a body could not be turned into text: an encoding `TextDecoder` does not know, or bytes invalid in it. */
export class BodyDecodingError extends Error {
  constructor(
    message: string,
    readonly kind: "unknown-charset" | "invalid-bytes",
    /** The encoding label that was used or asked for. */
    readonly charset: string,
  ) {
    super(message);
    this.name = "BodyDecodingError";
  }
}

/** The media type of a `Content-Type` value, lower-cased, without parameters (`""` when there is none). */
export function mediaTypeOf(contentType: string | null | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Whether a media type is XML: `text/xml`, `application/xml` or any `…/…+xml` (`application/soap+xml`). */
export function isXmlMediaType(mediaType: string): boolean {
  return (
    mediaType === "text/xml" || mediaType === "application/xml" || /^[a-z0-9.+-]+\/[a-z0-9.+-]+\+xml$/.test(mediaType)
  );
}

/** The `charset` parameter of a `Content-Type` value (quotes removed), or undefined. */
export function charsetOf(contentType: string | null | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? "");
  const value = (m?.[1] ?? m?.[2])?.trim();
  return value ? value : undefined;
}

/** Where the encoding came from, for messages. */
type Source = "byte order mark" | "Content-Type charset" | "XML declaration" | "default";

/** The encoding of an XML body and what decided it. */
export function detectXmlEncoding(
  bytes: Uint8Array,
  contentType: string | null | undefined,
): { charset: string; source: Source } {
  const [b0, b1, b2] = [bytes[0], bytes[1], bytes[2]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { charset: "utf-8", source: "byte order mark" };
  if (b0 === 0xff && b1 === 0xfe) return { charset: "utf-16le", source: "byte order mark" };
  if (b0 === 0xfe && b1 === 0xff) return { charset: "utf-16be", source: "byte order mark" };
  const declared = charsetOf(contentType);
  if (declared !== undefined) return { charset: declared, source: "Content-Type charset" };
  // `<?` in UTF-16 without a BOM (XML 1.0 Appendix F): the declaration then says UTF-16, whichever byte order.
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x3f) return { charset: "utf-16le", source: "XML declaration" };
  if (b0 === 0x00 && b1 === 0x3c && bytes[3] === 0x3f) return { charset: "utf-16be", source: "XML declaration" };
  const head = String.fromCharCode(...bytes.subarray(0, 256));
  const encoding = /^<\?xml\s[^>]*?\bencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(head);
  const named = encoding?.[1] ?? encoding?.[2];
  if (named !== undefined) return { charset: named.trim(), source: "XML declaration" };
  return { charset: "utf-8", source: "default" };
}

/**
 * Decodes an XML message body. Throws {@link BodyDecodingError} for an encoding `TextDecoder` does not know, for
 * bytes invalid in the encoding, and for a UTF-16 encoding declared on bytes that are not UTF-16.
 */
export function decodeXmlBody(bytes: Uint8Array, contentType: string | null | undefined): string {
  const { charset, source } = detectXmlEncoding(bytes, contentType);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new BodyDecodingError(
      `unknown charset ${JSON.stringify(charset)} (from the ${source}): no decoder for it here`,
      "unknown-charset",
      charset,
    );
  }
  if (decoder.encoding.startsWith("utf-16") && source !== "byte order mark" && bytes[0] === 0x3c && bytes[1] !== 0x00) {
    throw new BodyDecodingError(`the ${source} says ${charset}, but the body is not UTF-16`, "invalid-bytes", charset);
  }
  if (decoder.encoding === "windows-1252") return decodeWindows1252(bytes);
  try {
    return decoder.decode(bytes);
  } catch {
    throw new BodyDecodingError(
      `the body is not valid ${decoder.encoding} (the encoding from the ${source}): it holds bytes that encoding forbids`,
      "invalid-bytes",
      charset,
    );
  }
}

/**
 * What the WHATWG Encoding Standard's windows-1252 (also the encoding of the `iso-8859-1`, `latin1` and `us-ascii`
 * labels) maps the bytes 0x80–0x9F to; every other byte is the code point of the same number.
 */
const WINDOWS_1252_HIGH =
  "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
  "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

/**
 * windows-1252 decoded by the table above rather than by `TextDecoder`: Node 20.18.3 and later (and 22.13.0 and
 * later) decode it as ISO-8859-1, turning `€`, `–` and curly quotes into C1 control characters (nodejs/node#60888).
 * Every byte has a character, so nothing can be invalid.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 0x2000) {
    const codes = Array.from(bytes.subarray(i, i + 0x2000), (b) =>
      b >= 0x80 && b <= 0x9f ? WINDOWS_1252_HIGH.charCodeAt(b - 0x80) : b,
    );
    out += String.fromCharCode(...codes);
  }
  return out;
}

/** As much of a body as is readable, for error messages: decoded leniently (U+FFFD for bad bytes), at most 500 characters. */
export function bodyExcerpt(bytes: Uint8Array, contentType: string | null | undefined): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charsetOf(contentType) ?? "utf-8");
  } catch {
    decoder = new TextDecoder();
  }
  return decoder.decode(bytes.subarray(0, 2000)).slice(0, 500);
}
