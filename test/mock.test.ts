/** `wsdlgen mock`: canned responses for every operation, served over HTTP, callable by a generated client. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { SoapClient } from "@wsdlgen/runtime";
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
});
