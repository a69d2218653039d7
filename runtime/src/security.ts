/**
 * Authentication for SOAP calls, both sides of the wire, as small pure functions that the client and the server
 * handler wire in. One module per concern, all re-exported here:
 *
 * - security-http.ts: HTTP authentication. {@link httpAuthorization} makes the `Authorization` header value for
 *   Basic (RFC 7617) or Bearer (RFC 6750) credentials; {@link parseAuthorization} reads one back on the server.
 * - security-username-token.ts: WS-Security UsernameToken (OASIS Web Services Security UsernameToken Profile
 *   1.0/1.1), sending side. {@link usernameTokenHeader} builds the `wsse:Security` header element (PasswordText
 *   or PasswordDigest, with Nonce and Created, an optional `wsu:Timestamp`).
 * - security-verify.ts: the receiving side. {@link verifyUsernameToken} checks a received header against a
 *   {@link UsernameTokenPolicy} (password lookup, allowed password types, a window on Created, replayed nonces
 *   through a {@link NonceCache}).
 * - security-bytes.ts: UTF-8, SHA digests, base64, {@link secretsEqual}.
 *
 * These modules run wherever `fetch` does (browsers, edge workers, Deno, Bun, Node): they import no `node:` module
 * and use only Web Crypto (`globalThis.crypto`), `TextEncoder`/`TextDecoder` and `btoa`/`atob`. They import only
 * types from the rest of the runtime.
 */
export { secretsEqual } from "./security-bytes.js";
export * from "./security-http.js";
export * from "./security-username-token.js";
export * from "./security-verify.js";
