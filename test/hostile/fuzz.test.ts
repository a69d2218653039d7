/**
 * Fuzzing the generator with mutated WSDLs (fast-check): the repo's own wsdl/Services88-Ticket.wsdl, the
 * hand-written construct fixtures (test/constructs/*\/input.wsdl) and, when ../shared exists, a few single-file
 * WSDLs of its corpus (read in place). Each run applies one to four mutations — delete, duplicate or rename an
 * element; delete, rename or change an attribute; truncate a text or attribute value; truncate the whole
 * document — and `generate()` must either return output or throw a GeneratorError: no other exception, and no run
 * slower than a bound (a hang shows as a run that never ends). numRuns is bounded so the suite stays under 20 s.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { generate, GeneratorError } from "../../generator/index.js";
import { hasShared, referenceWsdl, repoRoot, sharedDir, sharedOrSkipMessage, tempDir } from "../helpers.js";

type Node = Record<string, unknown> & { ":@"?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  commentPropName: "#comment",
});
const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  suppressEmptyNode: true,
  processEntities: false,
  commentPropName: "#comment",
});

function seeds(): { name: string; text: string }[] {
  const out = [{ name: "Services88-Ticket.wsdl", text: readFileSync(referenceWsdl, "utf8") }];
  const constructs = path.join(repoRoot, "test/constructs");
  for (const d of readdirSync(constructs).sort()) {
    const f = path.join(constructs, d, "input.wsdl");
    if (existsSync(f)) out.push({ name: `constructs/${d}`, text: readFileSync(f, "utf8") });
  }
  if (hasShared || sharedOrSkipMessage("fuzz seeds from the third-party corpus")) {
    // Single-file WSDLs (their imports would not resolve from a temporary folder anyway).
    for (const rel of [
      "node-soap/wsdl/strict/stockquote.wsdl",
      "node-soap/wsdl/rpcexample.wsdl",
      "node-soap/wsdl/recursive.wsdl",
      "node-soap/wsdl/list_parameter.wsdl",
      "node-soap/wsdl/self_referencing.wsdl",
    ]) {
      const f = path.join(sharedDir, "wsdl/corpus", rel);
      if (existsSync(f)) out.push({ name: `corpus/${rel}`, text: readFileSync(f, "utf8") });
    }
  }
  return out;
}

const SEEDS = seeds();

const ELEMENT_NAMES = [
  "element",
  "complexType",
  "simpleType",
  "sequence",
  "choice",
  "all",
  "group",
  "attributeGroup",
  "attribute",
  "any",
  "anyAttribute",
  "complexContent",
  "simpleContent",
  "extension",
  "restriction",
  "enumeration",
  "list",
  "union",
  "schema",
  "import",
  "include",
  "part",
  "message",
  "portType",
  "operation",
  "input",
  "output",
  "fault",
  "binding",
  "body",
  "header",
  "service",
  "port",
  "address",
  "documentation",
  "Bogus",
];
const ATTRIBUTE_NAMES = [
  "name",
  "type",
  "ref",
  "base",
  "minOccurs",
  "maxOccurs",
  "element",
  "message",
  "binding",
  "itemType",
  "memberTypes",
  "substitutionGroup",
  "abstract",
  "nillable",
  "use",
  "default",
  "fixed",
  "mixed",
  "targetNamespace",
  "elementFormDefault",
  "style",
  "part",
  "parts",
  "namespace",
  "location",
  "schemaLocation",
  "xmlns:tns",
  "xmlns:xs",
];
const VALUES = [
  "",
  "0",
  "-1",
  "1",
  "2",
  "unbounded",
  "99999999999999999999",
  "true",
  "false",
  "qualified",
  "rpc",
  "encoded",
  "tns:Nope",
  "xs:string",
  "xs:anyType",
  "soapenc:Array",
  "zz:Undeclared",
  "urn:test",
  "tns:",
  ":",
  "a b",
  "\u00e9l\u00e9ment",
  "*/ x /*",
  "&quot;&lt;&amp;",
  "${x}",
];

type Mutation =
  | { kind: "deleteElement" | "duplicateElement"; at: number }
  | { kind: "renameElement"; at: number; name: number }
  | { kind: "deleteAttribute"; at: number; attr: number }
  | { kind: "renameAttribute"; at: number; attr: number; name: number }
  | { kind: "setAttribute"; at: number; attr: number; value: number; fromDocument: boolean }
  | { kind: "truncateValue"; at: number; attr: number; keep: number }
  | { kind: "truncateText"; at: number; keep: number }
  | { kind: "truncateDocument"; keep: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom("deleteElement" as const, "duplicateElement" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("renameElement" as const), at: fc.nat(), name: fc.nat() }),
  fc.record({ kind: fc.constant("deleteAttribute" as const), at: fc.nat(), attr: fc.nat() }),
  fc.record({ kind: fc.constant("renameAttribute" as const), at: fc.nat(), attr: fc.nat(), name: fc.nat() }),
  fc.record({
    kind: fc.constant("setAttribute" as const),
    at: fc.nat(),
    attr: fc.nat(),
    value: fc.nat(),
    fromDocument: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("truncateValue" as const), at: fc.nat(), attr: fc.nat(), keep: fc.nat() }),
  fc.record({ kind: fc.constant("truncateText" as const), at: fc.nat(), keep: fc.nat() }),
  fc.record({ kind: fc.constant("truncateDocument" as const), keep: fc.nat() }),
);

function elementName(node: Node): string | undefined {
  return Object.keys(node).find((k) => k !== ":@" && k !== "#text" && k !== "#comment" && !k.startsWith("?"));
}

/** Every element node with its parent list, in document order. */
function elements(nodes: Node[], out: { node: Node; siblings: Node[] }[] = []): { node: Node; siblings: Node[] }[] {
  for (const node of nodes) {
    const name = elementName(node);
    if (name === undefined) continue;
    out.push({ node, siblings: nodes });
    elements(node[name] as Node[], out);
  }
  return out;
}

function textNodes(nodes: Node[], out: Node[] = []): Node[] {
  for (const node of nodes) {
    if ("#text" in node) out.push(node);
    const name = elementName(node);
    if (name !== undefined) textNodes(node[name] as Node[], out);
  }
  return out;
}

/** Applies the mutations to a parsed document and serialises it. */
function mutate(text: string, mutations: Mutation[]): string {
  const doc = parser.parse(text) as Node[];
  let truncateAt: number | undefined;
  for (const m of mutations) {
    if (m.kind === "truncateDocument") {
      truncateAt = m.keep;
      continue;
    }
    const all = elements(doc);
    // The document element stays (a document without one is just malformed XML, covered by truncation).
    const candidates = all.slice(1);
    if (m.kind === "truncateText") {
      const texts = textNodes(doc);
      const t = texts[m.at % Math.max(texts.length, 1)];
      if (t) t["#text"] = String(t["#text"]).slice(0, m.keep % (String(t["#text"]).length + 1));
      continue;
    }
    const target = candidates[m.at % Math.max(candidates.length, 1)];
    if (!target) continue;
    const name = elementName(target.node)!;
    const attrs = target.node[":@"] ?? {};
    const attrNames = Object.keys(attrs);
    const attrName = "attr" in m ? attrNames[m.attr % Math.max(attrNames.length, 1)] : undefined;
    switch (m.kind) {
      case "deleteElement":
        target.siblings.splice(target.siblings.indexOf(target.node), 1);
        break;
      case "duplicateElement":
        target.siblings.splice(target.siblings.indexOf(target.node), 0, structuredClone(target.node));
        break;
      case "renameElement": {
        const colon = name.indexOf(":");
        const renamed = `${colon === -1 ? "" : name.slice(0, colon + 1)}${ELEMENT_NAMES[m.name % ELEMENT_NAMES.length]}`;
        const content = target.node[name];
        delete target.node[name];
        target.node[renamed] = content;
        break;
      }
      case "deleteAttribute":
        if (attrName !== undefined) delete attrs[attrName];
        break;
      case "renameAttribute":
        if (attrName !== undefined) {
          const value = attrs[attrName]!;
          delete attrs[attrName];
          attrs[ATTRIBUTE_NAMES[m.name % ATTRIBUTE_NAMES.length]!] = value;
          target.node[":@"] = attrs;
        }
        break;
      case "setAttribute": {
        const key = attrName ?? ATTRIBUTE_NAMES[m.attr % ATTRIBUTE_NAMES.length]!;
        const documentValues = all.flatMap((e) => Object.values(e.node[":@"] ?? {}));
        attrs[key] =
          m.fromDocument && documentValues.length
            ? documentValues[m.value % documentValues.length]!
            : VALUES[m.value % VALUES.length]!.replace(/</g, "&lt;").replace(/"/g, "&quot;");
        target.node[":@"] = attrs;
        break;
      }
      case "truncateValue":
        if (attrName !== undefined)
          attrs[attrName] = attrs[attrName]!.slice(0, m.keep % (attrs[attrName]!.length + 1)).replace(/&[^;]*$/, "");
        break;
    }
  }
  const xml = builder.build(doc) as string;
  return truncateAt === undefined ? xml : xml.slice(0, truncateAt % (xml.length + 1));
}

describe("fuzzing generate() with mutated WSDLs", () => {
  /** The seeds that generate as they are (a corpus file may be refused by design, e.g. a pre-2001 schema namespace). */
  const usable: typeof SEEDS = [];

  beforeAll(async () => {
    const dir = await tempDir("fuzz");
    const file = path.join(dir, "Fuzz.wsdl");
    for (const seed of SEEDS) {
      await writeFile(file, mutate(seed.text, []));
      try {
        if ((await generate({ wsdl: [file] })).files.length > 0) usable.push(seed);
      } catch (e) {
        if (!(e instanceof GeneratorError) || !seed.name.startsWith("corpus/")) throw e;
      }
    }
  });

  it("the project's own seeds survive the mutator unmutated and generate", () => {
    const own = SEEDS.filter((s) => !s.name.startsWith("corpus/")).map((s) => s.name);
    expect(own.length).toBeGreaterThan(10);
    expect(usable.map((s) => s.name)).toEqual(expect.arrayContaining(own));
  });

  it("only ever returns output or throws a GeneratorError", async () => {
    const dir = await tempDir("fuzz");
    const file = path.join(dir, "Fuzz.wsdl");
    const started = Date.now();
    let generated = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (seedIndex, mutations) => {
        const seed = usable[seedIndex % usable.length]!;
        const text = mutate(seed.text, mutations);
        await writeFile(file, text);
        const t0 = Date.now();
        try {
          await generate({ wsdl: [file] });
          generated++;
        } catch (e) {
          if (!(e instanceof GeneratorError)) {
            throw new Error(`${seed.name} with ${JSON.stringify(mutations)} threw ${(e as Error)?.stack ?? String(e)}`);
          }
          refused++;
        }
        expect(Date.now() - t0, `${seed.name} with ${JSON.stringify(mutations)}`).toBeLessThan(5_000);
      }),
      { numRuns: 500, seed: Number(process.env.FUZZ_SEED ?? 20240229), endOnFailure: false },
    );
    // Both outcomes occur (the mutations are neither all harmless nor all fatal).
    expect(generated).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
