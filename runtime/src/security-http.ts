/**
 * HTTP authentication: {@link httpAuthorization} makes the `Authorization` header value for Basic (RFC 7617) or
 * Bearer (RFC 6750) credentials on the client; {@link parseAuthorization} reads one back on the server.
 */
import { base64ToBytes, bytesToBase64, utf8 } from "./security-bytes.js";

/** HTTP Basic credentials (RFC 7617). */
export interface BasicAuth {
  type: "basic";
  /** Must not contain `:` (RFC 7617 §2). */
  username: string;
  password: string;
}

/** HTTP Bearer credentials (RFC 6750). */
export interface BearerAuth {
  type: "bearer";
  /** The token, or a function called for every request (so an expiring token can be refreshed). */
  token: string | (() => string | Promise<string>);
}

/** The HTTP authentication a client sends with every request. */
export type HttpAuth = BasicAuth | BearerAuth;

/** Credentials read from a request's `Authorization` header ({@link parseAuthorization}). */
export type HttpCredentials = BasicAuth | { type: "bearer"; token: string };

/**
 * The `Authorization` header value for `auth`: `Basic base64(utf8(username ":" password))` (RFC 7617, with the
 * `charset="UTF-8"` encoding, so any password works) or `Bearer <token>`, the token taken from its function, when
 * it is one, on every call. Rejects (TypeError) a Basic username with `:` and a token that is empty or holds
 * anything but visible ASCII (a line break would split the HTTP header).
 */
export async function httpAuthorization(auth: HttpAuth): Promise<string> {
  if (auth.type === "basic") {
    if (auth.username.includes(":")) throw new TypeError("an HTTP Basic username cannot contain ':' (RFC 7617)");
    return `Basic ${bytesToBase64(utf8(`${auth.username}:${auth.password}`))}`;
  }
  if (auth.type === "bearer") {
    const token = typeof auth.token === "function" ? await auth.token() : auth.token;
    if (typeof token !== "string" || !/^[\x21-\x7e]+$/.test(token)) {
      throw new TypeError("a Bearer token must be a non-empty string of visible ASCII characters");
    }
    return `Bearer ${token}`;
  }
  throw new TypeError(`unknown HTTP authentication type ${JSON.stringify((auth as { type?: unknown }).type)}`);
}

/**
 * Reads Basic or Bearer credentials from an `Authorization` header value (the scheme is case-insensitive; a
 * Basic user-pass is decoded as UTF-8). Undefined when the header is absent, uses another scheme or is malformed.
 */
export function parseAuthorization(header: string | undefined): HttpCredentials | undefined {
  const match = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s+(\S+)\s*$/.exec(header ?? "");
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  const value = match[2]!;
  if (scheme === "bearer") return { type: "bearer", token: value };
  if (scheme !== "basic") return undefined;
  const bytes = base64ToBytes(value);
  if (!bytes) return undefined;
  let userPass: string;
  try {
    userPass = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const colon = userPass.indexOf(":");
  if (colon === -1) return undefined;
  return { type: "basic", username: userPass.slice(0, colon), password: userPass.slice(colon + 1) };
}
