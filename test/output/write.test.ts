/** Output: unchanged files untouched, stale files removed via the manifest, --check, and the no-op fast path. */
import { copyFile, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { lastRunInputs, MANIFEST_FILE } from "../../generator/output/output-folder.js";
import { referenceWsdl, tempDir } from "../helpers.js";

async function setup() {
  const dir = await tempDir("output");
  const wsdl = path.join(dir, "Ticket.wsdl");
  await copyFile(referenceWsdl, wsdl);
  return { dir, wsdl, out: path.join(dir, "out") };
}

describe("writing output", () => {
  it("leaves unchanged files untouched and skips the whole run when nothing changed", async () => {
    const { wsdl, out } = await setup();
    const first = await generate({ wsdl: [wsdl], outDir: out });
    expect(first.report!.written.sort()).toEqual(
      [MANIFEST_FILE, "Ticket/TicketAgent.ts", "Ticket/index.ts", "Ticket/metadata.ts", "Ticket/types.ts"].sort(),
    );
    expect(await lastRunInputs(out)).toEqual([wsdl]);
    const mtime = (await stat(path.join(out, "Ticket/types.ts"))).mtimeMs;

    const second = await generate({ wsdl: [wsdl], outDir: out });
    expect(second.upToDate).toBe(true);
    expect(second.models).toEqual([]);

    const forced = await generate({ wsdl: [wsdl], outDir: out, force: true });
    expect(forced.upToDate).toBeUndefined();
    expect(forced.report!.written).toEqual([]);
    expect(forced.report!.unchanged).toHaveLength(5);
    expect((await stat(path.join(out, "Ticket/types.ts"))).mtimeMs).toBe(mtime);
  });

  it("regenerates when an input, an option or an output file changed", async () => {
    const { wsdl, out } = await setup();
    await generate({ wsdl: [wsdl], outDir: out });
    await writeFile(
      wsdl,
      (await readFile(wsdl, "utf8")).replace("Replies to several tickets at once", "Answers many tickets at once"),
    );
    const afterInput = await generate({ wsdl: [wsdl], outDir: out });
    expect(afterInput.report!.written).toEqual(["Ticket/TicketAgent.ts"]);

    const afterOption = await generate({ wsdl: [wsdl], outDir: out, scalars: { integer: "bigint" } });
    expect(afterOption.upToDate).toBeUndefined();

    await generate({ wsdl: [wsdl], outDir: out });
    await writeFile(path.join(out, "Ticket/index.ts"), "// edited by hand\n");
    const afterEdit = await generate({ wsdl: [wsdl], outDir: out });
    expect(afterEdit.report!.written).toEqual(["Ticket/index.ts"]);
  });

  it("removes files a previous run wrote and this one does not", async () => {
    const { dir, wsdl, out } = await setup();
    const other = path.join(dir, "Other.wsdl");
    await copyFile(referenceWsdl, other);
    await generate({ wsdl: [wsdl, other], outDir: out });
    await writeFile(path.join(out, "Other", "notes.txt"), "mine");
    const report = (await generate({ wsdl: [wsdl], outDir: out })).report!;
    expect(report.removed.sort()).toEqual([
      "Other/TicketAgent.ts",
      "Other/index.ts",
      "Other/metadata.ts",
      "Other/types.ts",
      "shared/types.ts",
    ]);
    expect(await readdir(out)).not.toContain("shared");
    expect(await readdir(path.join(out, "Other"))).toEqual(["notes.txt"]);
  });

  it("removes the temporary files an interrupted earlier version left beside its files, and only those", async () => {
    const { wsdl, out } = await setup();
    await generate({ wsdl: [wsdl], outDir: out });
    const stray = path.join(out, "Ticket/types.ts.0123456789ab.tmp");
    const mine = path.join(out, "Ticket/notes.0123456789ab.tmp");
    await writeFile(stray, "half a file");
    await writeFile(mine, "not ours");
    await generate({ wsdl: [wsdl], outDir: out, force: true });
    expect((await readdir(path.join(out, "Ticket"))).sort()).toEqual([
      "TicketAgent.ts",
      "index.ts",
      "metadata.ts",
      "notes.0123456789ab.tmp",
      "types.ts",
    ]);
  });

  it("--check reports stale, missing and extra files and writes nothing", async () => {
    const { wsdl, out } = await setup();
    expect((await generate({ wsdl: [wsdl], outDir: out, check: true })).check!.missing).toHaveLength(5);
    expect(await readdir(path.dirname(out))).not.toContain("out");
    await generate({ wsdl: [wsdl], outDir: out });
    expect((await generate({ wsdl: [wsdl], outDir: out, check: true })).check).toEqual({
      stale: [],
      missing: [],
      extra: [],
    });
    await writeFile(path.join(out, "Ticket/types.ts"), "// stale\n");
    await writeFile(path.join(out, "Ticket/Leftover.ts"), "// extra\n");
    const check = (await generate({ wsdl: [wsdl], outDir: out, check: true })).check!;
    expect(check).toEqual({ stale: ["Ticket/types.ts"], missing: [], extra: ["Ticket/Leftover.ts"] });
    expect(await readFile(path.join(out, "Ticket/types.ts"), "utf8")).toBe("// stale\n");
  });
});
