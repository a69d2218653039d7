/**
 * The server's mustUnderstand rule: a header block marked mustUnderstand, addressed to the server and not one the
 * operation declares (or a configured policy reads) is a MustUnderstand fault and the implementation is not called;
 * the same block without the mark, or addressed to another actor/role, is kept as undeclared content.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { metadata } from "../../generated/Services88-Ticket/index.js";
import { encodeRequest, operationRef, parseEnvelope } from "../../runtime/src/codec.js";
import { notUnderstood } from "../../runtime/src/must-understand.js";
import { SOAP11_ENV, SOAP12_ENV } from "../../runtime/src/namespaces.js";
import { createSoapHandler } from "../../runtime/src/server.js";

const PORT = "BasicHttpBinding_Ticket";
const SO = "http://www.superoffice.net/ws/crm/NetServer/Services88";

let servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve)))));
  servers = [];
});

const calls: unknown[][] = [];
async function serve() {
  const server = http.createServer(
    createSoapHandler(metadata, PORT, { BatchReply: (...args: unknown[]) => (calls.push(args), 7) }),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** A BatchReply request as the client writes it, with its ApplicationToken header. */
const plainRequest = () =>
  encodeRequest(operationRef(metadata, PORT, "BatchReply"), [{ TicketIds: [1] }], { ApplicationToken: "app" }).body;

/** The request with `block` added as the Header's first child. */
function requestWith(block: string): string {
  const body = plainRequest();
  const withHeader = body.replace(/<soap:Header>/, `<soap:Header>${block}`);
  expect(withHeader).not.toBe(body);
  return withHeader;
}

async function post(url: string, xml: string) {
  const res = await fetch(url, {
    method: "POST",
    body: xml,
    headers: { "Content-Type": "text/xml; charset=utf-8", SOAPAction: `"${SO}/Ticket/BatchReply"` },
  });
  const text = await res.text();
  const first = parseEnvelope(text).body.children[0]!;
  const child = (local: string) => first.children.find((c) => c.local === local)?.text;
  return { status: res.status, element: first.local, code: child("faultcode"), reason: child("faultstring") };
}

describe("mustUnderstand on the server", () => {
  const env = `xmlns:soap="${SOAP11_ENV}"`;

  it("refuses an undeclared block marked mustUnderstand with a MustUnderstand fault, before calling the method", async () => {
    const url = await serve();
    calls.length = 0;
    const res = await post(url, requestWith(`<x:Trace xmlns:x="urn:trace" soap:mustUnderstand="1">on</x:Trace>`));
    expect(res).toEqual({
      status: 500,
      element: "Fault",
      code: "soap:MustUnderstand",
      reason: "header block {urn:trace}Trace marked mustUnderstand is not understood here",
    });
    expect(calls).toEqual([]);
  });

  it("serves the same block without the mark, with mustUnderstand=0, or for another actor", async () => {
    const url = await serve();
    const blocks = [
      `<x:Trace xmlns:x="urn:trace">on</x:Trace>`,
      `<x:Trace xmlns:x="urn:trace" soap:mustUnderstand="0">on</x:Trace>`,
      `<x:Trace xmlns:x="urn:trace" soap:mustUnderstand="1" soap:actor="urn:some-other-node">on</x:Trace>`,
    ];
    for (const block of blocks) {
      const res = await post(url, requestWith(block));
      expect(res.element, block).toBe("BatchReplyResponse");
    }
  });

  it("understands the operation's declared headers even when they are marked", async () => {
    const url = await serve();
    const marked = plainRequest().replace(/<ns1:ApplicationToken/, `<ns1:ApplicationToken soap:mustUnderstand="1"`);
    expect(marked).toContain('ApplicationToken soap:mustUnderstand="1"');
    const res = await post(url, marked);
    expect(res.element).toBe("BatchReplyResponse");
  });
});

describe("notUnderstood", () => {
  const header = (attrs: string, env = SOAP11_ENV) =>
    parseEnvelope(
      `<e:Envelope xmlns:e="${env}"><e:Header><h:A xmlns:h="urn:h" ${attrs}/></e:Header><e:Body/></e:Envelope>`,
    ).headers;

  it("reads the SOAP 1.1 and 1.2 marks and targets", () => {
    expect(notUnderstood(SOAP11_ENV, header(`e:mustUnderstand="1"`), [])).toHaveLength(1);
    expect(notUnderstood(SOAP11_ENV, header(`e:mustUnderstand="1"`), [{ ns: "urn:h", local: "A" }])).toHaveLength(0);
    expect(notUnderstood(SOAP11_ENV, header(`mustUnderstand="1"`), [])).toHaveLength(0);
    expect(
      notUnderstood(
        SOAP11_ENV,
        header(`e:mustUnderstand="1" e:actor="${SOAP11_ENV.replace("envelope/", "actor/next")}"`),
        [],
      ),
    ).toHaveLength(1);
    expect(notUnderstood(SOAP12_ENV, header(`e:mustUnderstand="true"`, SOAP12_ENV), [])).toHaveLength(1);
    expect(notUnderstood(SOAP12_ENV, header(`e:mustUnderstand="false"`, SOAP12_ENV), [])).toHaveLength(0);
    const none = `e:mustUnderstand="true" e:role="${SOAP12_ENV}/role/none"`;
    expect(notUnderstood(SOAP12_ENV, header(none, SOAP12_ENV), [])).toHaveLength(0);
    const ultimate = `e:mustUnderstand="true" e:role="${SOAP12_ENV}/role/ultimateReceiver"`;
    expect(notUnderstood(SOAP12_ENV, header(ultimate, SOAP12_ENV), [])).toHaveLength(1);
  });
});
