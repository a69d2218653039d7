/**
 * XML Schema constructs real services use, one fixture folder each, `test/constructs/<construct>/`:
 * - `input.wsdl` (hand-written);
 * - `case.json`: what the case expects besides the snapshots — the warnings, and requests to round-trip, decode
 *   or refuse and responses to round-trip through the runtime codec (format and checks in case-file.ts);
 * - `expected/`: the generated files pinned as real `.ts` snapshots, one per generated file;
 * - `usage.ts` (optional): values the types must accept, and `@ts-expect-error` lines they must refuse,
 *   type-checked together with the snapshots.
 * Every folder here is a case: one without `input.wsdl` or `case.json` (or with an unknown key in it) fails.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generate, loadMetadata } from "../../generator/index.js";
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, operationRef } from "../../runtime/src/codec.js";
import { SoapCodecError } from "../../runtime/src/errors.js";
import { repoRoot, tempDir, typecheck } from "../helpers.js";
import { parseCase, readCaseFile, toRegExp, type ConstructCase } from "./case-file.js";

const constructsDir = path.join(repoRoot, "test/constructs");

/** Every folder is a case; what it lacks is reported by its own failing test. */
const fixtures = readdirSync(constructsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** The case of a folder, or why the folder is no valid case. */
function loadCase(dir: string): { case: ConstructCase } | { problem: string } {
  if (!existsSync(path.join(dir, "input.wsdl"))) return { problem: `${dir} has no input.wsdl` };
  try {
    return { case: readCaseFile(dir) };
  } catch (e) {
    return { problem: (e as Error).message };
  }
}

it("finds the fixture folders", () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(13);
  expect(fixtures).toContain("choice");
});

describe.each(fixtures)("%s", (name) => {
  const dir = path.join(constructsDir, name);
  const loaded = loadCase(dir);
  if ("problem" in loaded) {
    it("is a valid construct fixture (input.wsdl and case.json)", () => {
      throw new Error(loaded.problem);
    });
    return;
  }
  const c = loaded.case;
  const wsdl = path.join(dir, "input.wsdl");
  const expectedDir = path.join(dir, "expected");

  it("generates the snapshot files, with the expected warnings", async () => {
    const result = await generate({ wsdl: [wsdl], ...c.options });
    const files = result.files.filter((f) => f.path.startsWith("input/"));
    // A file that is no longer generated must not linger among the snapshots (none yet: the first run writes them).
    const pinned = readdirSafe(expectedDir);
    if (pinned.length) expect(files.map((f) => path.basename(f.path)).sort()).toEqual(pinned.sort());
    for (const file of files) {
      await expect(file.contents).toMatchFileSnapshot(path.join(expectedDir, path.basename(file.path)));
    }
    expect(result.warnings.map((w) => w.code).sort()).toEqual([...c.warnings].sort());
    // Nothing is ever `any` (`$any` is a property name; comments and strings aside).
    for (const file of files) {
      const code = file.contents
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "")
        .replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
      expect(code, file.path).not.toMatch(/(?<![$\w])any\b/);
    }
  });

  it("type-checks (snapshots and usage.ts, strict NodeNext)", async () => {
    const files = readdirSync(expectedDir).map((f) => path.join(expectedDir, f));
    const usage = path.join(dir, "usage.ts");
    await typecheck(existsSync(usage) ? [...files, usage] : files, "NodeNext");
  });

  it.runIf(c.roundTrips.length + c.decodes.length + c.rejects.length + c.responses.length > 0)(
    "round-trips through the runtime codec",
    async () => {
      const { metadata } = await loadMetadata(wsdl, c.options);
      const port = Object.keys(metadata.ports)[0]!;
      for (const rt of c.roundTrips) {
        const ref = operationRef(metadata, port, rt.operation);
        const { body } = encodeRequest(ref, rt.args, rt.headers);
        for (const p of rt.contains) expect(body).toMatch(toRegExp(p));
        for (const p of rt.lacks) expect(body).not.toMatch(toRegExp(p));
        const { args, headers } = decodeRequest(ref, body);
        expect(args.slice(0, rt.args.length), `${rt.operation} ${body}`).toEqual(rt.args);
        expect(headers).toEqual(rt.headers ?? {});
        // And again: decode → encode is byte-stable.
        expect(encodeRequest(ref, args, headers).body).toBe(body);
      }
      for (const d of c.decodes) {
        const ref = operationRef(metadata, port, d.operation);
        const op = ref.operation.input!;
        const wrapper = op.wrapper
          ? { ns: op.wrapper.ns, name: op.wrapper.name }
          : { ns: op.namespace ?? "", name: d.operation };
        const xml =
          '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"' +
          ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><s:Body>' +
          `<w:${wrapper.name} xmlns:w="${wrapper.ns}">${d.body}</w:${wrapper.name}></s:Body></s:Envelope>`;
        // The typed members only: structuredClone leaves out what the codec keeps as undeclared content (a symbol).
        expect(structuredClone(decodeRequest(ref, xml).args.slice(0, d.args.length))).toEqual(d.args);
      }
      for (const r of c.rejects) {
        const ref = operationRef(metadata, port, r.operation);
        expect(() => encodeRequest(ref, r.args)).toThrowError(SoapCodecError);
        expect(() => encodeRequest(ref, r.args)).toThrowError(r.error);
      }
      for (const r of c.responses) {
        const ref = operationRef(metadata, port, r.operation);
        const { body } = encodeResponse(ref, r.result);
        for (const p of r.contains) expect(body).toMatch(toRegExp(p));
        for (const p of r.lacks) expect(body).not.toMatch(toRegExp(p));
        const { result } = decodeResponse(ref, body);
        expect(result, `${r.operation} ${body}`).toEqual(r.result);
        expect(encodeResponse(ref, result).body).toBe(body);
      }
    },
  );
});

describe("case.json", () => {
  it("is required in every fixture folder", async () => {
    const dir = await tempDir("construct");
    expect(() => readCaseFile(dir)).toThrowError(/case\.json is missing/);
  });

  it("refuses an unknown key, at any level, naming it and where it is", () => {
    expect(() => parseCase({ warnings: [], roundtrips: [] }, "x/case.json")).toThrowError(
      'x/case.json: unknown key "roundtrips" (known: options, warnings, roundTrips, decodes, rejects, responses)',
    );
    expect(() =>
      parseCase({ warnings: [], rejects: [{ operation: "Op", args: [], errors: "e" }] }, "x/case.json"),
    ).toThrowError('x/case.json: rejects[0]: unknown key "errors"');
    expect(() =>
      parseCase({ warnings: [], roundTrips: [{ operation: "Op", args: [], contains: [{ re: "a" }] }] }, "c"),
    ).toThrowError('c: roundTrips[0].contains[0]: unknown key "re"');
  });

  it("refuses missing warnings, values of the wrong shape and a broken regex", () => {
    expect(() => parseCase({}, "c")).toThrowError('c: "warnings" is required');
    expect(() => parseCase({ warnings: "none" }, "c")).toThrowError("c: warnings must be an array");
    expect(() => parseCase({ warnings: [], decodes: [{ operation: "Op", body: 1, args: [] }] }, "c")).toThrowError(
      "c: decodes[0].body must be a string",
    );
    expect(() =>
      parseCase({ warnings: [], roundTrips: [{ operation: "Op", args: [], lacks: [{ regex: "(" }] }] }, "c"),
    ).toThrowError("c: roundTrips[0].lacks[0].regex:");
  });

  it("reads a full case: body lines joined, patterns as written or as regular expressions", () => {
    const parsed = parseCase(
      {
        warnings: ["w"],
        roundTrips: [{ note: "n", operation: "A", args: [1], contains: ["a.b", { regex: "a.b" }] }],
        decodes: [{ operation: "B", body: ["<w:X>", "</w:X>"], args: [null] }],
        rejects: [{ operation: "C", args: [], error: "bad" }],
        responses: [{ operation: "D", result: 1, contains: ["x"] }, { operation: "E" }],
      },
      "c",
    );
    expect(parsed).toEqual({
      options: {},
      warnings: ["w"],
      roundTrips: [{ note: "n", operation: "A", args: [1], contains: ["a.b", { regex: "a.b" }], lacks: [] }],
      decodes: [{ operation: "B", body: "<w:X></w:X>", args: [null] }],
      rejects: [{ operation: "C", args: [], error: "bad" }],
      responses: [
        { operation: "D", result: 1, contains: ["x"], lacks: [] },
        { operation: "E", contains: [], lacks: [] },
      ],
    });
    const [literal, regex] = parsed.roundTrips[0]!.contains.map(toRegExp);
    expect("axb").not.toMatch(literal!);
    expect("axb").toMatch(regex!);
  });
});

/** The files of a folder (none when it does not exist yet: the first run writes the snapshots). */
function readdirSafe(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}
