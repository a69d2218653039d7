/**
 * Lexical forms of the XML Schema built-ins: a value as the text it is written as, and a text as the value it is
 * read as. The lossy-prone categories (integer, decimal, dateTime, date, binary) are read as the
 * {@link ScalarRepresentation} says; whatever their representation, a text given for them is written as it is.
 */
import { builtinCategory } from "./builtins.js";
import { SoapCodecError } from "./errors.js";
import type { ScalarRepresentation } from "./metadata.js";

/** The text of `value` as a built-in `xs:<name>`; `path` names the value in the error when it does not fit. */
export function builtinText(name: string, value: unknown, path: string): string {
  const fail = (what: string): never => {
    const got = typeof value === "object" ? JSON.stringify(value) : String(value);
    throw new SoapCodecError(`${path}: expected ${what} for xs:${name}, got ${got}`);
  };
  switch (builtinCategory(name)) {
    case "boolean":
      return typeof value === "boolean" ? String(value) : fail("a boolean");
    case "number":
      if (typeof value !== "number") return fail("a number");
      return value === Infinity ? "INF" : value === -Infinity ? "-INF" : Object.is(value, -0) ? "-0" : String(value);
    case "integer":
      if (typeof value === "string") return /^\s*[+-]?\d+\s*$/.test(value) ? value : fail("an integer");
      if (typeof value === "bigint") return value.toString();
      if (typeof value === "number" && Number.isInteger(value))
        return value.toLocaleString("en-US", { useGrouping: false });
      return fail("an integer");
    case "decimal":
      if (typeof value === "string") return /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(value) ? value : fail("a decimal");
      if (typeof value === "number" && Number.isFinite(value))
        return value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });
      return fail("a decimal");
    case "dateTime":
      if (typeof value === "string") return value;
      return value instanceof Date && !isNaN(value.getTime()) ? value.toISOString() : fail("a date-time");
    case "date":
      if (typeof value === "string") return value;
      return value instanceof Date && !isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : fail("a date");
    case "binary":
      if (typeof value === "string") return value;
      if (value instanceof Uint8Array) return name === "hexBinary" ? toHex(value) : toBase64(value);
      return fail("binary data");
    case "any":
      return String(value);
    default:
      return typeof value === "string" ? value : fail("a string");
  }
}

/** The value of `text` as a built-in `xs:<name>`, represented as `scalars` says; `path` names it in errors. */
export function builtinValue(name: string, text: string, path: string, scalars: ScalarRepresentation): unknown {
  const fail = (what: string): never => {
    throw new SoapCodecError(`${path}: ${JSON.stringify(text)} is not ${what} (xs:${name})`);
  };
  switch (builtinCategory(name)) {
    case "boolean": {
      const t = text.trim();
      return t === "true" || t === "1" ? true : t === "false" || t === "0" ? false : fail("a boolean");
    }
    case "number": {
      const t = text.trim();
      if (t === "INF" || t === "+INF") return Infinity;
      if (t === "-INF") return -Infinity;
      if (t === "NaN") return NaN;
      const n = Number(t);
      return t !== "" && !isNaN(n) ? n : fail("a number");
    }
    case "integer": {
      const t = text.trim();
      if (!/^[+-]?\d+$/.test(t)) return fail("an integer");
      return scalars.integer === "bigint" ? BigInt(t) : scalars.integer === "number" ? Number(t) : t;
    }
    case "decimal": {
      const t = text.trim();
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return fail("a decimal");
      return scalars.decimal === "number" ? Number(t) : t;
    }
    case "dateTime":
      return scalars.dateTime === "Date" ? new Date(text.trim()) : text.trim();
    case "date":
      return scalars.date === "Date" ? new Date(text.trim()) : text.trim();
    case "binary":
      if (scalars.binary === "Uint8Array")
        return name === "hexBinary" ? fromHex(text.trim()) : fromBase64(text.replace(/\s+/g, ""));
      return text.trim();
    default:
      return text;
  }
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
