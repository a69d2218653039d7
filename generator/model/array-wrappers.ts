/**
 * Array wrappers beyond WCF's: a named complex type whose whole content is one repeated element — Spyne's
 * `stringArray`, a JAX-WS `ItemList`, any `<sequence><element maxOccurs="unbounded"/></sequence>` — is given the
 * same collection shape as WCF's `ArrayOfX` (which the schema reader recognises by name): its value is the items'
 * array wherever it is used, and the wrapper and item element names stay in the metadata for the codec.
 *
 * A type qualifies when it is named, not abstract, derives from nothing and nothing derives from it, has no
 * attributes, attribute or element wildcard, choice, simple or mixed content, and exactly one field: an element
 * (not a repeated choice or `xs:any`) with maxOccurs > 1. With `"keep"`, only the types the reader already gave a
 * collection shape (WCF's `ArrayOf…`, SOAP-encoded arrays, dictionaries) have one; the others stay objects.
 */
import type { ComplexType, Model } from "./model.js";
import { qnameKey } from "./qname.js";

/** What to do with array wrappers that are not WCF's: make them arrays (default), or keep the wrapper objects. */
export type ArrayWrappers = "unwrap" | "keep";

export const ARRAY_WRAPPER_CHOICES: readonly ArrayWrappers[] = ["unwrap", "keep"];

/** Does this named complex type's content consist of one repeated element only? */
export function isArrayWrapper(type: ComplexType): boolean {
  if (
    type.wcf ||
    type.abstract ||
    type.base ||
    type.derivation ||
    type.attributes.length ||
    type.anyAttribute ||
    type.anyElement ||
    type.choices?.length ||
    type.simpleContent ||
    type.mixed ||
    type.fields.length !== 1
  )
    return false;
  const only = type.fields[0]!;
  return !only.particle && !only.choice && (only.maxOccurs === "unbounded" || only.maxOccurs > 1);
}

/** Gives every array wrapper of the model (see the module comment) the collection shape, unless `mode` is "keep". */
export function recogniseArrayWrappers(model: Model, mode: ArrayWrappers = "unwrap"): void {
  if (mode === "keep") return;
  const bases = new Set(model.types.flatMap((t) => (t.kind === "complex" && t.base ? [qnameKey(t.base)] : [])));
  for (const type of model.types) {
    if (type.kind !== "complex" || bases.has(qnameKey(type.name)) || !isArrayWrapper(type)) continue;
    type.wcf = { shape: "array", item: type.fields[0]! };
  }
}
