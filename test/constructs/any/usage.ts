// Type-level checks: wildcard content is `unknown` (never `any`) and undeclared attributes are text.
import type { AnyElement } from "@wsdlgen/runtime";
import type { Message } from "./expected/types.js";

const ext: AnyElement = { name: "Ext", ns: "urn:other", text: "x" };
export const message: Message = { Id: "1", $any: [ext], $anyAttributes: { "{urn:other}trace": "t" } };
// @ts-expect-error attribute values are strings
export const badAttribute: Message = { Id: "1", $anyAttributes: { n: 1 } };

export function firstName(m: Message): string | undefined {
  const first = m.$any?.[0];
  // @ts-expect-error unknown must be narrowed before use
  first.name;
  return (first as AnyElement | undefined)?.name;
}
