/**
 * Authentication for SOAP calls, both sides of the wire, as small pure functions for the client and the server
 * handler to wire in:
 *
 * - HTTP authentication: {@link httpAuthorization} makes the `Authorization` header value for Basic (RFC 7617) or
 *   Bearer (RFC 6750) credentials; {@link parseAuthorization} reads one back on the server.
 * - WS-Security UsernameToken (OASIS Web Services Security UsernameToken Profile 1.0/1.1):
 *   {@link usernameTokenHeader} builds the `wsse:Security` header element (PasswordText or PasswordDigest, with
 *   Nonce and Created, an optional `wsu:Timestamp`); {@link verifyUsernameToken} checks a received one against a
 *   {@link UsernameTokenPolicy} (password lookup, allowed password types, a window on Created, replayed nonces
 *   through a {@link NonceCache}).
 *
 * This module runs wherever `fetch` does (browsers, edge workers, Deno, Bun, Node): it imports no `node:` module
 * and uses only Web Crypto (`globalThis.crypto`), `TextEncoder`/`TextDecoder` and `btoa`/`atob`. It imports only
 * types from the rest of the runtime.
 */
import type { AnyElement } from "./metadata.js";
import type { XmlNode } from "./xml.js";

// ------------------------------------------------------------------ names of the specifications

/** WS-Security 1.0 extension namespace (`wsse`): `Security`, `UsernameToken`, `Username`, `Password`, `Nonce`. */
export const WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
/** WS-Security 1.0 utility namespace (`wsu`): `Created`, `Timestamp`, `Expires`, `MessageExpired`. */
export const WSU_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
const USERNAME_TOKEN_PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0";
/** `wsse:Password/@Type` of a password sent as it is. */
export const PASSWORD_TEXT_TYPE = `${USERNAME_TOKEN_PROFILE}#PasswordText`;
/** `wsse:Password/@Type` of a password sent as Base64(SHA-1(nonce + created + password)). */
export const PASSWORD_DIGEST_TYPE = `${USERNAME_TOKEN_PROFILE}#PasswordDigest`;
/** `wsse:Nonce/@EncodingType` of a base64 nonce (also what an absent EncodingType means). */
export const BASE64_BINARY_ENCODING =
  "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

// Kept private: the codec exports the same URIs, and the runtime's index re-exports both modules.
const SOAP11_ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP12_ENVELOPE = "http://www.w3.org/2003/05/soap-envelope";

// ------------------------------------------------------------------ HTTP authentication

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

/**
 * Whether two secrets are equal, in time that depends on neither their content nor their lengths: both are
 * hashed (SHA-256) and the hashes compared byte by byte without stopping early. For checking passwords and tokens.
 */
export async function secretsEqual(received: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha("SHA-256", utf8(received)), sha("SHA-256", utf8(expected))]);
  return bytesEqual(a, b);
}

// ------------------------------------------------------------------ WS-Security UsernameToken: the client side

/** How a UsernameToken carries the password: as it is, or as a digest with a nonce and a creation time. */
export type PasswordType = "PasswordText" | "PasswordDigest";

/** What {@link usernameTokenHeader} puts in the `wsse:Security` header. */
export interface UsernameTokenOptions {
  username: string;
  password: string;
  /**
   * `PasswordText` (the default, as in the profile; WCF's `UserNameOverTransport` accepts only this, so send it
   * over HTTPS) or `PasswordDigest` (Base64(SHA-1(nonce + created + password)); always with Nonce and Created).
   */
  passwordType?: PasswordType;
  /**
   * Also send `wsse:Nonce` and `wsu:Created` with a PasswordText (a receiver can then refuse replays). A
   * PasswordDigest always has them. Default false.
   */
  nonce?: boolean;
  /** Add a `wsu:Timestamp` (Created now, Expires after `lifetimeSeconds`, 300 unless set) before the token. */
  timestamp?: { lifetimeSeconds?: number };
  /**
   * The SOAP version of the envelope the header goes into (the port's `soapVersion`): it decides the namespace and
   * value of `mustUnderstand`. Default `"1.1"`.
   */
  soapVersion?: "1.1" | "1.2";
  /**
   * Mark `wsse:Security` as mandatory (`mustUnderstand`): `"1"` in the SOAP 1.1 envelope namespace, `"true"` (the
   * canonical xs:boolean, which SOAP 1.2 asks senders to use) in SOAP 1.2's. Default true: WCF and most WS-Security
   * stacks expect the header marked, and a receiver that cannot check it then faults instead of ignoring it.
   */
  mustUnderstand?: boolean;
}

/** 16 random bytes from Web Crypto: the nonce of a UsernameToken unless the caller supplies its own source. */
export function randomNonceBytes(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(16));
}

/** An instant as the profile's examples and WCF write it: `YYYY-MM-DDThh:mm:ss.sssZ` (UTC, milliseconds). */
export function formatUtcDateTime(instant: Date): string {
  return instant.toISOString();
}

/**
 * The PasswordDigest of the UsernameToken Profile: Base64(SHA-1(nonce + created + password)), where `nonce` is the
 * nonce's bytes (decoded, not its base64 text) and `created` and `password` are UTF-8 encoded.
 */
export async function passwordDigest(nonce: Uint8Array, created: string, password: string): Promise<string> {
  return bytesToBase64(await sha("SHA-1", concatBytes(nonce, utf8(created), utf8(password))));
}

/**
 * The `wsse:Security` header element carrying a UsernameToken, in the runtime's {@link AnyElement} shape (put it in
 * the envelope's Header as it is). Children in order: the optional `wsu:Timestamp` (Created, Expires), then
 * `wsse:UsernameToken` with `wsse:Username`, `wsse:Password` (with its Type URI) and, for a digest or with
 * `nonce`, `wsse:Nonce` (base64, with its EncodingType) and `wsu:Created`.
 *
 * `now` and `randomNonce` are there for tests; a call builds a fresh nonce and time, so build the header per
 * request.
 */
export async function usernameTokenHeader(
  options: UsernameTokenOptions,
  now: Date = new Date(),
  randomNonce: () => Uint8Array = randomNonceBytes,
): Promise<AnyElement> {
  const passwordType = options.passwordType ?? "PasswordText";
  if (passwordType !== "PasswordText" && passwordType !== "PasswordDigest") {
    throw new TypeError(`unknown UsernameToken password type ${JSON.stringify(passwordType)}`);
  }
  const created = formatUtcDateTime(now);
  const withNonce = passwordType === "PasswordDigest" || options.nonce === true;
  const nonce = withNonce ? randomNonce() : undefined;
  const passwordText =
    passwordType === "PasswordDigest" ? await passwordDigest(nonce!, created, options.password) : options.password;

  const token: AnyElement[] = [
    wsse("Username", options.username),
    {
      ...wsse("Password", passwordText),
      attributes: { Type: passwordType === "PasswordDigest" ? PASSWORD_DIGEST_TYPE : PASSWORD_TEXT_TYPE },
    },
  ];
  if (nonce) {
    token.push(
      { ...wsse("Nonce", bytesToBase64(nonce)), attributes: { EncodingType: BASE64_BINARY_ENCODING } },
      wsu("Created", created),
    );
  }
  const children: AnyElement[] = [];
  if (options.timestamp) {
    const lifetimeSeconds = options.timestamp.lifetimeSeconds ?? 300;
    if (!(lifetimeSeconds > 0)) throw new RangeError("a Timestamp lifetime must be a positive number of seconds");
    const expires = formatUtcDateTime(new Date(now.getTime() + lifetimeSeconds * 1000));
    children.push({ name: "Timestamp", ns: WSU_NS, children: [wsu("Created", created), wsu("Expires", expires)] });
  }
  children.push({ name: "UsernameToken", ns: WSSE_NS, children: token });

  const security: AnyElement = { name: "Security", ns: WSSE_NS, children };
  if (options.mustUnderstand ?? true) {
    security.attributes =
      options.soapVersion === "1.2"
        ? { [`{${SOAP12_ENVELOPE}}mustUnderstand`]: "true" }
        : { [`{${SOAP11_ENVELOPE}}mustUnderstand`]: "1" };
  }
  return security;
}

function wsse(name: string, text: string): AnyElement {
  return { name, ns: WSSE_NS, text };
}
function wsu(name: string, text: string): AnyElement {
  return { name, ns: WSU_NS, text };
}

// ------------------------------------------------------------------ WS-Security UsernameToken: the receiving side

/**
 * Remembers the nonces of accepted UsernameTokens until they expire, so that a token sent again is refused. One
 * cache per service (share it across requests). Bounded: when it holds `maxEntries` unexpired nonces, the oldest
 * recorded one is forgotten to make room (a flood of valid tokens should not stop the service; size it above the
 * number of requests you expect in a window of `2 × maxSkewSeconds`).
 */
export class NonceCache {
  readonly maxEntries: number;
  /** Nonce → expiry (ms since the epoch), in the order recorded. */
  private readonly expiries = new Map<string, number>();
  /** No entry expires before this instant, so a sweep before it would find nothing. */
  private earliestExpiry = Infinity;

  constructor(options: { maxEntries?: number } = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    if (!(this.maxEntries >= 1)) throw new RangeError("a NonceCache needs room for at least one nonce");
  }

  /** The number of nonces held (expired ones may linger until the cache is full). */
  get size(): number {
    return this.expiries.size;
  }

  /**
   * Records `nonce` until `expiresAt` (ms since the epoch). False when it is already recorded and not yet expired
   * at `now`: the token is a replay.
   */
  remember(nonce: string, expiresAt: number, now: number): boolean {
    const known = this.expiries.get(nonce);
    if (known !== undefined && known > now) return false;
    this.expiries.delete(nonce);
    if (this.expiries.size >= this.maxEntries) this.evictExpired(now);
    for (const oldest of this.expiries.keys()) {
      if (this.expiries.size < this.maxEntries) break;
      this.expiries.delete(oldest);
    }
    this.expiries.set(nonce, expiresAt);
    this.earliestExpiry = Math.min(this.earliestExpiry, expiresAt);
    return true;
  }

  private evictExpired(now: number): void {
    if (now < this.earliestExpiry) return;
    let earliest = Infinity;
    for (const [nonce, expiresAt] of this.expiries) {
      if (expiresAt <= now) this.expiries.delete(nonce);
      else earliest = Math.min(earliest, expiresAt);
    }
    this.earliestExpiry = earliest;
  }
}

/** What a receiver accepts ({@link verifyUsernameToken}). */
export interface UsernameTokenPolicy {
  /** The password (or password equivalent) of `username`; undefined for an unknown user. */
  password(username: string): string | undefined | Promise<string | undefined>;
  /** Password types accepted (default both). */
  allow?: PasswordType[];
  /**
   * Allowed clock difference, in seconds (default 300): a UsernameToken's or Timestamp's Created may be at most this
   * old or this far in the future, and a Timestamp counts as expired this long after its Expires.
   */
  maxSkewSeconds?: number;
  /**
   * Where nonces of accepted tokens are remembered (for the window on Created) so a replay is refused. Without
   * one, replays within the window are not detected.
   */
  nonceCache?: NonceCache;
  /** The current time (default `new Date()`); for tests. */
  now?(): Date;
}

/** A WS-Security fault code (SOAP Message Security 1.0 §12), to send as the fault's (sub)code. */
export interface SecurityFaultCode {
  ns: string;
  local:
    "UnsupportedSecurityToken" | "InvalidSecurity" | "InvalidSecurityToken" | "FailedAuthentication" | "MessageExpired";
}

/** The outcome of {@link verifyUsernameToken}. `reason` reads well as a SOAP fault's reason text. */
export type UsernameTokenVerdict =
  { ok: true; username: string } | { ok: false; reason: string; code: SecurityFaultCode };

/** The `wsse:Security` element among a message's header elements (e.g. `parseEnvelope(xml).headers`). */
export function findSecurityHeader(headers: readonly XmlNode[]): XmlNode | undefined {
  return headers.find((h) => h.local === "Security" && h.ns === WSSE_NS);
}

/**
 * Checks the UsernameToken of a received `wsse:Security` header element (undefined: there is none) against
 * `policy`, in this order: the header is there; a `wsu:Timestamp` in it, if any, is current; it holds one
 * UsernameToken, with a Username and a Password; the password type is known and allowed; a PasswordDigest has a Nonce and a Created; Created, if any,
 * is within `maxSkewSeconds` of now; the user is known; the password or digest matches (compared in constant
 * time); the nonce, if any, was not seen before (recorded only once all else passed, so failed attempts cannot
 * fill the cache).
 */
export async function verifyUsernameToken(
  securityHeader: XmlNode | undefined,
  policy: UsernameTokenPolicy,
): Promise<UsernameTokenVerdict> {
  const now = (policy.now?.() ?? new Date()).getTime();
  const skewMs = (policy.maxSkewSeconds ?? 300) * 1000;
  if (!securityHeader) return refuse("InvalidSecurity", "missing token: the message has no wsse:Security header");

  const timestamp = children(securityHeader, WSU_NS, "Timestamp");
  if (timestamp.length > 1) return refuse("InvalidSecurity", "the wsse:Security header has more than one Timestamp");
  if (timestamp[0]) {
    const problem = checkTimestamp(timestamp[0], now, skewMs);
    if (problem) return problem;
  }

  const tokens = children(securityHeader, WSSE_NS, "UsernameToken");
  if (tokens.length === 0)
    return refuse("InvalidSecurity", "missing token: the wsse:Security header has no UsernameToken");
  if (tokens.length > 1) return refuse("InvalidSecurity", "the wsse:Security header has more than one UsernameToken");
  const token = tokens[0]!;

  const usernameElement = single(token, WSSE_NS, "Username");
  const passwordElement = single(token, WSSE_NS, "Password");
  const nonceElement = single(token, WSSE_NS, "Nonce");
  const createdElement = single(token, WSU_NS, "Created");
  if (usernameElement === null || passwordElement === null || nonceElement === null || createdElement === null) {
    return refuse("InvalidSecurityToken", "the UsernameToken repeats one of Username, Password, Nonce or Created");
  }
  if (!usernameElement) return refuse("InvalidSecurityToken", "the UsernameToken has no Username");
  if (!passwordElement) return refuse("InvalidSecurityToken", "the UsernameToken has no Password");
  const username = usernameElement.text;

  const typeUri = passwordElement.attrs["Type"]?.trim() || PASSWORD_TEXT_TYPE;
  const passwordType: PasswordType | undefined =
    typeUri === PASSWORD_TEXT_TYPE ? "PasswordText" : typeUri === PASSWORD_DIGEST_TYPE ? "PasswordDigest" : undefined;
  if (!passwordType) return refuse("UnsupportedSecurityToken", `unsupported password type ${typeUri}`);
  const allowed = policy.allow ?? ["PasswordText", "PasswordDigest"];
  if (!allowed.includes(passwordType)) {
    return refuse(
      "UnsupportedSecurityToken",
      `unsupported password type: ${passwordType} is not accepted here (accepted: ${allowed.join(", ") || "none"})`,
    );
  }

  let nonce: Uint8Array | undefined;
  if (nonceElement) {
    const encoding = nonceElement.attrs["EncodingType"]?.trim() || BASE64_BINARY_ENCODING;
    if (encoding !== BASE64_BINARY_ENCODING) {
      return refuse("UnsupportedSecurityToken", `unsupported Nonce EncodingType ${encoding}`);
    }
    nonce = base64ToBytes(nonceElement.text.trim());
    if (!nonce || nonce.length === 0) return refuse("InvalidSecurityToken", "the UsernameToken's Nonce is not base64");
  }
  const created = createdElement?.text.trim();
  if (passwordType === "PasswordDigest" && (!nonce || created === undefined)) {
    return refuse("InvalidSecurityToken", "a PasswordDigest needs a Nonce and a Created in its UsernameToken");
  }
  let createdAt: number | undefined;
  if (created !== undefined) {
    createdAt = parseDateTime(created);
    if (createdAt === undefined) {
      return refuse(
        "InvalidSecurityToken",
        `the UsernameToken's Created is not a date-time with a time zone: ${created}`,
      );
    }
    const problem = checkCreated("the UsernameToken", createdAt, now, skewMs);
    if (problem) return problem;
  }

  const expected = await policy.password(username);
  // An unknown user is checked against an empty password too, so response times do not tell which users exist.
  const matches =
    passwordType === "PasswordDigest"
      ? await secretsEqual(passwordElement.text.trim(), await passwordDigest(nonce!, created!, expected ?? ""))
      : await secretsEqual(passwordElement.text, expected ?? "");
  if (expected === undefined) return refuse("FailedAuthentication", `unknown user ${JSON.stringify(username)}`);
  if (!matches) return refuse("FailedAuthentication", `wrong password for user ${JSON.stringify(username)}`);

  if (nonce && policy.nonceCache) {
    // Remembered as long as the token could pass the window on Created (from now, for a token without Created),
    // keyed by the nonce's canonical base64 so that another spelling of the same bytes is the same nonce.
    const expiresAt = (createdAt ?? now) + skewMs;
    if (!policy.nonceCache.remember(bytesToBase64(nonce), expiresAt, now)) {
      return refuse("FailedAuthentication", "replayed nonce: this UsernameToken was already used");
    }
  }
  return { ok: true, username };
}

function refuse(local: SecurityFaultCode["local"], reason: string): UsernameTokenVerdict {
  return { ok: false, reason, code: { ns: local === "MessageExpired" ? WSU_NS : WSSE_NS, local } };
}

function checkTimestamp(timestamp: XmlNode, now: number, skewMs: number): UsernameTokenVerdict | undefined {
  const createdElement = single(timestamp, WSU_NS, "Created");
  const expiresElement = single(timestamp, WSU_NS, "Expires");
  if (createdElement === null || expiresElement === null) {
    return refuse("InvalidSecurity", "the Timestamp repeats Created or Expires");
  }
  let createdAt: number | undefined;
  if (createdElement) {
    createdAt = parseDateTime(createdElement.text.trim());
    if (createdAt === undefined)
      return refuse("InvalidSecurity", "the Timestamp's Created is not a date-time with a time zone");
    if (createdAt - now > skewMs) return refuse("InvalidSecurity", inFuture("the Timestamp", createdAt, now, skewMs));
  }
  if (expiresElement) {
    const expiresAt = parseDateTime(expiresElement.text.trim());
    if (expiresAt === undefined)
      return refuse("InvalidSecurity", "the Timestamp's Expires is not a date-time with a time zone");
    if (createdAt !== undefined && expiresAt < createdAt)
      return refuse("InvalidSecurity", "the Timestamp expires before it was created");
    if (now - expiresAt >= skewMs) {
      return refuse(
        "MessageExpired",
        `expired Timestamp: the message expired at ${formatUtcDateTime(new Date(expiresAt))}`,
      );
    }
  }
  return undefined;
}

function checkCreated(what: string, createdAt: number, now: number, skewMs: number): UsernameTokenVerdict | undefined {
  if (now - createdAt > skewMs) {
    return refuse(
      "MessageExpired",
      `stale Created: ${what} was created ${Math.round((now - createdAt) / 1000)} s ago, ` +
        `more than the ${skewMs / 1000} s allowed`,
    );
  }
  if (createdAt - now > skewMs) return refuse("InvalidSecurityToken", inFuture(what, createdAt, now, skewMs));
  return undefined;
}

function inFuture(what: string, createdAt: number, now: number, skewMs: number): string {
  return (
    `future Created: ${what} claims to be created ${Math.round((createdAt - now) / 1000)} s from now, ` +
    `more than the ${skewMs / 1000} s of clock difference allowed`
  );
}

/** The child elements `{ns}local` of `parent`. */
function children(parent: XmlNode, ns: string, local: string): XmlNode[] {
  return parent.children.filter((c) => c.local === local && c.ns === ns);
}

/** The one child `{ns}local`: undefined when absent, null when repeated. */
function single(parent: XmlNode, ns: string, local: string): XmlNode | undefined | null {
  const found = children(parent, ns, local);
  return found.length > 1 ? null : found[0];
}

/**
 * An xs:dateTime with a time zone (`Z` or `±hh:mm`; fractions of a second beyond milliseconds are dropped) as
 * ms since the epoch. Undefined for anything else, including a date-time without a time zone: its instant would
 * depend on where the receiver is.
 */
export function parseDateTime(text: string): number | undefined {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return undefined;
  const field = (group: number) => Number(m[group]);
  const [year, month, day, hour, minute, second] = [field(1), field(2), field(3), field(4), field(5), field(6)];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  if (utc.getUTCDate() !== day) return undefined; // 31 April, 29 February of a common year
  utc.setUTCHours(hour, minute, second, Number((m[7] ?? "").padEnd(3, "0").slice(0, 3)));
  const zone = m[8]!;
  const offsetMinutes =
    zone === "Z" ? 0 : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4)));
  return utc.getTime() - offsetMinutes * 60_000;
}

// ------------------------------------------------------------------ bytes

function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function sha(algorithm: "SHA-1" | "SHA-256", data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest(algorithm, data));
}

/** Equal-length byte arrays compared without stopping at the first difference. */
function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Strict base64 (padding required, no whitespace inside) to bytes; undefined when `text` is not base64. */
function base64ToBytes(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
