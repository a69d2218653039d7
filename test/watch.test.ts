/** --watch: regenerates after a change (debounced) and keeps watching after a failed run. */
import { copyFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { watch } from "../generator/watch.js";
import { referenceWsdl, tempDir } from "./helpers.js";

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("watch", () => {
  it("runs once per burst of changes, and goes on after a run fails", async () => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const dir = await tempDir("watch");
    const wsdl = path.join(dir, "Ticket.wsdl");
    await copyFile(referenceWsdl, wsdl);
    const controller = new AbortController();
    let runs = 0;
    const watching = watch({ wsdl: [wsdl], debounceMs: 100, signal: controller.signal }, async () => {
      runs++;
      if (runs === 1) throw new Error("first run fails");
    });
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 3; i++) await writeFile(wsdl, `<!-- edit ${i} -->\n` + (await import("node:fs")).readFileSync(referenceWsdl, "utf8"));
    await until(() => runs === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(runs).toBe(1); // three writes, one run
    await writeFile(wsdl, "<!-- again -->\n" + (await import("node:fs")).readFileSync(referenceWsdl, "utf8"));
    await until(() => runs === 2);
    controller.abort();
    await watching;
    vi.restoreAllMocks();
  });
});
