/** `wsdlgen mock`: canned responses for every operation, served over HTTP, callable by a generated client. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { SoapClient, SoapFault } from "@wsdlgen/runtime";
import { main } from "../generator/cli.js";
import { loadMetadata } from "../generator/index.js";
import { cannedImplementation, sampleValue, startMockServer, type MockServer } from "../generator/mock.js";
import { encodeResponse, operationRef } from "../runtime/src/codec.js";
import { ValueCodec } from "../runtime/src/values.js";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { referenceWsdl, repoRoot } from "./helpers.js";

let running: MockServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  vi.restoreAllMocks();
});

describe("sampleValue", () => {
  it("builds a value of the declared shape", async () => {
    const { metadata } = await loadMetadata(referenceWsdl);
    const codec = new ValueCodec(metadata);
    expect(sampleValue(codec, "TicketBatchReplyData", "BatchReplyData")).toEqual({
      TicketIds: [0],
      CloseTickets: false,
      AttachmentIds: [0],
      HtmlBody: "HtmlBody",
      Slevel: "Unknown",
      TimeSpent: 0,
      SendCopyToCustomer: false,
    });
    expect(sampleValue(codec, "SoExtraInfo", "ExtraInfo")).toEqual({ key: "Value" });
  });
});

describe("cannedImplementation", () => {
  it("answers every operation of every construct fixture with a response the codec accepts", async () => {
    const dir = path.join(repoRoot, "test/constructs");
    const failures: string[] = [];
    let answered = 0;
    for (const construct of readdirSync(dir)) {
      const wsdl = path.join(dir, construct, "input.wsdl");
      if (!existsSync(wsdl)) continue;
      const { metadata } = await loadMetadata(wsdl);
      for (const port of Object.keys(metadata.ports)) {
        const impl = cannedImplementation(metadata, port);
        for (const op of Object.keys(metadata.ports[port]!.operations)) {
          const call = { headers: {}, responseHeaders: {}, operation: op };
          try {
            encodeResponse(operationRef(metadata, port, op), impl[op]!(call), call.responseHeaders);
            answered++;
          } catch (e) {
            failures.push(`${construct}/${op}: ${(e as Error).message}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(10);
  });
});

describe("startMockServer", () => {
  it("answers every operation with a sample and Succeeded=true", async () => {
    running = await startMockServer(referenceWsdl);
    const { metadata } = await loadMetadata(referenceWsdl);
    const client = new SoapClient<Record<string, unknown>, Record<string, unknown>>(
      metadata,
      "BasicHttpBinding_Ticket",
      { endpoint: running.endpoints.BasicHttpBinding_Ticket! },
    );
    expect(await client.invoke("BatchReply", [{ TicketIds: [1] }])).toEqual({
      result: 0,
      headers: {
        ExceptionInfo: expect.any(Object),
        ExtraInfo: { key: "Value" },
        Succeeded: true,
        TimeZone: expect.any(Object),
      },
    });
    expect((await client.invoke("UpdateTicketsReadStatus", [[1], "Red"])).result).toEqual([0]);
    expect((await client.invoke("ClearNotify", [[1]])).result).toBeUndefined();
  });

  it("is what `wsdlgen mock` starts", async () => {
    let out = "";
    vi.spyOn(process.stdout, "write").mockImplementation(
      (chunk: string | Uint8Array) => ((out += String(chunk)), true),
    );
    const code = await main(["mock", referenceWsdl, "--port", "0"], { onMockStarted: (m) => (running = m) });
    expect(code).toBe(0);
    expect(out).toMatch(
      /^wsdlgen mock: BasicHttpBinding_Ticket at http:\/\/127\.0\.0\.1:\d+\/BasicHttpBinding_Ticket\n$/,
    );
    const res = await fetch(running!.endpoints.BasicHttpBinding_Ticket!.replace(/BasicHttpBinding_Ticket$/, "nope"), {
      method: "POST",
    });
    expect(res.status).toBe(404);
  });

  it("answers a bad percent-escape with 400 and keeps serving", async () => {
    running = await startMockServer(referenceWsdl);
    const origin = new URL(running.endpoints.BasicHttpBinding_Ticket!).origin;
    for (const path of ["/%zz", "/%E0%A4%A", "/Basic%"]) {
      const res = await fetch(`${origin}${path}`);
      expect(res.status, path).toBe(400);
      expect(await res.text()).toBe(`malformed percent-escape in the path ${path}\n`);
    }
    const wrongMethod = await fetch(running.endpoints.BasicHttpBinding_Ticket!);
    expect(wrongMethod.status).toBe(405);
    const json = await fetch(running.endpoints.BasicHttpBinding_Ticket!, { method: "POST", body: "{}" });
    expect(json.status).toBe(415);
    const { metadata } = await loadMetadata(referenceWsdl);
    const client = new SoapClient(metadata, "BasicHttpBinding_Ticket", {
      endpoint: running.endpoints.BasicHttpBinding_Ticket!,
    });
    expect((await client.invoke("BatchReply", [{ TicketIds: [1] }])).result).toBe(0);
  });

  it("requires the UsernameToken of `--username` and `--password`", async () => {
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const code = await main(["mock", referenceWsdl, "--port", "0", "--username", "alice", "--password", "pw €"], {
      onMockStarted: (m) => (running = m),
    });
    expect(code).toBe(0);
    const { metadata } = await loadMetadata(referenceWsdl);
    const endpoint = running!.endpoints.BasicHttpBinding_Ticket!;
    const anonymous = new SoapClient(metadata, "BasicHttpBinding_Ticket", { endpoint });
    const refused = await anonymous.invoke("BatchReply", [{}]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SoapFault);
    expect(refused).toMatchObject({ code: "wsse:InvalidSecurity" });
    for (const passwordType of ["PasswordText", "PasswordDigest"] as const) {
      const client = new SoapClient(metadata, "BasicHttpBinding_Ticket", {
        endpoint,
        usernameToken: { username: "alice", password: "pw €", passwordType },
      });
      expect((await client.invoke("BatchReply", [{}])).result).toBe(0);
    }
    const wrong = new SoapClient(metadata, "BasicHttpBinding_Ticket", {
      endpoint,
      usernameToken: { username: "alice", password: "pw" },
    });
    expect(await wrong.invoke("BatchReply", [{}]).catch((e: unknown) => e)).toMatchObject({
      code: "wsse:FailedAuthentication",
      reason: 'wrong password for user "alice"',
    });
  });

  it("refuses --username without --password as bad usage", async () => {
    let err = "";
    vi.spyOn(process.stderr, "write").mockImplementation(
      (chunk: string | Uint8Array) => ((err += String(chunk)), true),
    );
    vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void (err += a.join(" ")));
    const code = await main(["mock", referenceWsdl, "--port", "0", "--username", "alice"], {
      onMockStarted: (m) => (running = m),
    });
    expect(code).toBe(2);
    expect(running).toBeUndefined();
    expect(err).toContain("--username and --password go together");
  });
});
