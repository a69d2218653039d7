/**
 * Authentication on both sides of the wire over loopback: the generated Ticket client with `auth` and
 * `usernameToken`, a node:http server with createSoapHandler requiring HTTP authentication or a WS-Security
 * UsernameToken. Basic and Bearer reach the server (a Bearer function is called per call); text and digest tokens
 * are accepted; a wrong password, a stale Created and a replayed nonce each come back as a SoapFault with the
 * WS-Security fault code and the reason; SOAP 1.2 gets its mustUnderstand and a Sender fault with a subcode.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { metadata, TicketAgent } from "../../generated/Services88-Ticket/index.js";
import { SoapClient } from "../../runtime/src/client.js";
import { SoapFault } from "../../runtime/src/errors.js";
import type { ServiceMetadata } from "../../runtime/src/metadata.js";
import { secretsEqual, type HttpCredentials, type UsernameTokenPolicy } from "../../runtime/src/security.js";
import { createSoapHandler, type ServerCallOptions, type SoapHandlerOptions } from "../../runtime/src/server.js";

const PORT = "BasicHttpBinding_Ticket";
const USERS: Record<string, string> = { alice: "wonder land €" };
const policy = (more: Partial<UsernameTokenPolicy> = {}): UsernameTokenPolicy => ({
  password: (user) => USERS[user],
  ...more,
});

let servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve)))));
  servers = [];
});

/** What the implementation saw of each call: the authenticated user. */
const calls: { username: string | undefined }[] = [];
const impl = {
  BatchReply: (data: { TicketIds?: number[] }, call: ServerCallOptions) => {
    calls.push({ username: call.username });
    return data.TicketIds?.length ?? 0;
  },
};

/** Serves the Ticket port with `options`; records every request's HTTP headers and body. */
async function serve(options: SoapHandlerOptions, meta: ServiceMetadata = metadata) {
  const handler = createSoapHandler(meta, PORT, impl, options);
  const requests: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString() }));
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  calls.length = 0;
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests };
}

const fault = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("the call should fail"),
    (e: unknown) => {
      expect(e).toBeInstanceOf(SoapFault);
      return e as SoapFault;
    },
  );

describe("HTTP authentication", () => {
  it("sends Basic credentials the server verifies, and answers 401 with a challenge when they are wrong", async () => {
    const received: (HttpCredentials | undefined)[] = [];
    const { url } = await serve({
      httpAuth: {
        verify: async (credentials) => {
          received.push(credentials);
          return credentials?.type === "basic" && (await secretsEqual(credentials.password, "s3cret: ü"));
        },
      },
    });
    const agent = (password: string) =>
      new TicketAgent({ endpoint: url, auth: { type: "basic", username: "bob", password } });
    expect(await agent("s3cret: ü").BatchReply({ TicketIds: [1, 2] })).toBe(2);
    expect(received[0]).toEqual({ type: "basic", username: "bob", password: "s3cret: ü" });

    const refused = await fault(agent("wrong").BatchReply({}));
    expect(refused).toMatchObject({
      code: "soap:Client",
      reason: "HTTP authentication failed: the basic credentials were refused",
      httpStatus: 401,
    });
    const anonymous = await fetch(url, { method: "POST", headers: { "Content-Type": "text/xml" }, body: "<x/>" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe(`Basic realm="${metadata.service}", charset="UTF-8"`);
    expect(received[2]).toBeUndefined();
  });

  it("sends a Bearer token, calling a token function once per call", async () => {
    const received: (HttpCredentials | undefined)[] = [];
    const { url } = await serve({
      httpAuth: { verify: (c) => (received.push(c), c?.type === "bearer"), challenge: 'Bearer realm="tickets"' },
    });
    let issued = 0;
    const agent = new TicketAgent({ endpoint: url, auth: { type: "bearer", token: async () => `token-${++issued}` } });
    await agent.BatchReply({});
    await agent.BatchReply({});
    expect(received).toEqual([
      { type: "bearer", token: "token-1" },
      { type: "bearer", token: "token-2" },
    ]);
    const fixed = new TicketAgent({ endpoint: url, auth: { type: "bearer", token: "static" } });
    await fixed.BatchReply({});
    expect(received[2]).toEqual({ type: "bearer", token: "static" });
    const res = await fetch(url, { method: "POST", headers: { "Content-Type": "text/xml" }, body: "<x/>" });
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="tickets"');
  });
});

describe("WS-Security UsernameToken", () => {
  it("accepts a PasswordText token, and the implementation learns the user", async () => {
    const { url, requests } = await serve({ usernameToken: policy() });
    const agent = new TicketAgent({ endpoint: url, usernameToken: { username: "alice", password: USERS.alice! } });
    expect(await agent.BatchReply({ TicketIds: [4] })).toBe(1);
    expect(calls).toEqual([{ username: "alice" }]);
    const body = requests[0]!.body;
    expect(body).toMatch(/<soap:Header><(ns\d):Security soap:mustUnderstand="1"><\1:UsernameToken><\1:Username>alice</);
    expect(body).toContain(`#PasswordText">${USERS.alice}</`);
  });

  it("accepts a PasswordDigest token, with a fresh nonce each call", async () => {
    const { url, requests } = await serve({ usernameToken: policy({ allow: ["PasswordDigest"] }) });
    const agent = new TicketAgent({
      endpoint: url,
      usernameToken: { username: "alice", password: USERS.alice!, passwordType: "PasswordDigest", timestamp: {} },
    });
    await agent.BatchReply({});
    await agent.BatchReply({});
    expect(calls).toEqual([{ username: "alice" }, { username: "alice" }]);
    const nonces = requests.map((r) => /Nonce[^>]*>([^<]+)</.exec(r.body)![1]);
    expect(nonces[0]).not.toBe(nonces[1]);
    expect(requests[0]!.body).not.toContain(USERS.alice);
    expect(requests[0]!.body).toMatch(/:Timestamp><\w+:Created>/);
  });

  it("answers a wrong password with wsse:FailedAuthentication, which the client throws as a SoapFault", async () => {
    const { url } = await serve({ usernameToken: policy() });
    const agent = new TicketAgent({ endpoint: url, usernameToken: { username: "alice", password: "guess" } });
    expect(await fault(agent.BatchReply({}))).toMatchObject({
      code: "wsse:FailedAuthentication",
      reason: 'wrong password for user "alice"',
      httpStatus: 500,
    });
    const digest = new TicketAgent({
      endpoint: url,
      usernameToken: { username: "alice", password: "guess", passwordType: "PasswordDigest" },
    });
    expect((await fault(digest.BatchReply({}))).reason).toBe('wrong password for user "alice"');
    expect(calls).toEqual([]);
  });

  it("answers a stale Created with wsu:MessageExpired", async () => {
    const tenMinutesOn = () => new Date(Date.now() + 10 * 60_000);
    const { url } = await serve({ usernameToken: policy({ now: tenMinutesOn }) });
    const agent = new TicketAgent({
      endpoint: url,
      usernameToken: { username: "alice", password: USERS.alice!, passwordType: "PasswordDigest" },
    });
    const expired = await fault(agent.BatchReply({}));
    expect(expired.code).toBe("wsu:MessageExpired");
    expect(expired.reason).toMatch(
      /^stale Created: the UsernameToken was created 600 s ago, more than the 300 s allowed$/,
    );
  });

  it("answers a replayed nonce with wsse:FailedAuthentication, the handler keeping a nonce cache of its own", async () => {
    const { url } = await serve({ usernameToken: policy() });
    let first: RequestInit | undefined;
    // A fetch that sends every call's request exactly as the first one was: same nonce, same Created.
    const replaying: typeof fetch = (input, init) => fetch(input, (first ??= init));
    const agent = new TicketAgent({
      endpoint: url,
      fetch: replaying,
      usernameToken: { username: "alice", password: USERS.alice!, passwordType: "PasswordDigest" },
    });
    expect(await agent.BatchReply({})).toBe(0);
    const replayed = await fault(agent.BatchReply({}));
    expect(replayed).toMatchObject({
      code: "wsse:FailedAuthentication",
      reason: "replayed nonce: this UsernameToken was already used",
    });
    expect(calls).toHaveLength(1);
  });

  it("answers a request without a token with wsse:InvalidSecurity", async () => {
    const { url } = await serve({ usernameToken: policy() });
    expect(await fault(new TicketAgent({ endpoint: url }).BatchReply({}))).toMatchObject({
      code: "wsse:InvalidSecurity",
      reason: "missing token: the message has no wsse:Security header",
    });
  });

  it("on SOAP 1.2, marks the header mustUnderstand=true and answers a Sender fault with the subcode", async () => {
    const soap12: ServiceMetadata = {
      ...metadata,
      ports: { [PORT]: { ...metadata.ports[PORT]!, soapVersion: "1.2" } },
    };
    const { url, requests } = await serve({ usernameToken: policy() }, soap12);
    const client = (password: string) =>
      new SoapClient(soap12, PORT, { endpoint: url, usernameToken: { username: "alice", password } });
    expect((await client(USERS.alice!).invoke("BatchReply", [{ TicketIds: [1] }])).result).toBe(1);
    expect(requests[0]!.body).toMatch(/:Security soap:mustUnderstand="true">/);
    expect(requests[0]!.headers["content-type"]).toMatch(/^application\/soap\+xml/);
    const refused = await fault(client("nope").invoke("BatchReply", [{}]));
    expect(refused).toMatchObject({
      code: "soap:Sender",
      subcodes: ["wsse:FailedAuthentication"],
      reason: 'wrong password for user "alice"',
      httpStatus: 400,
    });
  });
});
