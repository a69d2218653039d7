/**
 * The real-world corpus: every `.wsdl` under ../shared/wsdl/corpus (node-soap and wsdl-tsclient fixtures, some
 * broken on purpose — see ../shared/wsdl/corpus/SOURCES.md) is generated offline; every success is written to a
 * temp folder and all of them are type-checked in ONE `tsc --strict --noEmit` run, whose errors are attributed
 * back to the WSDLs by path. The outcome is printed as a markdown table and written to test/.tmp/corpus.md.
 *
 * Outcomes: generated and compiling / generated but not compiling / failed with a clear diagnostic (a
 * GeneratorError whose diagnostics name a file and a line) / crashed (anything else). The files are read in place
 * (never copied into the repo); without ../shared the suite is skipped with a visible message (fails under CI).
 *
 * Real-world message shapes (README "Calling a service"): every entry WSDL of the government and marketplace
 * services (Digipoort, ePUAP, eBay Trading; see each folder's SOURCE.txt) must generate and compile, and Digipoort's
 * aanleveren service is pinned in test/__snapshots__/corpus/digipoort-aanleveren/ (type-checked with the repo).
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../generator/diagnostics.js";
import { formatDiagnostic, GeneratorError, generate, loadModel, type Diagnostic } from "../generator/index.js";
import { repoRoot, sharedDir, sharedOrSkipMessage, tempDir, typecheck, writeFiles } from "./helpers.js";

const corpusDir = path.join(sharedDir, "wsdl/corpus");
const hasCorpus =
  existsSync(corpusDir) ||
  sharedOrSkipMessage("corpus", {
    present: false,
    missing: `${corpusDir} (the third-party WSDL corpus) is not present next to the repo`,
  });

/**
 * The floor: how many corpus WSDLs generate code that compiles under `tsc --strict`. Raise it when the generator
 * gets better; a drop below it is a regression.
 */
const COMPILING_FLOOR = 146;

/** Entry WSDLs that must generate and compile (message parts that are not wrappers, headers from other messages). */
const MUST_COMPILE = [
  "digipoort-nl/ServiceReferenceAanleveren/1.local.wsdl",
  "digipoort-nl/ServiceReferenceOphalen/OphaalService_V1_2.local.wsdl",
  "digipoort-nl/ServiceReferenceStatusInformatie/1.local.wsdl",
  "ebay-trading-491/eBayTest.wsdl",
  "epuap-pl/wsdl/ZarzadzanieDokumentami.wsdl",
  "epuap-pl/wsdl/doreczyciel.wsdl",
  "epuap-pl/wsdl/esd.wsdl",
  "epuap-pl/wsdl/filerepo.wsdl",
  "epuap-pl/wsdl/pull.wsdl",
  "epuap-pl/wsdl/skrytka.wsdl",
];

type Outcome =
  | { kind: "compiling" }
  | { kind: "not-compiling"; first: string }
  | { kind: "failed"; diagnostic: Diagnostic; related: Diagnostic[] }
  | { kind: "crashed"; error: string };

interface Row {
  wsdl: string;
  folder: string;
  outcome: Outcome;
}

async function findWsdls(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await findWsdls(full)));
    else if (entry.name.toLowerCase().endsWith(".wsdl")) out.push(full);
  }
  return out.sort();
}

/** A diagnostic is clear when it names the document and a line in it. */
function isClear(d: Diagnostic): boolean {
  return !!d.location?.file && d.location.line !== undefined;
}

/**
 * Loader and schema-index warnings about the name or namespace an error is about (an import that loaded another
 * namespace, a misspelt `xs:simpletype` of that name).
 */
function relatedWarnings(error: Diagnostic, warnings: Diagnostic[]): Diagnostic[] {
  const m =
    /\{([^}]*)\}([^\s]+)|(?:type|element|message|binding) ([^\s{]+) in namespace "([^"]*)"|(?:type|element) ([^\s{]+) is referenced/.exec(
      error.message,
    );
  if (!m) return [];
  const ns = m[1] ?? m[4];
  const local = m[2] ?? m[3] ?? m[5];
  const nsPattern = ns ? new RegExp(`${ns.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w.:/-])`) : undefined;
  return warnings.filter(
    (w) =>
      /^(load|schema)-/.test(w.code) && (nsPattern?.test(w.message) || (local && w.construct?.endsWith(` ${local}`))),
  );
}

const cell = (text: string) =>
  text
    .split(`${corpusDir}${path.sep}`)
    .join("")
    .replace(/\|/g, "\\|")
    .replace(/\s*\n\s*/g, " ");

describe.runIf(hasCorpus)("the WSDL corpus (../shared/wsdl/corpus)", () => {
  it("generates offline, compiles in one tsc run, and fails only with clear diagnostics", async () => {
    const wsdls = await findWsdls(corpusDir);
    expect(wsdls.length).toBeGreaterThan(0);
    const outDir = await tempDir("corpus");
    const rows: Row[] = [];
    const generatedFiles: string[] = [];
    for (const [i, wsdl] of wsdls.entries()) {
      const rel = path.relative(corpusDir, wsdl).split(path.sep).join("/");
      const folder = `${String(i).padStart(3, "0")}-${rel.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/\.wsdl$/i, "")}`;
      try {
        const { files } = await generate({ wsdl: [wsdl], load: { offline: true } });
        generatedFiles.push(...(await writeFiles(path.join(outDir, folder), files)).filter((f) => f.endsWith(".ts")));
        rows.push({ wsdl: rel, folder, outcome: { kind: "compiling" } });
      } catch (e) {
        if (e instanceof GeneratorError && e.diagnostics.length > 0) {
          // Loader and schema-index warnings often say why a reference misses (an import of the wrong namespace).
          const sink = new DiagnosticSink();
          await loadModel(wsdl, sink, { offline: true }).catch(() => undefined);
          const diagnostic = e.diagnostics.find((d) => !isClear(d)) ?? e.diagnostics[0]!;
          rows.push({
            wsdl: rel,
            folder,
            outcome: { kind: "failed", diagnostic, related: relatedWarnings(diagnostic, sink.warnings) },
          });
        } else {
          rows.push({
            wsdl: rel,
            folder,
            outcome: { kind: "crashed", error: e instanceof Error ? (e.stack ?? e.message) : String(e) },
          });
        }
      }
    }

    // One tsc run over every generated file; its errors are attributed to WSDLs by the output folder in the path.
    let tscOutput = "";
    if (generatedFiles.length > 0) {
      try {
        await typecheck(generatedFiles);
      } catch (e) {
        tscOutput = (e as Error).message;
      }
    }
    const byFolder = new Map(rows.map((r) => [r.folder, r]));
    const unattributed: string[] = [];
    for (const line of tscOutput.split("\n")) {
      if (!/error TS\d+/.test(line)) continue;
      const folder = line.split(/[\\/]/).find((segment) => byFolder.has(segment));
      const row = folder ? byFolder.get(folder) : undefined;
      if (!row) {
        unattributed.push(line);
        continue;
      }
      if (row.outcome.kind === "compiling") {
        const at = line.indexOf(`${row.folder}/`);
        row.outcome = { kind: "not-compiling", first: at >= 0 ? line.slice(at + row.folder.length + 1) : line };
      }
    }
    if (tscOutput && unattributed.length === 0 && !rows.some((r) => r.outcome.kind === "not-compiling")) {
      unattributed.push(tscOutput);
    }

    const count = (kind: Outcome["kind"]) => rows.filter((r) => r.outcome.kind === kind).length;
    const failedCodes = new Map<string, number>();
    for (const r of rows) {
      if (r.outcome.kind === "failed")
        failedCodes.set(r.outcome.diagnostic.code, (failedCodes.get(r.outcome.diagnostic.code) ?? 0) + 1);
    }
    const lines = [
      `# Corpus: ${rows.length} WSDLs from ../shared/wsdl/corpus (offline)`,
      "",
      "| outcome | WSDLs |",
      "| --- | --- |",
      `| generated and compiling | ${count("compiling")} |`,
      `| generated but not compiling | ${count("not-compiling")} |`,
      `| failed with a clear diagnostic | ${rows.filter((r) => r.outcome.kind === "failed" && isClear(r.outcome.diagnostic)).length} |`,
      `| failed without file and line | ${rows.filter((r) => r.outcome.kind === "failed" && !isClear(r.outcome.diagnostic)).length} |`,
      `| crashed | ${count("crashed")} |`,
      "",
      "| failure code | WSDLs |",
      "| --- | --- |",
      ...[...failedCodes]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([code, n]) => `| ${code} | ${n} |`),
      "",
      `Paths are relative to ${corpusDir}.`,
      "",
      "| WSDL | outcome | first diagnostic |",
      "| --- | --- | --- |",
    ];
    for (const r of rows) {
      const o = r.outcome;
      if (o.kind === "compiling") continue;
      const text =
        o.kind === "not-compiling"
          ? o.first
          : o.kind === "failed"
            ? [
                formatDiagnostic(o.diagnostic),
                ...o.related.slice(0, 1).map((w) => `(related: ${formatDiagnostic(w)})`),
              ].join(" ")
            : o.error.split("\n").slice(0, 3).join(" ");
      lines.push(`| ${cell(r.wsdl)} | ${o.kind} | ${cell(text)} |`);
    }
    if (unattributed.length > 0)
      lines.push("", "tsc errors not attributed to a WSDL:", "", "```", ...unattributed, "```");
    const table = lines.join("\n") + "\n";
    await mkdir(path.join(repoRoot, "test/.tmp"), { recursive: true });
    await writeFile(path.join(repoRoot, "test/.tmp/corpus.md"), table, "utf8");
    console.log(table);

    expect(rows.filter((r) => r.outcome.kind === "crashed").map((r) => r.wsdl)).toEqual([]);
    expect(
      rows.filter((r) => r.outcome.kind === "failed" && !isClear(r.outcome.diagnostic)).map((r) => r.wsdl),
    ).toEqual([]);
    expect(unattributed).toEqual([]);
    expect(count("compiling")).toBeGreaterThanOrEqual(COMPILING_FLOOR);
    const outcomeOf = (wsdl: string) => rows.find((r) => r.wsdl === wsdl)?.outcome.kind ?? "missing";
    expect(MUST_COMPILE.map((w) => [w, outcomeOf(w)])).toEqual(MUST_COMPILE.map((w) => [w, "compiling"]));
  }, 600_000);

  it("pins Digipoort's aanleveren service: one parameter and a result of the elements' declared types", async () => {
    const wsdl = path.join(corpusDir, "digipoort-nl/ServiceReferenceAanleveren/1.local.wsdl");
    const { files } = await generate({ wsdl: [wsdl], load: { offline: true } });
    const pinned = path.join(repoRoot, "test/__snapshots__/corpus/digipoort-aanleveren");
    for (const file of files.filter((f) => f.path.startsWith("1.local/")))
      await expect(file.contents).toMatchFileSnapshot(path.join(pinned, path.basename(file.path)));
    const agent = files.find((f) => f.path.endsWith("AanleverService_V1_2Agent.ts"))!.contents;
    expect(agent).toContain("aanleveren(aanleverRequest: aanleverRequest, options?: ");
    expect(agent).toContain("): Promise<aanleverResponse>;");
    expect(agent).toContain('import type { aanleverRequest, aanleverResponse } from "./types.js";');
  });
});
