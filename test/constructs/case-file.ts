/**
 * `case.json`: the options of one construct fixture (test/constructs/<case>/), read and checked strictly — a
 * missing file, an unknown key or a value of the wrong shape is an error naming the file and the place, so a typo
 * cannot silently turn a check off.
 *
 * ```json
 * {
 *   "options": { "arrayWrappers": "keep" },       // generate options (optional), for generation and the codec
 *   "warnings": ["choice-as-optional"],           // warning codes generation must report: exactly these, any order
 *   "roundTrips": [{                              // encodeRequest → decodeRequest gives the arguments back
 *     "operation": "Pay", "args": [{ "Amount": "1" }],
 *     "headers": { "Session": { "Token": "t" } },   // request headers (optional), also given back
 *     "contains": ["<ns1:Amount>1</ns1:Amount>", { "regex": "<ns\\d:Card>" }],  // text the request must contain
 *     "lacks": ["$BookOrMagazine"]                // text it must not contain
 *   }],
 *   "decodes": [{                                 // a request as a server might receive it
 *     "operation": "Pay", "body": ["<w:Payment>", "…</w:Payment>"], "args": [{ "Amount": "1" }]
 *   }],
 *   "rejects": [{ "operation": "Pay", "args": [{}], "error": "is required" }],  // encodeRequest throws this text
 *   "responses": [{                               // encodeResponse → decodeResponse gives the result back
 *     "operation": "Pay", "result": 3, "contains": ["<ns1:PayResult>3</ns1:PayResult>"], "lacks": []
 *   }]
 * }
 * ```
 *
 * - `result` is what the generated method resolves to; leave it out for `void`.
 * - `args` are the generated method's arguments, in order. JSON has no `undefined`: an argument that is left out
 *   before one that is given is written `null` (sent as `xsi:nil`).
 * - `body` is the content of the request wrapper (or rpc operation element) with the prefix `w` bound to its
 *   namespace; an array of strings is joined, to keep long XML readable.
 * - A pattern is a string (found as written) or `{ "regex": "…" }` (a regular expression).
 * - `note` on an entry says what it shows (JSON has no comments).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export type TextPattern = string | { regex: string };

export interface RoundTrip {
  note?: string;
  operation: string;
  args: unknown[];
  headers?: Record<string, unknown>;
  contains: TextPattern[];
  lacks: TextPattern[];
}

export interface Decode {
  note?: string;
  operation: string;
  body: string;
  args: unknown[];
}

export interface Rejection {
  note?: string;
  operation: string;
  args: unknown[];
  error: string;
}

export interface Response {
  note?: string;
  operation: string;
  /** Absent for a method that resolves to `void`. */
  result?: unknown;
  contains: TextPattern[];
  lacks: TextPattern[];
}

/** The generate options a case may set. */
export interface CaseOptions {
  arrayWrappers?: "unwrap" | "keep";
}

export interface ConstructCase {
  options: CaseOptions;
  warnings: string[];
  roundTrips: RoundTrip[];
  decodes: Decode[];
  rejects: Rejection[];
  responses: Response[];
}

/** Reads `<dir>/case.json`; throws when it is missing or not a valid case. */
export function readCaseFile(dir: string): ConstructCase {
  const file = path.join(dir, "case.json");
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: every construct fixture states its options (at least "warnings": [])`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not JSON: ${(e as Error).message}`);
  }
  return parseCase(json, file);
}

/** Checks a parsed case.json (`where` names it in errors). */
export function parseCase(json: unknown, where: string): ConstructCase {
  const top = record(json, where, ["options", "warnings", "roundTrips", "decodes", "rejects", "responses"]);
  if (!("warnings" in top)) throw new Error(`${where}: "warnings" is required (an empty list when none)`);
  const options = top.options === undefined ? {} : record(top.options, `${where}: options`, ["arrayWrappers"]);
  if (options.arrayWrappers !== undefined && options.arrayWrappers !== "unwrap" && options.arrayWrappers !== "keep")
    throw new Error(`${where}: options.arrayWrappers must be "unwrap" or "keep"`);
  return {
    options: options as CaseOptions,
    warnings: strings(top.warnings, `${where}: warnings`),
    roundTrips: list(top.roundTrips, `${where}: roundTrips`, (entry, at) => {
      const r = record(entry, at, ["note", "operation", "args", "headers", "contains", "lacks"]);
      return {
        ...note(r, at),
        operation: text(r.operation, `${at}.operation`),
        args: array(r.args, `${at}.args`),
        ...(r.headers === undefined
          ? {}
          : { headers: record(r.headers, `${at}.headers`, Object.keys(r.headers as object)) }),
        contains: list(r.contains, `${at}.contains`, pattern),
        lacks: list(r.lacks, `${at}.lacks`, pattern),
      };
    }),
    decodes: list(top.decodes, `${where}: decodes`, (entry, at) => {
      const d = record(entry, at, ["note", "operation", "body", "args"]);
      return {
        ...note(d, at),
        operation: text(d.operation, `${at}.operation`),
        body: Array.isArray(d.body) ? strings(d.body, `${at}.body`).join("") : text(d.body, `${at}.body`),
        args: array(d.args, `${at}.args`),
      };
    }),
    rejects: list(top.rejects, `${where}: rejects`, (entry, at) => {
      const r = record(entry, at, ["note", "operation", "args", "error"]);
      return {
        ...note(r, at),
        operation: text(r.operation, `${at}.operation`),
        args: array(r.args, `${at}.args`),
        error: text(r.error, `${at}.error`),
      };
    }),
    responses: list(top.responses, `${where}: responses`, (entry, at) => {
      const r = record(entry, at, ["note", "operation", "result", "contains", "lacks"]);
      return {
        ...note(r, at),
        operation: text(r.operation, `${at}.operation`),
        ...("result" in r ? { result: r.result } : {}),
        contains: list(r.contains, `${at}.contains`, pattern),
        lacks: list(r.lacks, `${at}.lacks`, pattern),
      };
    }),
  };
}

/** A pattern as a regular expression (a string matches as written). */
export function toRegExp(p: TextPattern): RegExp {
  return typeof p === "string" ? new RegExp(p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : new RegExp(p.regex);
}

function record(value: unknown, at: string, keys: string[]): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`${at} must be an object`);
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) throw new Error(`${at}: unknown key "${key}" (known: ${keys.join(", ")})`);
  }
  return value as Record<string, unknown>;
}

function list<T>(value: unknown, at: string, item: (entry: unknown, at: string) => T): T[] {
  if (value === undefined) return [];
  return array(value, at).map((entry, i) => item(entry, `${at}[${i}]`));
}

function array(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${at} must be an array`);
  return value;
}

function text(value: unknown, at: string): string {
  if (typeof value !== "string") throw new Error(`${at} must be a string`);
  return value;
}

function strings(value: unknown, at: string): string[] {
  return array(value, at).map((v, i) => text(v, `${at}[${i}]`));
}

function note(entry: Record<string, unknown>, at: string): { note?: string } {
  return entry.note === undefined ? {} : { note: text(entry.note, `${at}.note`) };
}

function pattern(value: unknown, at: string): TextPattern {
  if (typeof value === "string") return value;
  const p = record(value, at, ["regex"]);
  const source = text(p.regex, `${at}.regex`);
  try {
    new RegExp(source);
  } catch (e) {
    throw new Error(`${at}.regex: ${(e as Error).message}`);
  }
  return { regex: source };
}
