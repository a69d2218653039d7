/**
 * No source line in generator/, runtime/src/ and test/ (`*.ts`, `*.mjs`) is over 150 characters: prettier wraps
 * code at 120 but leaves long strings, template literals and comments alone, and those are where lines got
 * unreadable in a diff. Split a long string with `+` (the value stays byte-identical), or break schema and WSDL
 * text between two tags where whitespace does not matter. Generated and pinned output is not source: construct
 * snapshots (test/constructs/<case>/expected/), test/__snapshots__/, test/fixtures/ and the scratch folder
 * test/.tmp/ are left out.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

const LIMIT = 150;

const NOT_SOURCE = [
  /^test\/constructs\/[^/]+\/expected\//,
  /^test\/__snapshots__\//,
  /^test\/fixtures\//,
  /^test\/\.tmp\//,
];

/** The source files, as repo-relative paths with `/`. */
function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(repoRoot, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (NOT_SOURCE.some((re) => re.test(`${child}/`))) continue;
      if (entry.isDirectory()) walk(child);
      else if (/\.(ts|mjs)$/.test(entry.name)) files.push(child);
    }
  };
  walk("generator");
  walk("runtime/src");
  walk("test");
  return files.sort();
}

/** Lines longer than `limit` characters (code points, so `×` or `—` count once), 1-based. */
function longLines(text: string, limit = LIMIT): { line: number; length: number }[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: i + 1, length: [...line].length }))
    .filter((l) => l.length > limit);
}

/** `file:line (length)` for every long line of the given files. */
function offences(files: string[]): string[] {
  return files.flatMap((file) =>
    longLines(readFileSync(path.join(repoRoot, file), "utf8")).map((l) => `${file}:${l.line} (${l.length})`),
  );
}

describe("source line length", () => {
  const files = sourceFiles();

  it("finds the source files and knows a long line when it sees one", () => {
    expect(files).toContain("generator/index.ts");
    expect(files).toContain("runtime/src/codec.ts");
    expect(files).toContain("test/line-length.test.ts");
    expect(files).toContain("test/bench/run.mjs");
    expect(files.some((f) => f.includes("/expected/") || f.startsWith("test/__snapshots__/"))).toBe(false);
    expect(longLines(`${"a".repeat(LIMIT)}\n${"b".repeat(LIMIT + 1)}\r\n${"×".repeat(LIMIT)}`)).toEqual([
      { line: 2, length: LIMIT + 1 },
    ]);
  });

  it(`no line over ${LIMIT} characters in any source file`, () => {
    expect(offences(files)).toEqual([]);
  });
});
