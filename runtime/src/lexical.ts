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
  daysIn,
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

/** Is every text {@link builtinWriter} gives for `xs:<name>` free of characters to escape (digits, signs, dates)? */
export function builtinTextIsPlain(name: string): boolean {
  const category = builtinCategory(name);
  return category === "boolean" || category === "number" || category === "dateTime" || category === "date";
}

/**
 * The ISO 8601 text of an instant in the years 1 to 9999, as `Date.prototype.toISOString` writes it
 * (`YYYY-MM-DDThh:mm:ss.sssZ`), computed from its time value: a third of the time of `toISOString`.
 */
export function isoDateTime(time: number): string {
  let days = Math.floor(time / 86_400_000);
  let ms = time - days * 86_400_000;
  // days since 1970-01-01 → year, month, day (the proleptic Gregorian calendar, in eras of 400 years from 0000-03-01)
  days += 719_468;
  const era = Math.floor(days / 146_097);
  const dayOfEra = days - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const m = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * m + 2) / 5) + 1;
  const month = m < 10 ? m + 3 : m - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(ms / 3_600_000);
  ms -= hour * 3_600_000;
  const minute = Math.floor(ms / 60_000);
  ms -= minute * 60_000;
  const second = Math.floor(ms / 1000);
  ms -= second * 1000;
  // a few pieces made once (four concatenations a date-time rather than a dozen: 10,000 dates make a lot of garbage)
  const pieces = (isoPieces ??= makeIsoPieces());
  return (
    (year >= 1000 ? String(year) : String(year).padStart(4, "0")) +
    pieces.monthDay[month * 32 + day] +
    pieces.hourMinute[hour * 60 + minute] +
    pieces.second[second] +
    pieces.milliseconds[ms]
  );
}

/** `-MM-DDT` by month × 32 + day, `hh:mm:` by hour × 60 + minute, `ss.`, `mmmZ`. */
let isoPieces: { monthDay: string[]; hourMinute: string[]; second: string[]; milliseconds: string[] } | undefined;

function makeIsoPieces(): NonNullable<typeof isoPieces> {
  const two = (n: number) => String(n).padStart(2, "0");
  const monthDay: string[] = [];
  for (let m = 1; m <= 12; m++) for (let d = 0; d < 32; d++) monthDay[m * 32 + d] = `-${two(m)}-${two(d)}T`;
  const hourMinute: string[] = [];
  for (let h = 0; h < 24; h++) for (let m = 0; m < 60; m++) hourMinute[h * 60 + m] = `${two(h)}:${two(m)}:`;
  return {
    monthDay,
    hourMinute,
    second: Array.from({ length: 60 }, (_, i) => `${two(i)}.`),
    milliseconds: Array.from({ length: 1000 }, (_, i) => `${String(i).padStart(3, "0")}Z`),
  };
}

/** 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the instants a date-time is written for. */
const FIRST_INSTANT = -62_135_596_800_000;
const LAST_INSTANT = 253_402_300_799_999;

/**
 * A fast writer of the text of a value as the built-in `xs:<name>`, for the encoder that writes text straight from
 * the metadata (encode-text.ts): the same text as {@link builtinText} for the values it takes, `undefined` for every
 * other value (a value of another type, out of range, a text to check…), which {@link builtinText} then writes or
 * refuses. Undefined when the built-in has no fast writer.
 */
export function builtinWriter(name: string): ((value: unknown) => string | undefined) | undefined {
  switch (builtinCategory(name)) {
    case "boolean":
      return (v) => (v === true ? "true" : v === false ? "false" : undefined);
    case "number":
      if (name === "double")
        return (v) =>
          typeof v !== "number" || v !== v || v === Infinity || v === -Infinity || Object.is(v, -0)
            ? undefined
            : String(v);
      if (name === "float") return undefined;
      return (v) =>
        typeof v === "number" && Number.isInteger(v) && numberInRange(name, v) ? String(v === 0 ? 0 : v) : undefined;
    case "dateTime":
      return (v) => {
        if (!(v instanceof Date)) return undefined;
        const time = v.getTime();
        // the years 1 to 9999; NaN (an invalid Date) fails both comparisons
        return time >= FIRST_INSTANT && time <= LAST_INSTANT ? isoDateTime(time) : undefined;
      };
    case "date":
      return (v) => {
        if (!(v instanceof Date)) return undefined;
        const time = v.getTime();
        return time >= FIRST_INSTANT && time <= LAST_INSTANT ? isoDateTime(time).slice(0, 10) : undefined;
      };
    case "string":
      // the names whose text is any string, as it is (no whitespace facet to check, no lexical space)
      if (name === "string" || name === "anySimpleType" || name === "anyAtomicType")
        return (v) => (typeof v === "string" ? v : undefined);
      return undefined;
    default:
      return undefined;
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
  if (day > daysIn(month, year)) return NOT_PLAIN;
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
