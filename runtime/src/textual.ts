/**
 * "Is this simple type plain `string` in TypeScript?" — one rule for the emitter (which writes `string` for such a
 * type) and the codec (which reads and writes a textual union as its text), so the types and the codec cannot
 * disagree. Generic over how a type reference is looked up: the emitter looks up model types, the codec metadata.
 */
import { builtinCategory } from "./builtins.js";
import type { ScalarRepresentation } from "./metadata.js";

/** What the rule needs to see of a type: a built-in by name, a simple type's variety and references, or neither. */
export type TextualView<Ref> =
  | { kind: "builtin"; name: string }
  | { kind: "simple"; variety: "atomic" | "enumeration" | "list" | "union"; base?: Ref; members?: readonly Ref[] }
  | { kind: "complex" }
  | undefined;

/** Deeper chains of restrictions than this are taken as textual (a cycle in a broken schema ends here). */
const MAX_DEPTH = 64;

/**
 * Is the TypeScript type of `type` plain `string`? Built-ins represented as text (under `scalars`), restrictions
 * of those (and a restriction without base), unions with such a member (or without members). Enumerations, lists
 * and complex types are not.
 */
export function isTextualType<Ref>(
  type: TextualView<Ref>,
  scalars: ScalarRepresentation,
  lookup: (ref: Ref) => TextualView<Ref>,
  depth = 0,
): boolean {
  if (depth > MAX_DEPTH) return true;
  if (type === undefined) return false;
  if (type.kind === "builtin") {
    const category = builtinCategory(type.name);
    switch (category) {
      case "boolean":
      case "number":
      case "any":
        return false;
      case "integer":
      case "decimal":
      case "dateTime":
      case "date":
      case "binary":
        return scalars[category] === "string";
      default:
        return true;
    }
  }
  if (type.kind !== "simple") return false;
  const textual = (ref: Ref) => isTextualType(lookup(ref), scalars, lookup, depth + 1);
  if (type.variety === "atomic") return type.base === undefined || textual(type.base);
  if (type.variety === "union") return !type.members?.length || type.members.some(textual);
  return false;
}
