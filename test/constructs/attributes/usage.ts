// Type-level checks: a fixed attribute has its value's literal type; required attributes are required.
import type { Item } from "./expected/types.js";

export const item: Item = { id: 1, Name: "n", version: "1.0", count: 3, priority: "low", "data-id": "x", lang: "en" };
// @ts-expect-error a fixed attribute admits only its value
export const wrongVersion: Item = { id: 1, Name: "n", version: "2.0" };
// @ts-expect-error the required attribute is missing
export const noId: Item = { Name: "n" };
