/**
 * createSoapHandler against malformed and hostile requests over loopback: every one gets an answer (405, 413, 415,
 * a Client fault, or a Server fault for the implementation's own failures) and the handler keeps serving; the
 * operation comes from the Body, and a SOAPAction that disagrees is a Client fault; a result that does not encode is
 * a Server fault; a per-call time limit aborts the implementation's signal and answers a Server fault.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { metadata, TicketAgent } from "../../generated/Services88-Ticket/index.js";
import { SoapClient } from "../../runtime/src/client.js";
import { encodeRequest, operationRef, parseEnvelope } from "../../runtime/src/codec.js";
import { SoapFault } from "../../runtime/src/errors.js";
import type { ServiceMetadata } from "../../runtime/src/metadata.js";
import { createSoapHandler, type ServerCallOptions, type SoapHandlerOptions } from "../../runtime/src/server.js";

const PORT = "BasicHttpBinding_Ticket";
const ACTION = "http://www.superoffice.net/ws/crm/NetServer/Services88/Ticket";

let servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve)))));
  servers = [];
});

type Impl = Record<string, (...args: unknown[]) => unknown>;
const seen: string[] = [];
const impl: Impl = {
  BatchReply: (data) => (seen.push("BatchReply"), (data as { TicketIds?: number[] }).TicketIds?.length ?? 0),
  ClearNotify: () => void seen.push("ClearNotify"),
};

/** Serves `implementation` on loopback; resolves to its URL. */
async function serve(options: SoapHandlerOptions = {}, implementation: Impl = impl, meta: ServiceMetadata = metadata) {
  const server = http.createServer(createSoapHandler(meta, PORT, implementation, options));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const request = (operation: string, args: unknown[], meta: ServiceMetadata = metadata) =>
  encodeRequest(operationRef(meta, PORT, operation), args);

/** POSTs and returns status, headers and, for SOAP faults, the fault's code and reason. */
async function post(url: string, body: string | Uint8Array<ArrayBuffer> | Blob, headers: Record<string, string>) {
  const res = await fetch(url, { method: "POST", body, headers });
  const text = await res.text();
  let fault: { code: string; reason: string; subcode?: string } | undefined;
  if (/Fault>/.test(text)) {
    const f = parseEnvelope(text).body.children[0]!;
    const child = (n: typeof f | undefined, local: string) => n?.children.find((c) => c.local === local);
    fault =
      f.ns === "http://www.w3.org/2003/05/soap-envelope"
        ? {
            code: child(child(f, "Code"), "Value")!.text,
            reason: child(child(f, "Reason"), "Text")!.text,
            ...(child(child(f, "Code"), "Subcode")
              ? { subcode: child(child(child(f, "Code"), "Subcode"), "Value")!.text }
              : {}),
          }
        : { code: child(f, "faultcode")!.text, reason: child(f, "faultstring")!.text };
  }
  return { status: res.status, headers: res.headers, text, fault };
}

/** A call through the generated client still works: the handler is serving. */
async function stillServing(url: string) {
  expect(await new TicketAgent({ endpoint: url }).BatchReply({ TicketIds: [1, 2] })).toBe(2);
}

describe("malformed requests", () => {
  it("answers a method other than POST with 405 and Allow: POST", async () => {
    const url = await serve();
    for (const method of ["GET", "PUT", "DELETE"]) {
      const res = await fetch(url, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
      expect(await res.text()).toBe(`a SOAP service takes POST requests, not ${method}\n`);
    }
    await stillServing(url);
  });

  it("answers a missing or non-XML content type, and a charset without a decoder, with 415", async () => {
    const url = await serve();
    const { body } = request("BatchReply", [{}]);
    const none = await post(url, new Blob([body]), {});
    expect(none.status).toBe(415);
    expect(none.fault?.reason).toBe("a request without a content type is not a SOAP message (send text/xml)");
    const json = await post(url, "{}", { "Content-Type": "application/json" });
    expect(json.status).toBe(415);
    expect(json.fault).toEqual({
      code: "soap:Client",
      reason: "content type application/json is not a SOAP message (send text/xml)",
    });
    const klingon = await post(url, body, { "Content-Type": "text/xml; charset=x-klingon" });
    expect(klingon.status).toBe(415);
    expect(klingon.fault?.reason).toContain('unknown charset "x-klingon"');
    expect(seen).not.toContain("x");
    await stillServing(url);
  });

  it("answers bytes invalid in the charset, non-XML, a non-envelope and a missing Body with a Client fault", async () => {
    const url = await serve();
    const xml = { "Content-Type": "text/xml; charset=utf-8" };
    const cases: [string | Uint8Array<ArrayBuffer>, RegExp][] = [
      [Uint8Array.of(0x3c, 0x61, 0xff, 0x3e), /^the body is not valid utf-8/],
      ["not xml", /^the message is not XML/],
      ["<Envelope/>", /^the message is not a SOAP envelope \(root element \{\}Envelope\)$/],
      [`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"/>`, /^the SOAP envelope has no Body$/],
    ];
    for (const [body, reason] of cases) {
      const res = await post(url, body, xml);
      expect(res.status, String(body)).toBe(500);
      expect(res.fault?.code).toBe("soap:Client");
      expect(res.fault?.reason).toMatch(reason);
    }
    await stillServing(url);
  });

  it("answers a body over the limit with 413, declared or streamed, and keeps serving", async () => {
    const url = await serve({ maxRequestBytes: 2000 });
    const big = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${"x".repeat(5000)}</s:Body></s:Envelope>`;
    const declared = await post(url, big, { "Content-Type": "text/xml" });
    expect(declared.status).toBe(413);
    expect(declared.fault?.reason).toBe("the request exceeds the limit of 2000 bytes");
    // Chunked, without Content-Length: refused once 2000 bytes have arrived.
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = http.request(url, { method: "POST", headers: { "Content-Type": "text/xml" } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on("error", reject);
      for (let i = 0; i < 10; i++) req.write("x".repeat(500));
      req.end();
    });
    expect(streamed).toBe(413);
    await stillServing(url);
  });

  it("answers a Body that is no operation's request with a Client fault", async () => {
    const url = await serve();
    const envelope = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><BatchReply xmlns="urn:other"/></s:Body></s:Envelope>`;
    const res = await post(url, envelope, { "Content-Type": "text/xml" });
    expect(res.fault).toEqual({
      code: "soap:Client",
      reason: "{urn:other}BatchReply is not the request of any operation of this service",
    });
    const empty = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>`;
    expect((await post(url, empty, { "Content-Type": "text/xml" })).fault?.reason).toBe(
      "an empty Body is not the request of any operation of this service",
    );
  });

  it("survives a client that goes away mid-request, without calling that an error of the implementation", async () => {
    const errors: unknown[] = [];
    const url = await serve({ onError: (e) => errors.push(e) });
    await new Promise<void>((resolve) => {
      const req = http.request(url, {
        method: "POST",
        headers: { "Content-Type": "text/xml", "Content-Length": "1000" },
      });
      req.on("error", () => resolve());
      req.write("<s:Envelope", () => setTimeout(() => (req.destroy(), resolve()), 20));
    });
    await stillServing(url);
    expect(errors).toEqual([]);
  });
});

describe("the operation comes from the Body", () => {
  it("runs the operation the Body holds, with or without a SOAPAction that agrees", async () => {
    const url = await serve();
    seen.length = 0;
    const { body, httpHeaders } = request("ClearNotify", [[1]]);
    expect((await post(url, body, httpHeaders)).status).toBe(200);
    expect((await post(url, body, { "Content-Type": "text/xml" })).status).toBe(200);
    expect(seen).toEqual(["ClearNotify", "ClearNotify"]);
  });

  it("refuses a SOAPAction that names another operation, or no operation, than the Body", async () => {
    const url = await serve();
    seen.length = 0;
    const { body } = request("ClearNotify", [[1]]);
    const other = await post(url, body, { "Content-Type": "text/xml", SOAPAction: `"${ACTION}/BatchReply"` });
    expect(other.status).toBe(500);
    expect(other.fault).toEqual({
      code: "soap:Client",
      reason:
        `the SOAPAction "${ACTION}/BatchReply" (operation BatchReply) does not match the Body, which holds ` +
        `{http://www.superoffice.net/ws/crm/NetServer/Services88}ClearNotify, the request of ClearNotify ` +
        `(SOAPAction "${ACTION}/ClearNotify")`,
    });
    const unknown = await post(url, body, { "Content-Type": "text/xml", SOAPAction: "urn:nothing" });
    expect(unknown.fault?.reason).toMatch(/^the SOAPAction "urn:nothing" does not match the Body/);
    expect(seen).toEqual([]);
  });

  it("checks the SOAP 1.2 action parameter the same way, answering 400 Sender", async () => {
    const base = metadata.ports[PORT]!;
    const soap12: ServiceMetadata = { ...metadata, ports: { [PORT]: { ...base, soapVersion: "1.2" } } };
    const url = await serve({}, impl, soap12);
    const { body, httpHeaders } = request("ClearNotify", [[1]], soap12);
    expect(httpHeaders["Content-Type"]).toContain(`action="${ACTION}/ClearNotify"`);
    expect((await post(url, body, httpHeaders)).status).toBe(200);
    const wrong = await post(url, body, {
      "Content-Type": `application/soap+xml; charset=utf-8; action="${ACTION}/BatchReply"`,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.fault?.code).toBe("soap:Sender");
    expect(wrong.fault?.reason).toMatch(
      /^the SOAPAction ".*\/BatchReply" \(operation BatchReply\) does not match the Body/,
    );
  });
});

describe("one-way operations", () => {
  it("are answered 202 with no body, which the client takes as done", async () => {
    const { output: _, ...clearNotify } = metadata.ports[PORT]!.operations.ClearNotify!;
    const port = {
      ...metadata.ports[PORT]!,
      operations: { ...metadata.ports[PORT]!.operations, ClearNotify: clearNotify },
    };
    const oneWay: ServiceMetadata = { ...metadata, ports: { [PORT]: port } };
    const url = await serve({}, impl, oneWay);
    seen.length = 0;
    const { body, httpHeaders } = request("ClearNotify", [[1]], oneWay);
    const res = await post(url, body, httpHeaders);
    expect([res.status, res.text]).toEqual([202, ""]);
    const client = new SoapClient(oneWay, PORT, { endpoint: url });
    expect(await client.invoke("ClearNotify", [[2]])).toEqual({ result: undefined, headers: {} });
    expect(seen).toEqual(["ClearNotify", "ClearNotify"]);
  });
});

describe("the implementation's failures are Server faults", () => {
  it("a result its type forbids is a Server fault, reported to onError", async () => {
    const errors: unknown[] = [];
    const url = await serve({ onError: (e, op) => errors.push([op, (e as Error).name]) }, { BatchReply: () => "many" });
    const error = await new TicketAgent({ endpoint: url }).BatchReply({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoapFault);
    expect((error as SoapFault).code).toBe("soap:Server");
    expect((error as SoapFault).reason).toMatch(/^the result of BatchReply cannot be sent: /);
    expect(errors).toEqual([["BatchReply", "SoapCodecError"]]);
  });

  it("a call over the time limit is a Server fault, and the implementation's signal aborts", async () => {
    let signal: AbortSignal | undefined;
    const slow = (...args: unknown[]) => {
      signal = (args[args.length - 1] as ServerCallOptions).signal;
      return new Promise((resolve) => setTimeout(() => resolve(1), 2_000));
    };
    const url = await serve({ timeoutMs: 100 }, { ...impl, BatchReply: slow });
    const started = Date.now();
    const error = await new TicketAgent({ endpoint: url }).BatchReply({}).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error).toBeInstanceOf(SoapFault);
    expect((error as SoapFault).code).toBe("soap:Server");
    expect((error as SoapFault).reason).toBe("BatchReply did not finish within 100 ms");
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(SoapFault);
    expect(await new TicketAgent({ endpoint: url }).ClearNotify([1])).toBeUndefined();
  });

  it("gives every call a signal that stays quiet when the call finishes in time", async () => {
    let signal: AbortSignal | undefined;
    const url = await serve(
      { timeoutMs: 1_000 },
      { BatchReply: (...args) => ((signal = (args[args.length - 1] as ServerCallOptions).signal), 5) },
    );
    expect(await new TicketAgent({ endpoint: url }).BatchReply({})).toBe(5);
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal?.aborted).toBe(false);
  });
});
