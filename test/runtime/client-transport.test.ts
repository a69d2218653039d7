/**
 * The client's HTTP exchange over loopback, with the generated Ticket client: redirects (another origin refused,
 * same-origin 307/308 followed with the same body and credentials, 301/302/303 refused, a hop limit, opaque
 * redirects), and the errors the README promises: SoapHttpError for bodies that are not SOAP, SoapTransportError
 * for refused, reset and cut-off connections, SoapTimeoutError for time-outs, the caller's own abort unchanged.
 */
import { afterEach, describe, expect, it } from "vitest";
import { TicketAgent } from "../../generated/Services88-Ticket/index.js";
import { SoapCodecError, SoapHttpError, SoapTimeoutError, SoapTransportError } from "../../runtime/src/errors.js";
import { MAX_REDIRECTS } from "../../runtime/src/transport.js";
import { batchReplyResponse, closeAll, freePort, listen } from "../e2e/loopback.js";

afterEach(closeAll);

const XML = { "Content-Type": "text/xml; charset=utf-8" };

/** A server answering BatchReply with the number of requests it has seen. */
const answering = () =>
  listen((_req, res) => res.writeHead(200, XML).end(batchReplyResponse(answered.requests.length)));
let answered: Awaited<ReturnType<typeof listen>>;

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("the call should fail"),
    (e: unknown) => e,
  );

describe("redirects", () => {
  it("refuses a redirect to another origin, naming both, and sends nothing there", async () => {
    answered = await answering();
    const redirecting = await listen((_req, res) =>
      res.writeHead(307, { Location: `${answered.origin}/Ticket.svc` }).end(),
    );
    const agent = new TicketAgent({
      endpoint: `${redirecting.origin}/Ticket.svc`,
      auth: { type: "basic", username: "u", password: "secret" },
    });
    const error = await caught(agent.BatchReply({ TicketIds: [1] }));
    expect(error).toBeInstanceOf(SoapHttpError);
    expect((error as SoapHttpError).message).toContain(`${redirecting.origin}/Ticket.svc redirects (HTTP 307)`);
    expect((error as SoapHttpError).message).toContain(`to another origin, ${answered.origin}`);
    expect((error as SoapHttpError).status).toBe(307);
    expect((error as SoapHttpError).location).toBe(`${answered.origin}/Ticket.svc`);
    expect(answered.requests).toEqual([]);
    expect(redirecting.requests[0]!.headers.authorization).toBe(`Basic ${btoa("u:secret")}`);
  });

  it("follows same-origin 307 and 308 with the same method, body and credentials", async () => {
    const server = await listen((req, res) => {
      if (req.url === "/old") res.writeHead(307, { Location: "/moved" }).end();
      else if (req.url === "/moved") res.writeHead(308, { Location: "./final" }).end();
      else res.writeHead(200, XML).end(batchReplyResponse(42));
    });
    const agent = new TicketAgent({ endpoint: `${server.origin}/old`, auth: { type: "bearer", token: "t0k3n" } });
    expect(await agent.BatchReply({ TicketIds: [7] })).toBe(42);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /old", "POST /moved", "POST /final"]);
    const [first, ...rest] = server.requests;
    expect(first!.body).toContain("<ns1:TicketIds><ns2:int>7</ns2:int></ns1:TicketIds>");
    for (const r of rest) {
      expect(r.body).toBe(first!.body);
      expect(r.headers.authorization).toBe("Bearer t0k3n");
      expect(r.headers.soapaction).toBe(first!.headers.soapaction);
    }
  });

  it("refuses 301, 302 and 303, which would turn the POST into a GET", async () => {
    for (const status of [301, 302, 303]) {
      const server = await listen((req, res) =>
        req.url === "/a"
          ? res.writeHead(status, { Location: "/b" }).end()
          : res.writeHead(200, XML).end(batchReplyResponse(1)),
      );
      const error = await caught(new TicketAgent({ endpoint: `${server.origin}/a` }).BatchReply({}));
      expect(error).toBeInstanceOf(SoapHttpError);
      expect((error as Error).message).toContain(`a ${status} turns a POST into a GET, so it is not followed`);
      expect(server.requests.map((r) => r.url)).toEqual(["/a"]);
    }
  });

  it(`stops after ${MAX_REDIRECTS} hops`, async () => {
    const server = await listen((_req, res) => res.writeHead(307, { Location: "/again" }).end());
    const error = await caught(new TicketAgent({ endpoint: `${server.origin}/start` }).BatchReply({}));
    expect((error as Error).message).toMatch(new RegExp(`^more than ${MAX_REDIRECTS} redirects`));
    expect(server.requests).toHaveLength(MAX_REDIRECTS + 1);
  });

  it("refuses a redirect the environment hides (a browser's opaque redirect)", async () => {
    const opaque = { type: "opaqueredirect", status: 0, headers: new Headers(), body: null } as unknown as Response;
    let init: RequestInit | undefined;
    const agent = new TicketAgent({
      endpoint: "https://soap.example/Ticket.svc",
      fetch: async (_url, i) => ((init = i), opaque),
    });
    const error = await caught(agent.BatchReply({}));
    expect(error).toBeInstanceOf(SoapHttpError);
    expect((error as Error).message).toContain("https://soap.example/Ticket.svc answered with a redirect");
    expect(init?.redirect).toBe("manual");
  });
});

describe("errors", () => {
  it("HTTP 200 with JSON or HTML is a SoapHttpError with the status, content type and the body's start", async () => {
    const json = await listen((_req, res) =>
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"error":"use the REST API"}'),
    );
    const error = await caught(new TicketAgent({ endpoint: json.origin }).BatchReply({}));
    expect(error).toBeInstanceOf(SoapHttpError);
    expect(error).toMatchObject({
      status: 200,
      contentType: "application/json",
      bodyStart: '{"error":"use the REST API"}',
    });
    expect((error as Error).message).toBe(`HTTP 200 from ${json.origin} is application/json, not a SOAP message`);

    const html = await listen((_req, res) =>
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end("<html><body>Log in</body></html>"),
    );
    expect(await caught(new TicketAgent({ endpoint: html.origin }).BatchReply({}))).toMatchObject({
      name: "SoapHttpError",
      status: 200,
      contentType: "text/html; charset=utf-8",
      bodyStart: "<html><body>Log in</body></html>",
    });
  });

  it("XML that is not an envelope, or no XML under an XML content type, is a SoapHttpError too", async () => {
    for (const [contentType, body] of [
      ["text/xml", "<html><body>Log in</body></html>"],
      ["text/xml", "not xml at all"],
      [undefined, '{"json": true}'],
    ] as const) {
      const server = await listen((_req, res) =>
        res.writeHead(200, contentType ? { "Content-Type": contentType } : {}).end(body),
      );
      const error = await caught(new TicketAgent({ endpoint: server.origin }).BatchReply({}));
      expect(error, body).toBeInstanceOf(SoapHttpError);
      expect((error as SoapHttpError).message).toContain(`HTTP 200 from ${server.origin} is not a SOAP message`);
      expect((error as SoapHttpError).bodyStart).toBe(body);
      expect((error as Error).cause).toBeInstanceOf(SoapCodecError);
    }
  });

  it("calls fetch as a plain function, as browsers require (a method call on another object is refused)", async () => {
    const server = await listen((_req, res) => res.writeHead(200, XML).end(batchReplyResponse(3)));
    const receivers: unknown[] = [];
    const strictFetch = function (this: unknown, input: string | URL | Request, init?: RequestInit) {
      receivers.push(this);
      // What a browser's Window.fetch does when `this` is some other object.
      if (this !== undefined && this !== globalThis) throw new TypeError("Illegal invocation");
      return fetch(input, init);
    };
    expect(await new TicketAgent({ endpoint: server.origin, fetch: strictFetch }).BatchReply({})).toBe(3);
    expect(receivers).toEqual([undefined]);
  });

  it("reads an envelope sent under a content type that is not XML (text/plain)", async () => {
    const server = await listen((_req, res) =>
      res.writeHead(200, { "Content-Type": "text/plain" }).end(batchReplyResponse(9)),
    );
    expect(await new TicketAgent({ endpoint: server.origin }).BatchReply({})).toBe(9);
  });

  it("an envelope whose content does not decode stays a SoapCodecError", async () => {
    const server = await listen((_req, res) =>
      res.writeHead(200, XML).end(batchReplyResponse(1).replace("<ns1:Response>1<", "<ns1:Response>one<")),
    );
    expect(await caught(new TicketAgent({ endpoint: server.origin }).BatchReply({}))).toBeInstanceOf(SoapCodecError);
  });

  it("a refused connection is a SoapTransportError with the cause", async () => {
    const port = await freePort();
    const error = await caught(new TicketAgent({ endpoint: `http://127.0.0.1:${port}/` }).BatchReply({}));
    expect(error).toBeInstanceOf(SoapTransportError);
    expect((error as SoapTransportError).url).toBe(`http://127.0.0.1:${port}/`);
    expect((error as Error).message).toMatch(
      new RegExp(`^the request to http://127.0.0.1:${port}/ failed: .*ECONNREFUSED`),
    );
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it("a connection reset before the answer is a SoapTransportError", async () => {
    const server = await listen((req) => req.socket.destroy());
    const error = await caught(new TicketAgent({ endpoint: server.origin }).BatchReply({}));
    expect(error).toBeInstanceOf(SoapTransportError);
    expect((error as Error).message).toContain(`the request to ${server.origin} failed`);
  });

  it("a body cut mid-way is a SoapTransportError saying how much arrived", async () => {
    const full = batchReplyResponse(1);
    const server = await listen((_req, res) => {
      res.writeHead(200, { ...XML, "Content-Length": String(full.length) });
      res.write(full.slice(0, 100), () => setTimeout(() => res.socket?.destroy(), 20));
    });
    const error = await caught(new TicketAgent({ endpoint: server.origin }).BatchReply({}));
    expect(error).toBeInstanceOf(SoapTransportError);
    expect((error as Error).message).toMatch(
      new RegExp(`^the response from ${server.origin} broke off after 100 bytes: `),
    );
    expect((error as Error).cause).toBeDefined();
  });

  it("a time-out is a SoapTimeoutError, and the caller's own abort stays an abort", async () => {
    const server = await listen(() => undefined); // never answers
    const agent = new TicketAgent({ endpoint: server.origin });
    expect(await caught(agent.BatchReply({}, { timeoutMs: 100 }))).toBeInstanceOf(SoapTimeoutError);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await caught(agent.BatchReply({}, { signal: controller.signal }));
    expect(aborted).toBeInstanceOf(DOMException);
    expect((aborted as DOMException).name).toBe("AbortError");
    const reason = new Error("user navigated away");
    const withReason = new AbortController();
    setTimeout(() => withReason.abort(reason), 50);
    expect(await caught(agent.BatchReply({}, { signal: withReason.signal }))).toBe(reason);
  });

  it("a time-out while the body trickles in is a SoapTimeoutError too", async () => {
    const server = await listen((_req, res) => {
      res.writeHead(200, XML);
      res.write("<");
    });
    expect(await caught(new TicketAgent({ endpoint: server.origin, timeoutMs: 150 }).BatchReply({}))).toBeInstanceOf(
      SoapTimeoutError,
    );
  });
});
