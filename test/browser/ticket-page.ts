/**
 * The page of the browser test: calls the generated Ticket client from a web page (bundled by esbuild for the
 * browser platform) against the endpoint in its query string (`?endpoint=…`, another origin), and shows the
 * typed results, as a table to look at and as JSON in `#result` (with `data-state` "done" or "failed") to assert.
 */
import { SoapHttpError } from "@wsdlgen/runtime";
import { TicketAgent, TicketSecurityLevel, type SoTimeZone } from "../../generated/Services88-Ticket/index.js";

interface PageResult {
  replied: number;
  statuses: number[] | null;
  succeeded: boolean | undefined;
  timeZone: SoTimeZone | null | undefined;
  missingPort: { error: string; status: number | undefined };
}

async function callTicket(endpoint: string): Promise<PageResult> {
  const agent = new TicketAgent({ endpoint, headers: { ApplicationToken: "browser-app" } });
  const replied: number = await agent.BatchReply({
    TicketIds: [1, 2],
    HtmlBody: "<p>Done</p>",
    Slevel: TicketSecurityLevel.External,
  });
  const { result: statuses, headers } = await agent.withHeaders.UpdateTicketsReadStatus([4, 5], "Green");
  // An HTTP error across origins is a typed error too (the mock's 404 carries the CORS headers).
  const wrongPort = new TicketAgent({ endpoint: endpoint.replace(/[^/]*$/, "NoSuchPort") });
  const missingPort = await wrongPort.ClearNotify([1]).then(
    () => ({ error: "none", status: undefined }),
    (e: unknown) => ({
      error: e instanceof SoapHttpError ? "SoapHttpError" : String(e),
      status: e instanceof SoapHttpError ? e.status : undefined,
    }),
  );
  return { replied, statuses, succeeded: headers.Succeeded, timeZone: headers.TimeZone, missingPort };
}

function row(table: HTMLTableElement, label: string, value: unknown): void {
  const tr = table.insertRow();
  tr.insertCell().textContent = label;
  tr.insertCell().textContent = JSON.stringify(value);
}

async function main(): Promise<void> {
  const endpoint = new URLSearchParams(location.search).get("endpoint") ?? "";
  const output = document.getElementById("result")!;
  const table = document.getElementById("table") as HTMLTableElement;
  document.getElementById("endpoint")!.textContent = endpoint;
  try {
    const result = await callTicket(endpoint);
    row(table, "BatchReply → number", result.replied);
    row(table, "UpdateTicketsReadStatus → number[]", result.statuses);
    row(table, "response header Succeeded", result.succeeded);
    row(table, "response header TimeZone (SoTimeZone)", result.timeZone);
    row(table, "ClearNotify on a missing port", result.missingPort);
    output.textContent = JSON.stringify(result);
    output.dataset.state = "done";
  } catch (e) {
    output.textContent = JSON.stringify({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    output.dataset.state = "failed";
  }
}

void main();
