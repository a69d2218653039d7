// Type-level checks: anonymous types have names users can refer to.
import type { Order, Order_Lines_Line, Order_Shipping } from "./expected/types.js";

const line: Order_Lines_Line = { Sku: "a", Qty: 1, gift: true };
const shipping: Order_Shipping = { Pickup: "Store 1" };
export const order: Order = { Lines: { Line: [line] }, Shipping: shipping, Status: "closed" };
// @ts-expect-error an anonymous enumeration stays a literal union
export const badStatus: Order = { Lines: { Line: [] }, Shipping: shipping, Status: "pending" };
