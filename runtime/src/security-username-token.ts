/**
 * WS-Security UsernameToken, the sending side (OASIS Web Services Security UsernameToken Profile 1.0/1.1):
 * {@link usernameTokenHeader} builds the `wsse:Security` header element, PasswordText or PasswordDigest, with Nonce
 * and Created, and an optional `wsu:Timestamp`. Also the specifications' names, which the receiving side
 * (security-verify.ts) shares.
 */
import type { AnyElement } from "./metadata.js";
import { SOAP11_ENV, SOAP12_ENV } from "./namespaces.js";
import { bytesToBase64, concatBytes, sha, utf8 } from "./security-bytes.js";

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
        ? { [`{${SOAP12_ENV}}mustUnderstand`]: "true" }
        : { [`{${SOAP11_ENV}}mustUnderstand`]: "1" };
  }
  return security;
}

function wsse(name: string, text: string): AnyElement {
  return { name, ns: WSSE_NS, text };
}
function wsu(name: string, text: string): AnyElement {
  return { name, ns: WSU_NS, text };
}
