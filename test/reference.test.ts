/**
 * The reference operation: BatchReply, generated from the project's own wsdl/Services88-Ticket.wsdl, pinned by one
 * real .ts snapshot per generated file (test/__snapshots__/BatchReply/), and those snapshots type-checked.
 * The same BatchReply output generated from SuperOffice's published WSDL must be identical but for JSDoc (our
 * WSDL adds wsdl:documentation, the published one has none).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../generator/index.js";
import { hasShared, realTicketWsdl, referenceWsdl, repoRoot, sharedOrSkipMessage, typecheck } from "./helpers.js";

const snapshotDir = path.join(repoRoot, "test/__snapshots__/BatchReply");

async function batchReply(wsdl: string) {
  const result = await generate({ wsdl: [wsdl], operations: ["BatchReply"] });
  return new Map(result.files.filter((f) => f.path.endsWith(".ts")).map((f) => [path.basename(f.path), f.contents]));
}

/** Removes JSDoc blocks (and the blank lines they leave), to compare outputs that differ only in documentation. */
function withoutJsDoc(text: string): string {
  return text.replace(/^[ \t]*\/\*\*[\s\S]*?\*\/[ \t]*\n/gm, "").replace(/[ \t]*\/\*\*.*?\*\/[ \t]*/g, "");
}

describe("BatchReply reference output", () => {
  it("matches the snapshot files, one per generated file", async () => {
    const files = await batchReply(referenceWsdl);
    expect([...files.keys()].sort()).toEqual(["TicketAgent.ts", "index.ts", "metadata.ts", "types.ts"]);
    for (const [name, contents] of files) {
      await expect(contents).toMatchFileSnapshot(path.join(snapshotDir, name));
    }
  });

  it("has the names and signature SuperOffice's WSDL defines", async () => {
    const files = await batchReply(referenceWsdl);
    const types = files.get("types.ts")!;
    const agent = files.get("TicketAgent.ts")!;
    expect(types).toContain("export interface TicketBatchReplyData {");
    expect(types).toContain('export type TicketSecurityLevel = "Unknown" | "Internal" | "External";');
    expect(types).toContain("export const TicketSecurityLevel = {");
    expect(agent).toContain("export class TicketAgent implements ITicketAgent {");
    expect(agent).toContain(
      "BatchReply(batchReplyData?: TicketBatchReplyData | null, options?: CallOptions<TicketAgentRequestHeaders>): Promise<number>;",
    );
    // The seven members, in schema order.
    const members = [...types.matchAll(/^  (\w+)\??:/gm)].map((m) => m[1]);
    const start = members.indexOf("TicketIds");
    expect(members.slice(start, start + 7)).toEqual([
      "TicketIds",
      "CloseTickets",
      "AttachmentIds",
      "HtmlBody",
      "Slevel",
      "TimeSpent",
      "SendCopyToCustomer",
    ]);
  });

  it("snapshots type-check under strict NodeNext and Bundler", async () => {
    const files = ["types.ts", "metadata.ts", "TicketAgent.ts", "index.ts"].map((f) => path.join(snapshotDir, f));
    await typecheck(files, "NodeNext");
    await typecheck(files, "Bundler");
  });

  it.runIf(hasShared || sharedOrSkipMessage("BatchReply from the published WSDL"))(
    "equals the BatchReply output generated from SuperOffice's published WSDL (JSDoc aside)",
    async () => {
      const ours = await batchReply(referenceWsdl);
      const theirs = await batchReply(realTicketWsdl);
      expect([...theirs.keys()].sort()).toEqual([...ours.keys()].sort());
      for (const [name, contents] of ours) {
        expect(withoutJsDoc(theirs.get(name)!), name).toBe(withoutJsDoc(contents));
      }
      // The comparison is not vacuous: our documentation is present in ours only.
      expect(ours.get("TicketAgent.ts")).toContain("Replies to several tickets at once");
      expect(theirs.get("TicketAgent.ts")).not.toContain("Replies to several tickets at once");
    },
  );
});
