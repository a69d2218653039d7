/**
 * The reference service, wsdl/Services88-Ticket.wsdl (BatchReply and three small operations). Its output is
 * generated/Services88-Ticket/ (with the types it shares with SoPrincipal in generated/shared/types.ts): committed,
 * pinned byte for byte by test/generated.test.ts, and read in every diff — the reference output's snapshot. Here:
 * - BatchReply has the names and signature SuperOffice's WSDL defines;
 * - generated/ type-checks under strict NodeNext and Bundler;
 * - our WSDL gives the same output as SuperOffice's published WSDL narrowed to the same operations (JSDoc aside:
 *   our WSDL adds wsdl:documentation, the published one has none), for BatchReply alone and for all four.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../generator/index.js";
import { hasShared, realTicketWsdl, referenceWsdl, repoRoot, sharedOrSkipMessage, typecheck } from "./helpers.js";

const generatedDir = path.join(repoRoot, "generated");
const ticketDir = path.join(generatedDir, "Services88-Ticket");

/** The operations of wsdl/Services88-Ticket.wsdl, in portType order. */
const REFERENCE_OPERATIONS = ["UpdateTicketsReadStatus", "BatchReply", "ClearNotify", "SetTicketMessageImportant"];

/** The generated .ts files by name, for one WSDL narrowed to `operations`. */
async function generateOperations(wsdl: string, operations: string[]) {
  const result = await generate({ wsdl: [wsdl], operations });
  return new Map(result.files.filter((f) => f.path.endsWith(".ts")).map((f) => [path.basename(f.path), f.contents]));
}

/** Removes JSDoc blocks (and the blank lines they leave), to compare outputs that differ only in documentation. */
function withoutJsDoc(text: string): string {
  return text.replace(/^[ \t]*\/\*\*[\s\S]*?\*\/[ \t]*\n/gm, "").replace(/[ \t]*\/\*\*.*?\*\/[ \t]*/g, "");
}

describe("the reference service (generated/Services88-Ticket)", () => {
  it("has BatchReply's names and signature as SuperOffice's WSDL defines them", () => {
    const types = readFileSync(path.join(ticketDir, "types.ts"), "utf8");
    const agent = readFileSync(path.join(ticketDir, "TicketAgent.ts"), "utf8");
    expect(types).toContain("export interface TicketBatchReplyData {");
    expect(types).toContain('export type TicketSecurityLevel = "Unknown" | "Internal" | "External";');
    expect(types).toContain("export const TicketSecurityLevel = {");
    expect(agent).toContain("export class TicketAgent implements ITicketAgent {");
    expect(agent).toContain(
      "BatchReply(batchReplyData?: TicketBatchReplyData | null, options?: CallOptions<TicketAgentRequestHeaders>): " +
        "Promise<number>;",
    );
    // The seven members, in schema order.
    const batchReplyData = types.slice(types.indexOf("export interface TicketBatchReplyData {"));
    const members = [...batchReplyData.slice(0, batchReplyData.indexOf("\n}")).matchAll(/^  (\w+)\??:/gm)];
    expect(members.map((m) => m[1])).toEqual([
      "TicketIds",
      "CloseTickets",
      "AttachmentIds",
      "HtmlBody",
      "Slevel",
      "TimeSpent",
      "SendCopyToCustomer",
    ]);
  });

  it("type-checks, with everything else in generated/, under strict NodeNext and Bundler", async () => {
    const files = readdirSync(generatedDir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .map((f) => path.join(generatedDir, f));
    expect(files).toContain(path.join(ticketDir, "TicketAgent.ts"));
    expect(files).toContain(path.join(generatedDir, "shared/types.ts"));
    await typecheck(files, "NodeNext");
    await typecheck(files, "Bundler");
  });

  it("holds the four reference operations", () => {
    const agent = readFileSync(path.join(ticketDir, "TicketAgent.ts"), "utf8");
    const iface = agent.slice(
      agent.indexOf("export interface ITicketAgent"),
      agent.indexOf("export class TicketAgent"),
    );
    expect([...iface.matchAll(/^  (\w+)\(/gm)].map((m) => m[1])).toEqual(REFERENCE_OPERATIONS);
  });

  describe.runIf(hasShared || sharedOrSkipMessage("the reference WSDL against the published WSDL"))(
    "equals the output of SuperOffice's published WSDL for the same operations (JSDoc aside)",
    () => {
      it.each([[["BatchReply"]], [REFERENCE_OPERATIONS]])("%j", async (operations) => {
        const ours = await generateOperations(referenceWsdl, operations);
        const theirs = await generateOperations(realTicketWsdl, operations);
        expect([...ours.keys()].sort()).toEqual(["TicketAgent.ts", "index.ts", "metadata.ts", "types.ts"]);
        expect([...theirs.keys()].sort()).toEqual([...ours.keys()].sort());
        for (const [name, contents] of ours) {
          expect(withoutJsDoc(theirs.get(name)!), name).toBe(withoutJsDoc(contents));
        }
        // The comparison is not vacuous: our documentation is present in ours only.
        expect(ours.get("TicketAgent.ts")).toContain("Replies to several tickets at once");
        expect(theirs.get("TicketAgent.ts")).not.toContain("Replies to several tickets at once");
      });
    },
  );
});
