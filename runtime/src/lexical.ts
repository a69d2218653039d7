/**
 * Lexical forms of the XML Schema built-ins: a value as the text it is written as, and a text as the value it is
 * read as. The lossy-prone categories (integer, decimal, dateTime, date, binary) are read as the
 * {@link ScalarRepresentation} says; whatever their representation, a text given for them is written as it is.
 */
import { builtinCategory } from "./builtins.js";
import { SoapCodecError } from "./errors.js";
import {
  applyWhiteSpace,
  dateTimeParts,
  DECIMAL_RE,
  FLOAT_RE,
  INTEGER_RANGES,
  INTEGER_RE,
  integerInRange,
  numberInRange,
  isBinaryText,
  rangeText,
  textualMismatch,
  whiteSpace,
  type DateTimeParts,
} from "./lexical-spaces.js";
import type { ScalarRepresentation } from "./metadata.js";

/** The text of `value` as a built-in `xs:<name>`; `path` names the value in the error when it does not fit. */
export function builtinText(name: string, value: unknown, path: string): string {
  const fail = (what: string): never => {
    const got = typeof value === "object" ? JSON.stringify(value) : String(value);
    throw new SoapCodecError(`${path}: expected ${what} for xs:${name}, got ${got}`);
  };
  const outOfRange = (shown: string): never => {
    throw new SoapCodecError(`${path}: ${shown} is out of range for xs:${name} (${rangeText(name)})`);
  };
  switch (builtinCategory(name)) {
    case "boolean":
      return typeof value === "boolean" ? String(value) : fail("a boolean");
    case "number": {
      if (typeof value !== "number") return fail("a number");
      if (name === "float" || name === "double") {
        // A double too large for a float would be written as a number the receiver reads as INF.
        if (name === "float" && Number.isFinite(value) && !Number.isFinite(Math.fround(value)))
          throw new SoapCodecError(`${path}: ${value} is out of range for xs:float`);
        return value === Infinity ? "INF" : value === -Infinity ? "-INF" : Object.is(value, -0) ? "-0" : String(value);
      }
      if (!Number.isInteger(value)) return fail("an integer");
      if (!numberInRange(name, value)) outOfRange(String(value));
      return String(value === 0 ? 0 : value);
    }
    case "integer": {
      let n: bigint;
      if (typeof value === "string") {
        if (!INTEGER_RE.test(value.trim())) return fail("an integer");
        n = BigInt(value.trim());
      } else if (typeof value === "bigint") n = value;
      else if (typeof value === "number" && Number.isInteger(value)) n = BigInt(value);
      else return fail("an integer");
      if (!integerInRange(name, n)) outOfRange(typeof value === "string" ? value.trim() : String(n));
      // A text is written as it is (leading zeros, sign); numbers without exponent.
      return typeof value === "string" ? value : n.toString();
    }
    case "decimal":
      if (typeof value === "string") return DECIMAL_RE.test(value.trim()) ? value : fail("a decimal");
      if (typeof value === "number" && Number.isFinite(value)) return plainDecimal(value);
      return fail("a decimal");
    case "dateTime":
      if (typeof value === "string")
        return textualMismatch(name, value.trim()) === undefined ? value : fail(textualMismatch(name, value.trim())!);
      if (!(value instanceof Date) || isNaN(value.getTime())) return fail("a date-time");
      if (value.getUTCFullYear() < 1 || value.getUTCFullYear() > 9999)
        return fail("a date-time in the years 1 to 9999");
      return value.toISOString();
    case "date":
      if (typeof value === "string")
        return textualMismatch(name, value.trim()) === undefined ? value : fail(textualMismatch(name, value.trim())!);
      if (!(value instanceof Date) || isNaN(value.getTime())) return fail("a date");
      if (value.getUTCFullYear() < 1 || value.getUTCFullYear() > 9999) return fail("a date in the years 1 to 9999");
      return value.toISOString().slice(0, 10);
    case "binary":
      if (typeof value === "string")
        return isBinaryText(name, value) ? value : fail(name === "hexBinary" ? "hexadecimal text" : "base64 text");
      if (value instanceof Uint8Array) return name === "hexBinary" ? toHex(value) : toBase64(value);
      return fail("binary data");
    case "any":
      return String(value);
    default: {
      if (typeof value !== "string") return fail("a string");
      if (builtinCategory(name) === undefined) return value;
      const mismatch = textualMismatch(name, value);
      return mismatch === undefined ? value : fail(mismatch);
    }
  }
}

/** The value of `text` as a built-in `xs:<name>`, represented as `scalars` says; `path` names it in errors. */
export function builtinValue(name: string, text: string, path: string, scalars: ScalarRepresentation): unknown {
  const fail = (what: string): never => {
    throw new SoapCodecError(`${path}: ${JSON.stringify(text)} is not ${what} (xs:${name})`);
  };
  const outOfRange = (): never => {
    const range = builtinCategory(name) === "number" && !INTEGER_RANGES[name] ? "" : ` (${rangeText(name)})`;
    throw new SoapCodecError(`${path}: ${JSON.stringify(text.trim())} is out of range for xs:${name}${range}`);
  };
  switch (builtinCategory(name)) {
    case "boolean": {
      const t = text.trim();
      return t === "true" || t === "1" ? true : t === "false" || t === "0" ? false : fail("a boolean");
    }
    case "number": {
      const t = text.trim();
      if (name === "float" || name === "double") {
        if (!FLOAT_RE.test(t)) return fail("a number");
        if (t === "INF" || t === "+INF") return Infinity;
        if (t === "-INF") return -Infinity;
        if (t === "NaN") return NaN;
        const n = Number(t);
        if (!Number.isFinite(name === "float" ? Math.fround(n) : n)) return outOfRange();
        return n;
      }
      if (!INTEGER_RE.test(t)) return fail("an integer");
      // Digits beyond the range of every such type give a number outside it, so Number() is exact enough here.
      const n = Number(t) + 0;
      return numberInRange(name, n) ? n : outOfRange();
    }
    case "integer": {
      const t = text.trim();
      if (!INTEGER_RE.test(t)) return fail("an integer");
      if (!integerInRange(name, BigInt(t))) return outOfRange();
      return scalars.integer === "bigint" ? BigInt(t) : scalars.integer === "number" ? Number(t) + 0 : t;
    }
    case "decimal": {
      const t = text.trim();
      if (!DECIMAL_RE.test(t)) return fail("a decimal");
      if (scalars.decimal === "string") return t;
      const n = Number(t);
      return Number.isFinite(n) ? n : outOfRange();
    }
    case "dateTime":
    case "date": {
      const t = text.trim();
      const mismatch = textualMismatch(name, t);
      if (mismatch !== undefined) return fail(mismatch);
      if ((name === "date" ? scalars.date : scalars.dateTime) === "string") return t;
      return dateOf(dateTimeParts(t, name !== "date")!, name !== "date");
    }
    case "binary": {
      if (!isBinaryText(name, text)) return fail(name === "hexBinary" ? "hexadecimal text" : "base64 text");
      if (scalars.binary === "Uint8Array")
        return name === "hexBinary" ? fromHex(text.trim()) : fromBase64(text.replace(/[\t\n\r ]+/g, ""));
      return text.trim();
    }
    case "any":
      return text;
    default: {
      // The string family: the whitespace facet, then the lexical space (token, Name, duration, g*, …).
      if (builtinCategory(name) === undefined) return text;
      const t = applyWhiteSpace(text, whiteSpace(name));
      const mismatch = textualMismatch(name, t);
      return mismatch === undefined ? t : fail(mismatch);
    }
  }
}

/**
 * The instant of a date-time's (or date's) parts: with a timezone, exactly; a date-time without one in the local
 * timezone (as `new Date("2024-01-02T03:04:05")` reads it), a date without one at UTC midnight (as
 * `new Date("2024-01-02")`). Years below 100 stay themselves; 24:00:00 is the next day's midnight.
 */
function dateOf(p: DateTimeParts, withTime: boolean): Date {
  return instant(p.year, p.month, p.day, p.hour, p.minute, p.second, p.millisecond, p.offset, withTime);
}

/** {@link dateOf} from the parts as numbers (`offset` in minutes, undefined without a timezone). */
function instant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
  offset: number | undefined,
  withTime: boolean,
): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, millisecond);
  if (offset !== undefined) return new Date(d.getTime() - offset * 60_000);
  if (!withTime) return d;
  const local = new Date(0);
  local.setFullYear(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  local.setHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return local;
}

// ------------------------------------------------------------------ fast readers

/**
 * What a {@link FastReader} returns for a text that is not in the plain form it reads (spaces around it, a sign it
 * does not expect, a value at the edge of the range, an error): the text is then read with {@link builtinValue},
 * which gives the same value, or the error with its message.
 */
export const NOT_PLAIN: unique symbol = Symbol("not plain");

/**
 * Reads the plain, common lexical forms of one built-in straight from the characters — an `xs:int` written as
 * digits, a `dateTime` as `YYYY-MM-DDThh:mm:ss` — giving exactly what {@link builtinValue} gives for them, and
 * {@link NOT_PLAIN} for any other text. It never throws: every refusal is builtinValue's.
 */
export type FastReader = (text: string) => unknown;

const identity: FastReader = (text) => text;
const booleanReader: FastReader = (text) => (text === "true" ? true : text === "false" ? false : NOT_PLAIN);

/** The fast reader of the built-in `xs:<name>` as `scalars` represent it, or undefined when it has none. */
export function fastReader(name: string, scalars: ScalarRepresentation): FastReader | undefined {
  switch (name) {
    case "string":
    case "anySimpleType":
    case "anyAtomicType":
      return identity;
    case "boolean":
      return booleanReader;
    case "int":
    case "short":
    case "byte":
    case "unsignedInt":
    case "unsignedShort":
    case "unsignedByte": {
      const [min, max] = INTEGER_RANGES[name] as [bigint, bigint];
      return smallIntegerReader(Number(min), Number(max));
    }
    case "long":
    case "integer": {
      const as = scalars.integer;
      return (text) => {
        // Up to 18 digits is within the range of both (|n| < 10^18 < 2^63).
        if (!isPlainInteger(text, 18)) return NOT_PLAIN;
        return as === "string" ? text : as === "number" ? Number(text) + 0 : BigInt(text);
      };
    }
    case "dateTime": {
      const asText = scalars.dateTime === "string";
      return (text) => plainDateTime(text, asText);
    }
  }
  return undefined;
}

/** Is `text` an optional "-" and 1 to `maxDigits` ASCII digits (nothing else)? */
function isPlainInteger(text: string, maxDigits: number): boolean {
  const length = text.length;
  let p = text.charCodeAt(0) === 45 ? 1 : 0;
  if (length === p || length - p > maxDigits) return false;
  for (; p < length; p++) {
    const c = text.charCodeAt(p);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A reader of an integer built-in represented as a number, in [min, max] (at most 10 digits). */
function smallIntegerReader(min: number, max: number): FastReader {
  return (text) => {
    const length = text.length;
    const negative = text.charCodeAt(0) === 45;
    let p = negative ? 1 : 0;
    if (length === p || length - p > 10) return NOT_PLAIN;
    let n = 0;
    for (; p < length; p++) {
      const c = text.charCodeAt(p);
      if (c < 48 || c > 57) return NOT_PLAIN;
      n = n * 10 + (c - 48);
    }
    if (negative) n = -n;
    // + 0: "-0" is 0, as Number("-0") + 0 is.
    return n >= min && n <= max ? n + 0 : NOT_PLAIN;
  };
}

/** The value of the two ASCII digits at `p`, or -1 when they are not digits. */
function twoDigits(text: string, p: number): number {
  const a = text.charCodeAt(p) - 48;
  const b = text.charCodeAt(p + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * `YYYY-MM-DDThh:mm:ss`, then optionally `.` and digits, then optionally `Z` or `±hh:mm` — a four-digit year, hours
 * below 24, every field in range — as builtinValue reads it (the text, or its instant); else NOT_PLAIN.
 */
function plainDateTime(text: string, asText: boolean): unknown {
  const length = text.length;
  if (length < 19) return NOT_PLAIN;
  const y1 = twoDigits(text, 0);
  const y2 = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (
    y1 < 0 ||
    y2 < 0 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  )
    return NOT_PLAIN;
  const year = y1 * 100 + y2;
  if (day > (month === 2 ? ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28) : DAYS[month]!))
    return NOT_PLAIN;
  let p = 19;
  let millisecond = 0;
  if (text.charCodeAt(p) === 46) {
    const digits = ++p;
    for (let c = text.charCodeAt(p); c >= 48 && c <= 57; c = text.charCodeAt(++p))
      if (p - digits < 3) millisecond += (c - 48) * (p === digits ? 100 : p === digits + 1 ? 10 : 1);
    if (p === digits) return NOT_PLAIN;
  }
  let offset: number | undefined;
  if (p < length) {
    const c = text.charCodeAt(p);
    if (c === 90 && p + 1 === length) offset = 0;
    else if ((c === 43 || c === 45) && p + 6 === length && text.charCodeAt(p + 3) === 58) {
      const h = twoDigits(text, p + 1);
      const m = twoDigits(text, p + 4);
      if (h < 0 || m < 0 || m > 59 || h > 14 || (h === 14 && m !== 0)) return NOT_PLAIN;
      offset = (c === 45 ? -1 : 1) * (h * 60 + m);
    } else return NOT_PLAIN;
  }
  if (asText) return text;
  if (offset !== undefined) {
    // What instant() computes, in one step (Date.UTC reads years below 100 as 19xx: those take instant()).
    if (year < 100) return instant(year, month, day, hour, minute, second, millisecond, offset, true);
    return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offset * 60_000);
  }
  // instant()'s local time, without the UTC date it starts from: its fields are these, all in range.
  const local = new Date(0);
  local.setFullYear(year, month - 1, day);
  local.setHours(hour, minute, second, millisecond);
  return local;
}

/** Days in each month of a year that is not a leap year (index 1-12). */
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A number as an `xs:decimal` text: no exponent, every digit of its shortest round-trip form. */
function plainDecimal(value: number): string {
  const s = String(value);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, rest = "", exp] = m as unknown as [string, string, string, string | undefined, string];
  const digits = lead + rest;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  return point >= digits.length
    ? `${sign}${digits}${"0".repeat(point - digits.length)}`
    : `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0").toUpperCase();
  return s;
}
function fromHex(text: string): Uint8Array {
  const out = new Uint8Array(text.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}
function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
