/**
 * runtime/src/security*.ts: HTTP Basic/Bearer, and WS-Security UsernameToken built on the client side and
 * verified on the receiving side. Digests are checked against node:crypto, computed independently here.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { WSSecurity } from "soap";
import { describe, expect, it } from "vitest";
import type { AnyElement } from "../../runtime/src/metadata.js";
import {
  BASE64_BINARY_ENCODING,
  findSecurityHeader,
  httpAuthorization,
  NonceCache,
  parseAuthorization,
  parseDateTime,
  PASSWORD_DIGEST_TYPE,
  PASSWORD_TEXT_TYPE,
  passwordDigest,
  secretsEqual,
  usernameTokenHeader,
  verifyUsernameToken,
  WSSE_NS,
  WSU_NS,
  type UsernameTokenOptions,
  type UsernameTokenPolicy,
} from "../../runtime/src/security.js";
import { parseXmlTree, type XmlNode } from "../../runtime/src/xml.js";

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

// ------------------------------------------------------------------ a tiny serializer: AnyElement → XML text

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function namespacesOf(el: AnyElement, into: Set<string>): Set<string> {
  if (el.ns) into.add(el.ns);
  for (const key of Object.keys(el.attributes ?? {})) {
    const m = /^\{([^}]*)\}/.exec(key);
    if (m?.[1]) into.add(m[1]);
  }
  for (const c of el.children ?? []) namespacesOf(c, into);
  return into;
}

function writeElement(el: AnyElement, prefixes: Map<string, string>, declarations = ""): string {
  const qname = el.ns ? `${prefixes.get(el.ns)}:${el.name}` : el.name;
  let attributes = declarations;
  for (const [key, value] of Object.entries(el.attributes ?? {})) {
    const m = /^\{([^}]*)\}(.*)$/.exec(key);
    const name = m ? `${prefixes.get(m[1]!)}:${m[2]}` : key;
    attributes += ` ${name}="${escapeXml(value)}"`;
  }
  const content = escapeXml(el.text ?? "") + (el.children ?? []).map((c) => writeElement(c, prefixes)).join("");
  return `<${qname}${attributes}>${content}</${qname}>`;
}

/** The header inside a SOAP envelope of the given version, as text, then parsed back; returns its Header children. */
function throughXml(header: AnyElement, envelopeNs = SOAP11): XmlNode[] {
  const envelope: AnyElement = {
    name: "Envelope",
    ns: envelopeNs,
    children: [
      { name: "Header", ns: envelopeNs, children: [header] },
      { name: "Body", ns: envelopeNs },
    ],
  };
  const prefixes = new Map([...namespacesOf(envelope, new Set())].map((ns, i) => [ns, `n${i}`]));
  const declarations = [...prefixes].map(([ns, prefix]) => ` xmlns:${prefix}="${ns}"`).join("");
  const root = parseXmlTree(`<?xml version="1.0"?>\n${writeElement(envelope, prefixes, declarations)}`);
  return root.children.find((c) => c.local === "Header")!.children;
}

/** A token built at `createdAt`, sent as XML, and verified at `NOW` (unless the policy says otherwise). */
async function sendAndVerify(
  options: Partial<UsernameTokenOptions>,
  policy: Partial<UsernameTokenPolicy> = {},
  createdAt: Date = NOW,
) {
  const header = await usernameTokenHeader(
    { username: "alice", password: PASSWORD, ...options },
    createdAt,
    () => NONCE,
  );
  return verifyUsernameToken(findSecurityHeader(throughXml(header)), {
    password: (user) => (user === "alice" ? PASSWORD : undefined),
    now: () => NOW,
    ...policy,
  });
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

// ------------------------------------------------------------------ the receiving side

describe("verifyUsernameToken", () => {
  it("accepts a digest and a text token that went through XML text and back, with either SOAP version", async () => {
    expect(await sendAndVerify({ passwordType: "PasswordDigest" })).toEqual({ ok: true, username: "alice" });
    expect(await sendAndVerify({})).toEqual({ ok: true, username: "alice" });
    expect(await sendAndVerify({ passwordType: "PasswordDigest", timestamp: {}, soapVersion: "1.2" })).toEqual({
      ok: true,
      username: "alice",
    });
    const header = await usernameTokenHeader({ username: "bob", password: "pw", soapVersion: "1.2" }, NOW);
    const verdict = await verifyUsernameToken(findSecurityHeader(throughXml(header, SOAP12)), {
      password: (user) => (user === "bob" ? "pw" : undefined),
      now: () => NOW,
    });
    expect(verdict).toEqual({ ok: true, username: "bob" });
  });

  it("accepts a Created within the window either way, with the default window of 300 s", async () => {
    expect((await sendAndVerify({ passwordType: "PasswordDigest" }, {}, new Date(NOW.getTime() - 290_000))).ok).toBe(
      true,
    );
    expect((await sendAndVerify({ passwordType: "PasswordDigest" }, {}, new Date(NOW.getTime() + 290_000))).ok).toBe(
      true,
    );
  });

  it("refuses a wrong password, text or digest", async () => {
    for (const passwordType of ["PasswordText", "PasswordDigest"] as const) {
      const verdict = await sendAndVerify({ passwordType, password: "guess" });
      expect(verdict).toEqual({
        ok: false,
        reason: 'wrong password for user "alice"',
        code: { ns: WSSE_NS, local: "FailedAuthentication" },
      });
    }
  });

  it("refuses an unknown user", async () => {
    const verdict = await sendAndVerify({ username: "mallory", passwordType: "PasswordDigest" });
    expect(verdict).toMatchObject({
      ok: false,
      reason: 'unknown user "mallory"',
      code: { local: "FailedAuthentication" },
    });
  });

  it("refuses a stale Created (older than the window), as MessageExpired", async () => {
    const verdict = await sendAndVerify({ passwordType: "PasswordDigest" }, {}, new Date(NOW.getTime() - 301_000));
    expect(verdict).toEqual({
      ok: false,
      reason: "stale Created: the UsernameToken was created 301 s ago, more than the 300 s allowed",
      code: { ns: WSU_NS, local: "MessageExpired" },
    });
    const narrow = await sendAndVerify(
      { passwordType: "PasswordDigest" },
      { maxSkewSeconds: 60 },
      new Date(NOW.getTime() - 61_000),
    );
    expect(narrow).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^stale Created: .* 61 s ago, more than the 60 s/),
    });
  });

  it("refuses a Created in the future beyond the window", async () => {
    const verdict = await sendAndVerify({ passwordType: "PasswordDigest" }, {}, new Date(NOW.getTime() + 600_000));
    expect(verdict).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^future Created: the UsernameToken claims to be created 600 s from now/),
      code: { ns: WSSE_NS, local: "InvalidSecurityToken" },
    });
  });

  it("refuses a replayed nonce when given a NonceCache, and only after the first use was accepted", async () => {
    const nonceCache = new NonceCache();
    const header = await usernameTokenHeader(
      { username: "alice", password: PASSWORD, passwordType: "PasswordDigest" },
      NOW,
      () => NONCE,
    );
    const policy: UsernameTokenPolicy = {
      password: () => PASSWORD,
      now: () => NOW,
      nonceCache,
    };
    const wrong = { ...policy, password: () => "other" };
    expect((await verifyUsernameToken(findSecurityHeader(throughXml(header)), wrong)).ok).toBe(false);
    expect(nonceCache.size).toBe(0);
    expect(await verifyUsernameToken(findSecurityHeader(throughXml(header)), policy)).toEqual({
      ok: true,
      username: "alice",
    });
    expect(await verifyUsernameToken(findSecurityHeader(throughXml(header)), policy)).toEqual({
      ok: false,
      reason: "replayed nonce: this UsernameToken was already used",
      code: { ns: WSSE_NS, local: "FailedAuthentication" },
    });
    // A text token that carries a nonce is protected the same way.
    const text = await usernameTokenHeader({ username: "alice", password: PASSWORD, nonce: true }, NOW, () =>
      NONCE.slice(1),
    );
    expect((await verifyUsernameToken(findSecurityHeader(throughXml(text)), policy)).ok).toBe(true);
    expect(await verifyUsernameToken(findSecurityHeader(throughXml(text)), policy)).toMatchObject({
      ok: false,
      reason: /replayed nonce/,
    });
  });

  it("refuses a PasswordText when only PasswordDigest is allowed, and the reverse", async () => {
    const verdict = await sendAndVerify({ passwordType: "PasswordText" }, { allow: ["PasswordDigest"] });
    expect(verdict).toEqual({
      ok: false,
      reason: "unsupported password type: PasswordText is not accepted here (accepted: PasswordDigest)",
      code: { ns: WSSE_NS, local: "UnsupportedSecurityToken" },
    });
    const reverse = await sendAndVerify({ passwordType: "PasswordDigest" }, { allow: ["PasswordText"] });
    expect(reverse).toMatchObject({ ok: false, reason: expect.stringMatching(/PasswordDigest is not accepted/) });
  });

  it("refuses an expired Timestamp", async () => {
    const createdAt = new Date(NOW.getTime() - 200_000);
    const verdict = await sendAndVerify(
      { passwordType: "PasswordDigest", timestamp: { lifetimeSeconds: 10 } },
      { maxSkewSeconds: 60 },
      createdAt,
    );
    expect(verdict).toEqual({
      ok: false,
      reason: "expired Timestamp: the message expired at 2024-05-01T11:56:50.000Z",
      code: { ns: WSU_NS, local: "MessageExpired" },
    });
  });

  it("refuses a missing header, a header without a UsernameToken, and a digest without Nonce", async () => {
    const policy: UsernameTokenPolicy = { password: () => PASSWORD, now: () => NOW };
    expect(await verifyUsernameToken(undefined, policy)).toMatchObject({
      ok: false,
      reason: "missing token: the message has no wsse:Security header",
      code: { local: "InvalidSecurity" },
    });
    const empty = parseXmlTree(`<s:Security xmlns:s="${WSSE_NS}"/>`);
    expect(await verifyUsernameToken(empty, policy)).toMatchObject({
      ok: false,
      reason: /^missing token: .* no UsernameToken$/,
    });
    const noNonce = parseXmlTree(
      `<s:Security xmlns:s="${WSSE_NS}" xmlns:u="${WSU_NS}"><s:UsernameToken><s:Username>alice</s:Username>` +
        `<s:Password Type="${PASSWORD_DIGEST_TYPE}">${nodeDigest(new Uint8Array(), CREATED, PASSWORD)}</s:Password>` +
        `<u:Created>${CREATED}</u:Created></s:UsernameToken></s:Security>`,
    );
    expect(await verifyUsernameToken(noNonce, policy)).toMatchObject({
      ok: false,
      reason: /needs a Nonce and a Created/,
    });
  });

  it("reads a token written by another stack: default prefixes, no Type (PasswordText), unknown types refused", async () => {
    const policy: UsernameTokenPolicy = { password: () => "secret", now: () => NOW };
    const untyped = parseXmlTree(
      `<Security xmlns="${WSSE_NS}"><UsernameToken><Username>carol</Username><Password>secret</Password>` +
        `</UsernameToken></Security>`,
    );
    expect(await verifyUsernameToken(untyped, policy)).toEqual({ ok: true, username: "carol" });
    const odd = parseXmlTree(
      `<Security xmlns="${WSSE_NS}"><UsernameToken><Username>carol</Username>` +
        `<Password Type="urn:example#PasswordHash">secret</Password></UsernameToken></Security>`,
    );
    expect(await verifyUsernameToken(odd, policy)).toMatchObject({
      ok: false,
      reason: "unsupported password type urn:example#PasswordHash",
      code: { local: "UnsupportedSecurityToken" },
    });
  });

  it("verifies the headers node-soap's WSSecurity writes (digest with Timestamp, and text)", async () => {
    const policy: UsernameTokenPolicy = { password: (user) => (user === "dave" ? "päss" : undefined) };
    for (const passwordType of ["PasswordDigest", "PasswordText"]) {
      const xml = new WSSecurity("dave", "päss", { passwordType, hasTimeStamp: true, mustUnderstand: true }).toXML();
      const headers = parseXmlTree(`<soap:Header xmlns:soap="${SOAP11}">${xml}</soap:Header>`).children;
      expect(await verifyUsernameToken(findSecurityHeader(headers), policy)).toEqual({ ok: true, username: "dave" });
      const wrong = new WSSecurity("dave", "pass", { passwordType }).toXML();
      const refused = await verifyUsernameToken(findSecurityHeader([parseXmlTree(wrong)]), policy);
      expect(refused).toMatchObject({ ok: false, reason: 'wrong password for user "dave"' });
    }
  });

  it("finds wsse:Security among header elements by namespace, not by prefix or local name alone", () => {
    const headers = parseXmlTree(
      `<h xmlns:a="urn:other" xmlns:b="${WSSE_NS}"><a:Security/><b:Security id="this"/></h>`,
    ).children;
    expect(findSecurityHeader(headers)?.attrs["id"]).toBe("this");
    expect(findSecurityHeader(headers.slice(0, 1))).toBeUndefined();
  });
});

describe("NonceCache", () => {
  it("refuses a nonce until it expires, then accepts it again", () => {
    const cache = new NonceCache();
    expect(cache.remember("n", 1_000, 0)).toBe(true);
    expect(cache.remember("n", 1_000, 999)).toBe(false);
    expect(cache.remember("n", 3_000, 1_000)).toBe(true);
  });

  it("stays within its bound: expired nonces go first, then the oldest recorded", () => {
    const cache = new NonceCache({ maxEntries: 3 });
    cache.remember("a", 100, 0);
    cache.remember("b", 1_000, 0);
    cache.remember("c", 1_000, 0);
    expect(cache.remember("d", 1_000, 200)).toBe(true); // "a" expired and made room
    expect(cache.size).toBe(3);
    expect(cache.remember("b", 1_000, 300)).toBe(false);
    expect(cache.remember("e", 1_000, 300)).toBe(true); // full of live nonces: "b", the oldest, is forgotten
    expect(cache.size).toBe(3);
    expect(cache.remember("c", 1_000, 300)).toBe(false);
    expect(cache.remember("b", 1_000, 300)).toBe(true);
  });
});

describe("parseDateTime", () => {
  it("reads xs:dateTime with Z or an offset, and refuses one without a time zone or with an impossible date", () => {
    expect(parseDateTime("2024-05-01T12:00:00Z")).toBe(NOW.getTime());
    expect(parseDateTime("2024-05-01T14:00:00.0000001+02:00")).toBe(NOW.getTime());
    expect(parseDateTime("2024-05-01T12:00:00.5Z")).toBe(NOW.getTime() + 500);
    expect(parseDateTime("2024-05-01T12:00:00")).toBeUndefined();
    expect(parseDateTime("2023-02-29T12:00:00Z")).toBeUndefined();
    expect(parseDateTime("yesterday")).toBeUndefined();
  });
});

// ------------------------------------------------------------------ HTTP authentication

describe("HTTP authentication", () => {
  it("encodes Basic credentials as UTF-8 (RFC 7617's examples) and reads them back", async () => {
    expect(await httpAuthorization({ type: "basic", username: "Aladdin", password: "open sesame" })).toBe(
      "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
    );
    const value = await httpAuthorization({ type: "basic", username: "test", password: "123£" });
    expect(value).toBe("Basic dGVzdDoxMjPCow==");
    expect(value).toBe(`Basic ${Buffer.from("test:123£", "utf8").toString("base64")}`);
    expect(parseAuthorization(value)).toEqual({ type: "basic", username: "test", password: "123£" });
    const unicode = { type: "basic", username: "Jürgen", password: "pä:ss 🔑" } as const;
    expect(parseAuthorization(await httpAuthorization(unicode))).toEqual(unicode);
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
    expect(parseAuthorization("bearer token-2")).toEqual({ type: "bearer", token: "token-2" });
  });

  it("refuses a Bearer token that is empty or would break the HTTP header", async () => {
    await expect(httpAuthorization({ type: "bearer", token: () => "" })).rejects.toThrow(TypeError);
    await expect(httpAuthorization({ type: "bearer", token: "abc\r\nX-Injected: 1" })).rejects.toThrow(TypeError);
  });

  it("parses nothing from an absent, foreign or malformed Authorization header", () => {
    expect(parseAuthorization(undefined)).toBeUndefined();
    expect(parseAuthorization('Digest username="a"')).toBeUndefined();
    expect(parseAuthorization("Basic not-base64!")).toBeUndefined();
    expect(parseAuthorization(`Basic ${Buffer.from("no colon").toString("base64")}`)).toBeUndefined();
  });

  it("compares secrets by content", async () => {
    expect(await secretsEqual("s3cret", "s3cret")).toBe(true);
    expect(await secretsEqual("s3cret", "s3creT")).toBe(false);
    expect(await secretsEqual("s3cret", "s3cret ")).toBe(false);
  });
});

describe("security*.ts run where fetch runs", () => {
  it("import no node: module; values only from each other and the namespace constants, types from the runtime", () => {
    const dir = new URL("../../runtime/src/", import.meta.url);
    const modules = readdirSync(dir).filter((f) => /^security(-[a-z-]+)?\.ts$/.test(f));
    expect(modules.sort()).toEqual([
      "security-bytes.ts",
      "security-http.ts",
      "security-username-token.ts",
      "security-verify.ts",
      "security.ts",
    ]);
    for (const module of modules) {
      const source = readFileSync(new URL(module, dir), "utf8");
      for (const line of source.match(/^(?:import|export)[^;]*from[^;]*;/gm) ?? []) {
        expect(line, module).toMatch(
          /^(?:import type \{[^}]*\} from "\.\/[a-z-]+\.js"|(?:import|export) (?:\*|\{[^}]*\}) from "\.\/(?:security-[a-z-]+|namespaces)\.js");$/,
        );
      }
      expect(source, module).not.toMatch(/from "node:|require\(|import\(/);
    }
  });
});
