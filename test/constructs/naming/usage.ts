// Type-level checks: the names the naming rules give, usable from TypeScript.
import type {
  Basket_Lines,
  Basket_Lines_,
  Billing_Address,
  Customer,
  Größe,
  Item,
  Promise_,
  _2ndLevel,
  class_,
  item,
} from "./expected/types.js";
import { order_status_v1 } from "./expected/types.js";

const bill: Billing_Address = { Iban: "NO" };
export const customer: Customer = {
  Bill: bill,
  Ship: { Street: "s" },
  "first-name": "Ada",
  default: false,
  Größe: 1,
  ["__proto__"]: "p",
};
export const schemaType: Basket_Lines = { Total: 1 };
export const anonymousType: Basket_Lines_ = { Count: 1 };
export const reserved: class_ = { string: "s" };
export const promise: Promise_ = "p";
export const digit: _2ndLevel = { Status: order_status_v1["in-progress"] };
export const proto: string = order_status_v1["__proto__"];
export const lower: item = { Lower: "l" };
export const upper: Item = { Upper: "u" };
export const size: Größe = { Wert: 1 };
