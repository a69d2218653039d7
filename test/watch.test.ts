/** --watch: regenerates after a change (debounced) and keeps watching after a failed run. */
import { existsSync } from "node:fs";
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
    for (let i = 0; i < 3; i++)
      await writeFile(wsdl, `<!-- edit ${i} -->\n` + (await import("node:fs")).readFileSync(referenceWsdl, "utf8"));
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

describe("watch, from the generate command", () => {
  it("also regenerates when a document the WSDL imports changes", async () => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const dir = await tempDir("watch-import");
    await writeFile(
      path.join(dir, "ext.xsd"),
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:ext">' +
        '<xs:complexType name="Ext"><xs:sequence><xs:element name="A" type="xs:int"/></xs:sequence></xs:complexType></xs:schema>',
    );
    const wsdl = path.join(dir, "Ticket.wsdl");
    const text = (await import("node:fs")).readFileSync(referenceWsdl, "utf8");
    await writeFile(
      wsdl,
      text.replace(
        '<xs:import namespace="http://schemas.microsoft.com/2003/10/Serialization/" />',
        '<xs:import namespace="http://schemas.microsoft.com/2003/10/Serialization/" /><xs:import namespace="urn:ext" schemaLocation="ext.xsd" />',
      ),
    );
    const { runGenerate } = await import("../generator/cli-generate.js");
    const { readFile } = await import("node:fs/promises");
    // Watching lasts until the signal aborts: let it run, edit the import, and look at the output.
    const controller = new AbortController();
    const watching = runGenerate({
      wsdl: [wsdl],
      out: path.join(dir, "out"),
      watch: true,
      quiet: true,
      signal: controller.signal,
    });
    const typesFile = path.join(dir, "out/Ticket/types.ts");
    await until(() => existsSync(typesFile));
    await new Promise((r) => setTimeout(r, 300));
    await writeFile(
      path.join(dir, "ext.xsd"),
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:ext">' +
        '<xs:complexType name="Ext"><xs:sequence><xs:element name="B" type="xs:string"/></xs:sequence></xs:complexType></xs:schema>',
    );
    let types = "";
    const end = Date.now() + 8_000;
    while (!types.includes("B: string;") && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      types = await readFile(typesFile, "utf8");
    }
    expect(types).toContain("export interface Ext {\n  B: string;\n}");
    controller.abort();
    expect(await watching).toBe(0);
    expect(out).not.toHaveBeenCalled(); // --quiet
    vi.restoreAllMocks();
  });
});
