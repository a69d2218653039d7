/**
 * Simple types ⇄ text: enumerations (written only from their values, read tolerantly), lists (space-separated),
 * unions (the first member that fits; a textual union is its text), restrictions (as their base).
 */
import { SoapCodecError } from "./errors.js";
import { builtinText, builtinValue } from "./lexical.js";
import type { SimpleTypeMeta } from "./metadata.js";
import type { ResolvedType, TypeResolver } from "./type-resolver.js";

/** Simple types nested deeper than this (through bases, items and members) are refused when read strictly. */
const MAX_DEPTH = 64;

/** The text of `value` as the simple type `type`. */
export function simpleText(types: TypeResolver, type: SimpleTypeMeta, value: unknown, path: string): string {
  switch (type.variety) {
    case "enumeration":
      if (typeof value !== "string" || (type.values && !type.values.includes(value))) {
        throw new SoapCodecError(`${path}: ${JSON.stringify(value)} is not one of ${type.values?.join(", ")}`);
      }
      return value;
    case "list": {
      if (!Array.isArray(value)) throw new SoapCodecError(`${path} must be an array (an xs:list)`);
      const item = types.resolve(type.item!);
      return value.map((v, i) => textOf(types, item, v, `${path}[${i}]`)).join(" ");
    }
    case "union": {
      if (types.isTextual(type)) return typeof value === "string" ? value : String(value);
      // The first member that can write the value.
      for (const m of type.members ?? []) {
        try {
          return textOf(types, types.resolve(m), value, path);
        } catch (e) {
          if (!(e instanceof SoapCodecError)) throw e;
        }
      }
      throw new SoapCodecError(`${path}: ${JSON.stringify(value)} fits no member type of the union`);
    }
    default:
      return type.base !== undefined ? textOf(types, types.resolve(type.base), value, path) : String(value);
  }
}

/** The text of `value` as a built-in or simple type; a complex type has none. */
function textOf(types: TypeResolver, type: ResolvedType, value: unknown, path: string): string {
  if (type.kind === "builtin") return builtinText(type.name, value, path);
  if (type.kind === "simple") return simpleText(types, type, value, path);
  throw new SoapCodecError(`${path}: a complex type cannot be written as text`);
}

/**
 * The value of `text` as the simple type `type`. Tolerant: an enumeration value outside the enumeration is kept
 * (trimmed), and a union no member reads is its text.
 */
export function simpleValue(types: TypeResolver, type: SimpleTypeMeta, text: string, path: string): unknown {
  switch (type.variety) {
    case "enumeration":
      return type.values?.includes(text) ? text : text.trim();
    case "list": {
      const item = types.resolve(type.item!);
      const tokens = text.split(/\s+/).filter(Boolean);
      return tokens.map((t, i) =>
        item.kind === "builtin"
          ? builtinValue(item.name, t, `${path}[${i}]`, types.scalars)
          : item.kind === "simple"
            ? simpleValue(types, item, t, `${path}[${i}]`)
            : t,
      );
    }
    case "union": {
      if (types.isTextual(type)) return text;
      // The first member type that reads the text, preferring one that writes it back unchanged.
      let first: { value: unknown } | undefined;
      for (const m of type.members ?? []) {
        const member = types.resolve(m);
        let value: unknown;
        try {
          value = strictValue(types, member, text, path, 0);
        } catch (e) {
          if (e instanceof SoapCodecError) continue;
          throw e;
        }
        try {
          if (textOf(types, member, value, path) === text.trim()) return value;
        } catch (e) {
          if (!(e instanceof SoapCodecError)) throw e;
        }
        first ??= { value };
      }
      return first ? first.value : text;
    }
    default: {
      if (type.base === undefined) return text;
      const base = types.resolve(type.base);
      return base.kind === "builtin"
        ? builtinValue(base.name, text, path, types.scalars)
        : base.kind === "simple"
          ? simpleValue(types, base, text, path)
          : text;
    }
  }
}

/** Like {@link simpleValue}, but an enumeration value outside the enumeration (or a complex type) is an error. */
function strictValue(types: TypeResolver, type: ResolvedType, text: string, path: string, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new SoapCodecError(`${path}: simple types nest too deep`);
  if (type.kind === "builtin") return builtinValue(type.name, text, path, types.scalars);
  if (type.kind !== "simple") throw new SoapCodecError(`${path}: a complex type is no union member`);
  switch (type.variety) {
    case "enumeration":
      if (type.values && !type.values.includes(text.trim()))
        throw new SoapCodecError(`${path}: ${JSON.stringify(text)} is not one of ${type.values.join(", ")}`);
      return text.trim();
    case "list": {
      const item = types.resolve(type.item!);
      return text
        .split(/\s+/)
        .filter(Boolean)
        .map((t) => strictValue(types, item, t, path, depth + 1));
    }
    case "union":
      return simpleValue(types, type, text, path);
    default:
      return type.base === undefined ? text : strictValue(types, types.resolve(type.base), text, path, depth + 1);
  }
}
