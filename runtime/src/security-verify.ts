/**
 * WS-Security UsernameToken, the receiving side: {@link verifyUsernameToken} checks a received `wsse:Security`
 * header against a {@link UsernameTokenPolicy} (password lookup, allowed password types, a window on Created,
 * replayed nonces through a {@link NonceCache}).
 */
import type { XmlNode } from "./xml.js";
import { base64ToBytes, bytesToBase64, secretsEqual } from "./security-bytes.js";
import {
  BASE64_BINARY_ENCODING,
  formatUtcDateTime,
  PASSWORD_DIGEST_TYPE,
  PASSWORD_TEXT_TYPE,
  passwordDigest,
  WSSE_NS,
  WSU_NS,
  type PasswordType,
} from "./security-username-token.js";

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
