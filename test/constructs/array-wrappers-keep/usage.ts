// Type-level checks: with arrayWrappers "keep", array wrappers are objects holding their item element's array.
import type { ICatalogAgent } from "./expected/CatalogAgent.js";
import type { ArrayOf_xsd_string, ItemList, stringArray } from "./expected/types.js";

declare const agent: ICatalogAgent;
const tags: stringArray = { string: ["a", null] };
export const items: ItemList = { item: [{ Sku: "s", Tags: tags }] };
export const names: ArrayOf_xsd_string = ["still", "an", "array"];
export const sum: Promise<number> = agent.Sum({ integer: [1, 2, 3] });
// @ts-expect-error kept wrappers are no arrays
export const unwrapped: stringArray = ["a"];
