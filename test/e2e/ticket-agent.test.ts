/**
 * End to end over loopback HTTP: the TicketAgent generated from SuperOffice's published Services88 Ticket WSDL
 * calls a server built with createSoapHandler from the same generated metadata. Covers BatchReply and more than
 * ten other operations, request headers set on the agent and per call, response headers, Succeeded=false,
 * SOAP faults, HTTP errors and timeouts.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SoapFault, SoapHttpError, SoapServiceError, SoapTimeoutError, type ServiceMetadata } from "@wsdlgen/runtime";
import { createSoapHandler, type ServerCallOptions } from "@wsdlgen/runtime/server";
import { generate } from "../../generator/index.js";
import { hasShared, realTicketWsdl, sharedOrSkipMessage, tempDir, writeFiles } from "../helpers.js";

// The generated module's shape, as far as these tests use it (it is generated at run time, so only loosely typed here;
// the generated code itself is type-checked by test/real-ticket.test.ts).
type Method = (...args: unknown[]) => Promise<unknown>;
type Operation =
  | "BatchReply"
  | "ResolveTicketId"
  | "GetTicket"
  | "GetTickets"
  | "ClearNotify"
  | "UpdateTicketsReadStatus"
  | "SanitizeMailContent"
  | "SanitizeMailContents"
  | "Html2Text"
  | "SetTicketReadByOwner"
  | "GetTicketSummaries"
  | "CopyToTempFile"
  | "SetTicketMessageImportant"
  | "GetNextInQueue"
  | "DeleteTicketEntity"
  | "NotifyNewTicket"
  | "GetTicketAttachments"
  | "GetTicketEntity";
type Agent = Record<Operation, Method> & {
  withHeaders: Record<
    Operation,
    (...args: unknown[]) => Promise<{ result: unknown; headers: Record<string, unknown> }>
  >;
};
interface Generated {
  TicketAgent: new (options: object) => Agent;
  metadata: ServiceMetadata;
  TicketSecurityLevel: { External: string };
  TicketReadStatus: { Red: string };
}

describe.runIf(hasShared || sharedOrSkipMessage("end-to-end TicketAgent against the published WSDL"))(
  "TicketAgent ⇄ mock server over HTTP",
  () => {
    let mod: Generated;
    let server: http.Server;
    let endpoint: string;
    const seen: { operation: string; args: unknown[]; headers: Record<string, unknown> }[] = [];
    let slowMs = 0;
    const last = (operation: string) => [...seen].reverse().find((s) => s.operation === operation)!;

    // The implementation: answers like SuperOffice would, records what it was given.
    const impl: Record<string, (...args: unknown[]) => unknown> = {};
    const record = (operation: string, args: unknown[]) => {
      const call = args[args.length - 1] as ServerCallOptions;
      seen.push({ operation, args: args.slice(0, -1), headers: call.headers });
      call.responseHeaders = { Succeeded: true, TimeZone: { SoTimeZoneId: 7, SoTimeZoneLocationCode: "NO" } };
      return call;
    };
    impl.BatchReply = (...a) => (record("BatchReply", a), ((a[0] as { TicketIds?: number[] }).TicketIds ?? []).length);
    impl.GetTicket = (...a) => (
      record("GetTicket", a),
      {
        TicketId: a[0],
        Title: "Printer on fire",
        CreatedAt: "2024-02-29T13:45:30.1234567+01:00",
        Slevel: "Internal",
        TableRight: { Mask: ["Select", "Update"], Reason: "" },
      }
    );
    impl.GetTickets = (...a) => (
      record("GetTickets", a),
      (a[0] as number[]).map((id) => ({ TicketId: id, Title: `t${id}` }))
    );
    impl.ResolveTicketId = (...a) => (record("ResolveTicketId", a), (a[0] as number) + 1000);
    impl.ClearNotify = (...a) => void record("ClearNotify", a);
    impl.UpdateTicketsReadStatus = (...a) => (record("UpdateTicketsReadStatus", a), a[0]);
    impl.SanitizeMailContent = (...a) => (
      record("SanitizeMailContent", a),
      String(a[0]).replace(/<script>.*<\/script>/, "")
    );
    impl.SanitizeMailContents = (...a) => (record("SanitizeMailContents", a), a[0]);
    impl.Html2Text = (...a) => (record("Html2Text", a), "plain & simple <text>");
    impl.SetTicketReadByOwner = (...a) => (record("SetTicketReadByOwner", a), { TicketId: a[0], ReadStatus: a[1] });
    impl.GetTicketSummaries = (...a) => (record("GetTicketSummaries", a), []);
    impl.CopyToTempFile = (...a) => (record("CopyToTempFile", a), null);
    impl.SetTicketMessageImportant = (...a) => void record("SetTicketMessageImportant", a);
    impl.GetNextInQueue = (...a) => {
      const call = record("GetNextInQueue", a);
      call.responseHeaders = {
        Succeeded: false,
        ExceptionInfo: {
          Message: "No more tickets",
          ExceptionType: "SoException",
          FriendlyText: "Queue empty",
          StackTrace: "at Queue.Next()",
          InnerException: { Message: "inner cause", ExceptionType: "InvalidOperationException" },
        },
      };
      return null;
    };
    impl.DeleteTicketEntity = () => {
      throw new SoapFault({ code: "client", reason: "Ticket 42 is locked" });
    };
    impl.NotifyNewTicket = () => {
      throw new Error("database unavailable");
    };
    impl.GetTicketEntity = async (...a) => {
      record("GetTicketEntity", a);
      await new Promise((r) => setTimeout(r, slowMs));
      return null;
    };

    beforeAll(async () => {
      const dir = await tempDir("e2e");
      const { files } = await generate({ wsdl: [realTicketWsdl] });
      await writeFiles(dir, files);
      mod = (await import(path.join(dir, "Services88-Ticket/index.ts"))) as Generated;
      server = http.createServer(createSoapHandler(mod.metadata, "BasicHttpBinding_Ticket", impl));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/Remote/Services88/Ticket.svc`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const agent = (timeoutMs?: number) =>
      new mod.TicketAgent({
        endpoint,
        headers: { ApplicationToken: "app-token", Credentials: { Ticket: "7T:abc==" } },
        ...(timeoutMs ? { timeoutMs } : {}),
      });

    it("BatchReply sends the typed data and the agent's headers, and returns the number", async () => {
      const replied = await agent().BatchReply({
        TicketIds: [1, 2, 3],
        CloseTickets: true,
        HtmlBody: "<p>Done & dusted</p>",
        Slevel: mod.TicketSecurityLevel.External,
        TimeSpent: 15,
        SendCopyToCustomer: false,
      });
      expect(replied).toBe(3);
      const call = last("BatchReply");
      expect(call.args).toEqual([
        {
          TicketIds: [1, 2, 3],
          CloseTickets: true,
          HtmlBody: "<p>Done & dusted</p>",
          Slevel: "External",
          TimeSpent: 15,
          SendCopyToCustomer: false,
        },
      ]);
      expect(call.headers).toEqual({ ApplicationToken: "app-token", Credentials: { Ticket: "7T:abc==" } });
    });

    it("per-call headers override the agent's, and response headers come back typed", async () => {
      const { result, headers } = await agent().withHeaders.ResolveTicketId(5, {
        headers: { Credentials: { Ticket: "other" }, TimeZone: { SoTimeZoneId: 1 } },
      });
      expect(result).toBe(1005);
      expect(headers.Succeeded).toBe(true);
      expect(headers.TimeZone).toEqual({ SoTimeZoneId: 7, SoTimeZoneLocationCode: "NO" });
      expect(last("ResolveTicketId").headers).toEqual({
        ApplicationToken: "app-token",
        Credentials: { Ticket: "other" },
        TimeZone: { SoTimeZoneId: 1 },
      });
    });

    it("round-trips entities, dates, flags enums and arrays through ten more operations", async () => {
      const a = agent();
      const ticket = await a.GetTicket(42);
      expect(ticket).toEqual({
        TicketId: 42,
        Title: "Printer on fire",
        CreatedAt: "2024-02-29T13:45:30.1234567+01:00",
        Slevel: "Internal",
        TableRight: { Mask: ["Select", "Update"], Reason: "" },
      });
      expect(await a.GetTickets([7])).toEqual([{ TicketId: 7, Title: "t7" }]);
      expect(await a.GetTickets([])).toEqual([]);
      await expect(a.ClearNotify([1, 2])).resolves.toBeUndefined();
      expect(await a.UpdateTicketsReadStatus([4, 5], mod.TicketReadStatus.Red)).toEqual([4, 5]);
      expect(last("UpdateTicketsReadStatus").args).toEqual([[4, 5], "Red"]);
      expect(await a.SanitizeMailContent("hi<script>x</script>")).toBe("hi");
      expect(await a.SanitizeMailContents(["a", null, "c"])).toEqual(["a", null, "c"]);
      expect(await a.Html2Text("<b>x</b>")).toBe("plain & simple <text>");
      expect(await a.SetTicketReadByOwner(9, "Yellow", true)).toEqual({ TicketId: 9, ReadStatus: "Yellow" });
      expect(last("SetTicketReadByOwner").args).toEqual([9, "Yellow", true]);
      expect(await a.GetTicketSummaries([1])).toEqual([]);
      expect(await a.CopyToTempFile("name.txt", 3)).toBeNull();
      await expect(a.SetTicketMessageImportant(11, true)).resolves.toBeUndefined();
    });

    it("Succeeded=false becomes a SoapServiceError with the ExceptionInfo chain", async () => {
      const error = await agent()
        .GetNextInQueue()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SoapServiceError);
      const e = error as SoapServiceError;
      expect(e.message).toBe("No more tickets");
      expect(e.exceptionType).toBe("SoException");
      expect(e.friendlyText).toBe("Queue empty");
      expect(e.remoteStackTrace).toBe("at Queue.Next()");
      expect(e.inner?.message).toBe("inner cause");
      expect(e.inner?.exceptionType).toBe("InvalidOperationException");
    });

    it("a fault thrown by the implementation reaches the caller as a SoapFault", async () => {
      const error = await agent()
        .DeleteTicketEntity(42)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SoapFault);
      expect((error as SoapFault).code).toBe("soap:Client");
      expect((error as SoapFault).reason).toBe("Ticket 42 is locked");
      expect((error as SoapFault).httpStatus).toBe(500);
      const crash = await agent()
        .NotifyNewTicket(1)
        .catch((e: unknown) => e);
      expect(crash).toBeInstanceOf(SoapFault);
      expect((crash as SoapFault).code).toBe("soap:Server");
      expect((crash as SoapFault).reason).toBe("database unavailable");
    });

    it("an operation the server does not implement is a Server fault", async () => {
      const error = await agent()
        .GetTicketAttachments(1)
        .catch((e: unknown) => e);
      expect((error as SoapFault).reason).toBe("operation GetTicketAttachments is not implemented");
    });

    it("times out instead of hanging", async () => {
      slowMs = 2_000;
      try {
        const error = await agent(200)
          .GetTicketEntity(1)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SoapTimeoutError);
        expect((error as Error).message).toBe("GetTicketEntity did not answer within 200 ms");
      } finally {
        slowMs = 0;
      }
    });

    it("reports HTTP errors and non-XML bodies clearly", async () => {
      const fetchStub =
        (status: number, body: string): typeof fetch =>
        async () =>
          new Response(body, { status, headers: { "content-type": "text/html" } });
      const notFound = new mod.TicketAgent({ endpoint, fetch: fetchStub(404, "<html>Not Found</html>") });
      await expect(notFound.ResolveTicketId(1)).rejects.toThrowError(SoapHttpError);
      const garbage = new mod.TicketAgent({ endpoint, fetch: fetchStub(200, "this is not xml") });
      await expect(garbage.ResolveTicketId(1)).rejects.toThrowError(SoapHttpError);
      await expect(garbage.ResolveTicketId(1)).rejects.toThrowError(/is text\/html, not a SOAP message/);
      const huge = new mod.TicketAgent({ endpoint, maxResponseBytes: 100 });
      await expect(huge.GetTicket(1)).rejects.toThrowError(/exceeds the limit of 100/);
    });
  },
);
