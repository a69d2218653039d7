/**
 * generator/runtime/security.ts: HTTP Basic/Bearer, and WS-Security UsernameToken built on the client side.
 * Digests are checked against node:crypto, computed independently here.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { AnyElement } from "../../generator/runtime/metadata.js";
import {
  BASE64_BINARY_ENCODING,
  httpAuthorization,
  PASSWORD_DIGEST_TYPE,
  PASSWORD_TEXT_TYPE,
  passwordDigest,
  usernameTokenHeader,
  WSSE_NS,
  WSU_NS,
  type UsernameTokenOptions,
} from "../../generator/runtime/security.js";

const SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP12 = "http://www.w3.org/2003/05/soap-envelope";

const NONCE = Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 11) & 0xff);
const NOW = new Date("2024-05-01T12:00:00.000Z");
const CREATED = "2024-05-01T12:00:00.000Z";
const PASSWORD = "pässwörd €";

/** Base64(SHA-1(nonce + created + password)) with node:crypto, as the profile defines it. */
function nodeDigest(nonce: Uint8Array, created: string, password: string): string {
  return createHash("sha1")
    .update(Buffer.concat([nonce, Buffer.from(created, "utf8"), Buffer.from(password, "utf8")]))
    .digest("base64");
}

function child(el: AnyElement, ns: string, name: string): AnyElement {
  const found = (el.children ?? []).filter((c) => c.ns === ns && c.name === name);
  expect(found, `{${ns}}${name} under ${el.name}`).toHaveLength(1);
  return found[0]!;
}

// ------------------------------------------------------------------ the client side

describe("PasswordDigest", () => {
  it("is Base64(SHA-1(nonce bytes + created + password)), UTF-8, as node:crypto computes it", async () => {
    const digest = await passwordDigest(NONCE, CREATED, PASSWORD);
    expect(digest).toBe(nodeDigest(NONCE, CREATED, PASSWORD));
    expect(digest).not.toBe(nodeDigest(NONCE, CREATED, "passwörd €")); // the vector is sensitive to the password
    expect(Buffer.from(digest, "base64")).toHaveLength(20);
  });

  it("is what the header carries, with the nonce and Created it was computed from", async () => {
    const header = await usernameTokenHeader(
      { username: "alice", password: PASSWORD, passwordType: "PasswordDigest" },
      NOW,
      () => NONCE,
    );
    const token = child(header, WSSE_NS, "UsernameToken");
    expect(child(token, WSSE_NS, "Password").text).toBe(nodeDigest(NONCE, CREATED, PASSWORD));
    expect(child(token, WSSE_NS, "Nonce").text).toBe(Buffer.from(NONCE).toString("base64"));
    expect(child(token, WSU_NS, "Created").text).toBe(CREATED);
  });
});

describe("usernameTokenHeader", () => {
  it("builds wsse:Security > UsernameToken with the profile's names, namespaces and URIs (digest)", async () => {
    const header = await usernameTokenHeader(
      { username: "alice", password: PASSWORD, passwordType: "PasswordDigest" },
      NOW,
      () => NONCE,
    );
    expect(header).toMatchObject({ name: "Security", ns: WSSE_NS });
    const token = child(header, WSSE_NS, "UsernameToken");
    expect(token.children!.map((c) => `{${c.ns}}${c.name}`)).toEqual([
      `{${WSSE_NS}}Username`,
      `{${WSSE_NS}}Password`,
      `{${WSSE_NS}}Nonce`,
      `{${WSU_NS}}Created`,
    ]);
    expect(child(token, WSSE_NS, "Username").text).toBe("alice");
    expect(child(token, WSSE_NS, "Password").attributes).toEqual({ Type: PASSWORD_DIGEST_TYPE });
    expect(PASSWORD_DIGEST_TYPE).toBe(
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest",
    );
    expect(child(token, WSSE_NS, "Nonce").attributes).toEqual({ EncodingType: BASE64_BINARY_ENCODING });
    expect(BASE64_BINARY_ENCODING).toBe(
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary",
    );
    expect(WSSE_NS).toBe("http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd");
    expect(WSU_NS).toBe("http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd");
  });

  it("sends a PasswordText as it is, without Nonce and Created unless asked", async () => {
    const plain = child(
      await usernameTokenHeader({ username: "alice", password: PASSWORD }, NOW),
      WSSE_NS,
      "UsernameToken",
    );
    expect(plain.children!.map((c) => c.name)).toEqual(["Username", "Password"]);
    expect(child(plain, WSSE_NS, "Password")).toEqual({
      name: "Password",
      ns: WSSE_NS,
      text: PASSWORD,
      attributes: { Type: PASSWORD_TEXT_TYPE },
    });
    expect(PASSWORD_TEXT_TYPE).toBe(
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText",
    );
    const withNonce = await usernameTokenHeader(
      { username: "alice", password: PASSWORD, nonce: true },
      NOW,
      () => NONCE,
    );
    const token = child(withNonce, WSSE_NS, "UsernameToken");
    expect(token.children!.map((c) => c.name)).toEqual(["Username", "Password", "Nonce", "Created"]);
    expect(child(token, WSSE_NS, "Password").text).toBe(PASSWORD);
  });

  it("marks the header mustUnderstand per SOAP version: 1 for SOAP 1.1 (the default), true for SOAP 1.2", async () => {
    const options = { username: "alice", password: "x" };
    expect((await usernameTokenHeader(options, NOW)).attributes).toEqual({ [`{${SOAP11}}mustUnderstand`]: "1" });
    expect((await usernameTokenHeader({ ...options, soapVersion: "1.1" }, NOW)).attributes).toEqual({
      [`{${SOAP11}}mustUnderstand`]: "1",
    });
    expect((await usernameTokenHeader({ ...options, soapVersion: "1.2" }, NOW)).attributes).toEqual({
      [`{${SOAP12}}mustUnderstand`]: "true",
    });
    expect((await usernameTokenHeader({ ...options, mustUnderstand: false }, NOW)).attributes).toBeUndefined();
  });

  it("adds a wsu:Timestamp first, Expires = Created + lifetime, times as YYYY-MM-DDThh:mm:ss.sssZ", async () => {
    const at = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6));
    const header = await usernameTokenHeader(
      { username: "alice", password: "x", passwordType: "PasswordDigest", timestamp: { lifetimeSeconds: 90 } },
      at,
    );
    expect(header.children!.map((c) => `{${c.ns}}${c.name}`)).toEqual([
      `{${WSU_NS}}Timestamp`,
      `{${WSSE_NS}}UsernameToken`,
    ]);
    const timestamp = child(header, WSU_NS, "Timestamp");
    expect(child(timestamp, WSU_NS, "Created").text).toBe("2024-01-02T03:04:05.006Z");
    expect(child(timestamp, WSU_NS, "Expires").text).toBe("2024-01-02T03:05:35.006Z");
    const created = child(child(header, WSSE_NS, "UsernameToken"), WSU_NS, "Created").text!;
    expect(created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const defaultLifetime = child(
      await usernameTokenHeader({ username: "a", password: "x", timestamp: {} }, at),
      WSU_NS,
      "Timestamp",
    );
    expect(child(defaultLifetime, WSU_NS, "Expires").text).toBe("2024-01-02T03:09:05.006Z");
  });

  it("draws a fresh 16-byte nonce from Web Crypto for every header", async () => {
    const options: UsernameTokenOptions = { username: "alice", password: "x", passwordType: "PasswordDigest" };
    const nonces = await Promise.all(
      [1, 2, 3].map(
        async () => child(child(await usernameTokenHeader(options), WSSE_NS, "UsernameToken"), WSSE_NS, "Nonce").text!,
      ),
    );
    expect(new Set(nonces).size).toBe(3);
    for (const n of nonces) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });
});

// ------------------------------------------------------------------ HTTP authentication

describe("HTTP authentication", () => {
  it("encodes Basic credentials as UTF-8 (RFC 7617's examples)", async () => {
    expect(await httpAuthorization({ type: "basic", username: "Aladdin", password: "open sesame" })).toBe(
      "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
    );
    const value = await httpAuthorization({ type: "basic", username: "test", password: "123£" });
    expect(value).toBe("Basic dGVzdDoxMjPCow==");
    expect(value).toBe(`Basic ${Buffer.from("test:123£", "utf8").toString("base64")}`);
  });

  it("refuses a Basic username with a colon", async () => {
    await expect(httpAuthorization({ type: "basic", username: "a:b", password: "x" })).rejects.toThrow(
      /cannot contain ':'/,
    );
  });

  it("takes a Bearer token from a value, or from a function called for every request", async () => {
    expect(await httpAuthorization({ type: "bearer", token: "abc.def-123" })).toBe("Bearer abc.def-123");
    let calls = 0;
    const auth = { type: "bearer" as const, token: async () => `token-${++calls}` };
    expect(await httpAuthorization(auth)).toBe("Bearer token-1");
    expect(await httpAuthorization(auth)).toBe("Bearer token-2");
    expect(calls).toBe(2);
  });

  it("refuses a Bearer token that is empty or would break the HTTP header", async () => {
    await expect(httpAuthorization({ type: "bearer", token: () => "" })).rejects.toThrow(TypeError);
    await expect(httpAuthorization({ type: "bearer", token: "abc\r\nX-Injected: 1" })).rejects.toThrow(TypeError);
  });
});

describe("security.ts runs where fetch runs", () => {
  it("imports no node: module, and only types from the rest of the runtime", () => {
    const source = readFileSync(new URL("../../generator/runtime/security.ts", import.meta.url), "utf8");
    const imports = source.match(/^import[^;]*;/gm) ?? [];
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toMatch(/^import type \{[^}]*\} from "\.\/[a-z-]+\.js";$/);
    expect(source).not.toMatch(/from "node:|require\(|import\(/);
  });
});
