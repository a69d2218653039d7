/**
 * `wsdlgen mock --cors`: a page of another origin can call the mock. The browser itself is exercised by
 * ticket-client.test.ts; this checks the preflight and the headers on every kind of answer, without one.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../generator/cli.js";
import { CORS_HEADERS, startMockServer, type MockServer } from "../../generator/mock.js";
import { referenceWsdl } from "../helpers.js";

let running: MockServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  vi.restoreAllMocks();
});

const origin = "http://127.0.0.1:1";
const envelope =
  '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>' +
  '<BatchReply xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"/></s:Body></s:Envelope>';

function corsHeadersOf(res: Response): Record<string, string | null> {
  return Object.fromEntries(Object.keys(CORS_HEADERS).map((h) => [h, res.headers.get(h)]));
}

describe("wsdlgen mock --cors", () => {
  it("answers a preflight and marks answers, faults and 404s as readable by any origin", async () => {
    const quiet = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    expect(await main(["mock", referenceWsdl, "--port", "0", "--cors"], { onMockStarted: (m) => (running = m) })).toBe(
      0,
    );
    quiet.mockRestore();
    const endpoint = running!.endpoints.BasicHttpBinding_Ticket!;

    const preflight = await fetch(endpoint, {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "soapaction",
      },
    });
    expect(preflight.status).toBe(204);
    expect(corsHeadersOf(preflight)).toEqual(CORS_HEADERS);
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toBe("SOAPAction, Content-Type, Authorization");

    const post = (body: string, url = endpoint) =>
      fetch(url, {
        method: "POST",
        headers: {
          Origin: origin,
          "Content-Type": "text/xml; charset=utf-8",
          SOAPAction: '"http://www.superoffice.net/ws/crm/NetServer/Services88/Ticket/BatchReply"',
        },
        body,
      });
    const answer = await post(envelope);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain("BatchReplyResponse");
    expect(answer.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const fault = await post("<not-soap/>");
    expect(fault.status).toBe(500);
    expect(fault.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const missing = await post(envelope, endpoint.replace(/BasicHttpBinding_Ticket$/, "nope"));
    expect(missing.status).toBe(404);
    expect(missing.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("without --cors, adds no CORS header and refuses OPTIONS", async () => {
    running = await startMockServer(referenceWsdl);
    const endpoint = running.endpoints.BasicHttpBinding_Ticket!;
    const preflight = await fetch(endpoint, { method: "OPTIONS", headers: { Origin: origin } });
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const answer = await fetch(endpoint, { method: "POST", headers: { "Content-Type": "text/xml" }, body: envelope });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});
