// Type-level checks: array wrappers are arrays wherever they are used; other single-element types stay objects.
import type { ICatalogAgent } from "./expected/CatalogAgent.js";
import type { Catalog, ItemList, stringArray } from "./expected/types.js";

declare const agent: ICatalogAgent;
const tags: stringArray = ["a", null];
const items: ItemList = [{ Sku: "s", Tags: tags }];
export const catalog: Catalog = {
  Names: ["x"],
  Items: items,
  Page: { total: 1, item: [] },
  Batch: { item: [] },
  Box: { item: { Sku: "b" } },
};
export const sum: Promise<number> = agent.Sum([1, 2, 3]);
export const got: Promise<Catalog> = agent.GetCatalog(["a"]);
// @ts-expect-error an array wrapper is no object with its item element
export const wrapped: stringArray = { string: ["a"] };
