/** The full published Services88 Ticket WSDL: every operation and named type generated, strict-compiling, any-free. */
import { beforeAll, describe, expect, it } from "vitest";
import { generate, type GenerateResult } from "../generator/index.js";
import { hasShared, realTicketWsdl, sharedOrSkipMessage, tempDir, typecheck, writeFiles } from "./helpers.js";

/** Code with comments and string literals removed, so a word search sees only TypeScript syntax. */
function codeOnly(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "")
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
}

describe.runIf(hasShared || sharedOrSkipMessage("the published Services88 Ticket WSDL"))(
  "Services88 Ticket WSDL (published)",
  () => {
    let result: GenerateResult;
    const file = (name: string) => result.files.find((f) => f.path === `Services88-Ticket/${name}`)!.contents;
    beforeAll(async () => {
      result = await generate({ wsdl: [realTicketWsdl] });
    });

    it("generates all 67 operations on the agent interface and class", () => {
      const agent = file("TicketAgent.ts");
      const iface = agent.slice(
        agent.indexOf("export interface ITicketAgent"),
        agent.indexOf("export class TicketAgent"),
      );
      const methods = [...iface.matchAll(/^  (\w+)\(/gm)].map((m) => m[1]);
      expect(methods).toHaveLength(67);
      expect(new Set(methods).size).toBe(67);
      expect(result.models[0]!.services[0]!.ports[0]!.operations).toHaveLength(67);
      for (const name of methods) expect(agent).toContain(`  async ${name}(`);
    });

    it("declares every named schema type once, under its WSDL name", () => {
      const types = file("types.ts");
      const model = result.models[0]!;
      const declared = [...types.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]);
      expect(declared).toHaveLength(model.types.length);
      expect(model.types.length).toBe(85);
      for (const t of model.types) expect(declared).toContain(t.name.local);
      for (const name of [
        "TicketBatchReplyData",
        "TicketSecurityLevel",
        "ETableRight",
        "EFieldRight",
        "SoExtraInfo",
        "FieldPropertyDictionary",
        "SoExceptionInfo",
        "ArrayOfint",
      ]) {
        expect(declared).toContain(name);
      }
    });

    it("uses no `any` anywhere in the generated code", () => {
      for (const f of result.files) {
        expect(codeOnly(f.contents), f.path).not.toMatch(/\bany\b/);
      }
    });

    it("compiles with tsc --strict --noEmit", async () => {
      const dir = await tempDir("real-ticket");
      const paths = await writeFiles(dir, result.files);
      await typecheck(paths, "NodeNext");
    });

    it("reads the whole WSDL without warnings", () => {
      expect(result.warnings).toEqual([]);
    });
  },
);
