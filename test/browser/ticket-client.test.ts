/**
 * The generated Ticket client in a real browser: a page that uses it (ticket-page.ts) is bundled with esbuild for
 * the browser platform, served on loopback, and opened in Debian's headless Chromium (driven by playwright-core);
 * it calls `wsdlgen mock --cors` listening on another port, so another origin, and the test asserts the typed
 * results the page shows. A screenshot of the page is kept in test/.tmp/browser-ticket-client.png.
 *
 * Needs /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it). Without it a local run skips with a
 * visible SKIPPED message and a CI run fails.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../generator/cli.js";
import { startMockServer, type MockServer } from "../../generator/mock.js";
import { referenceWsdl, repoRoot, sharedOrSkipMessage } from "../helpers.js";
import { bundleForBrowser } from "./bundle.mjs";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOT = path.join(repoRoot, "test/.tmp/browser-ticket-client.png");

const PAGE_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>wsdlgen: Ticket client in the browser</title>
<style>
  body { font: 15px system-ui, sans-serif; margin: 24px; }
  table { border-collapse: collapse; margin: 12px 0; } td { border: 1px solid #bbb; padding: 4px 10px; }
  pre { background: #f4f4f4; padding: 8px; white-space: pre-wrap; }
</style></head>
<body>
<h1>Services88 Ticket client, in the browser</h1>
<p>Endpoint (another origin): <code id="endpoint"></code></p>
<table id="table"></table>
<pre id="result" data-state="running">running…</pre>
<script type="module" src="/page.js"></script>
</body>
</html>
`;

/** Serves the page and its bundle; everything else is 404. */
async function servePage(bundle: Uint8Array): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = (req.url ?? "/").split("?")[0];
    if (url === "/") res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(PAGE_HTML);
    else if (url === "/page.js") res.writeHead(200, { "Content-Type": "text/javascript" }).end(bundle);
    else res.writeHead(404).end();
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) };
}

const hasChromium = existsSync(CHROMIUM);

describe.runIf(
  hasChromium ||
    sharedOrSkipMessage("the browser test (test/browser/ticket-client.test.ts)", {
      present: hasChromium,
      missing: `${CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it)`,
    }),
)("the generated Ticket client in headless Chromium", () => {
  let page: { origin: string; close: () => Promise<void> };
  let mock: MockServer | undefined;
  let mockWithoutCors: MockServer | undefined;
  let context: BrowserContext | undefined;
  let profile: string;
  const consoleLines: string[] = [];

  beforeAll(async () => {
    const { js, inputs } = await bundleForBrowser({
      contents: `import "./ticket-page.ts";\n`,
      resolveDir: path.dirname(fileURLToPath(import.meta.url)),
    });
    // The browser bundle holds the client runtime, never its Node server entry.
    expect(inputs.filter((i) => /runtime\/src\/server\.ts|^node:/.test(i))).toEqual([]);
    page = await servePage(js);

    const quiet = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      const code = await main(["mock", referenceWsdl, "--port", "0", "--cors"], { onMockStarted: (m) => (mock = m) });
      expect(code).toBe(0);
    } finally {
      quiet.mockRestore();
    }
    mockWithoutCors = await startMockServer(referenceWsdl);

    profile = await mkdtemp(path.join(os.tmpdir(), "wsdlgen-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 900, height: 560 },
      timeout: 60_000,
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await mock?.close();
    await mockWithoutCors?.close();
    await page?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  async function openPage(endpoint: string): Promise<{ tab: Page; state: string; result: unknown }> {
    const tab = await context!.newPage();
    tab.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    tab.on("pageerror", (e) => consoleLines.push(`pageerror: ${e.message}`));
    await tab.goto(`${page.origin}/?endpoint=${encodeURIComponent(endpoint)}`);
    const result = tab.locator("#result");
    await tab.waitForFunction(() => document.getElementById("result")?.dataset.state !== "running", undefined, {
      timeout: 30_000,
    });
    return {
      tab,
      state: (await result.getAttribute("data-state")) ?? "",
      result: JSON.parse((await result.textContent()) ?? "null"),
    };
  }

  it("calls the mock on another origin and shows the typed results", async () => {
    const endpoint = mock!.endpoints.BasicHttpBinding_Ticket!;
    expect(new URL(endpoint).origin).not.toBe(page.origin);
    const { tab, state, result } = await openPage(endpoint);
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await tab.screenshot({ path: SCREENSHOT, fullPage: true });
    await tab.close();
    expect({ state, result }, consoleLines.join("\n")).toEqual({
      state: "done",
      result: {
        replied: 0,
        statuses: [0],
        succeeded: true,
        timeZone: { SoTimeZoneId: 0, SoTimeZoneLocationCode: "SoTimeZoneLocationCode" },
        missingPort: { error: "SoapHttpError", status: 404 },
      },
    });
  });

  it("cannot call a mock without --cors (the browser enforces the same-origin rule)", async () => {
    const { tab, state, result } = await openPage(mockWithoutCors!.endpoints.BasicHttpBinding_Ticket!);
    await tab.close();
    expect(state).toBe("failed");
    expect((result as { error: string }).error).toMatch(/fetch/i);
  });
});
