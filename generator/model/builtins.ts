/**
 * The TypeScript representation of XML Schema built-ins: each category (runtime/builtins.ts) maps to a type, and
 * the lossy-prone ones are chosen by {@link ScalarMapping} (see the README's type mapping table).
 */
import { builtinCategory } from "@wsdlgen/runtime/builtins";
import type { ScalarRepresentation } from "@wsdlgen/runtime/metadata";

export { builtinCategory, type BuiltinCategory } from "@wsdlgen/runtime/builtins";

/**
 * How values of the lossy-prone built-in categories are represented in TypeScript (the runtime metadata's
 * `scalars`). The defaults are all lossless: the exact lexical form is kept as a string, so decode → encode
 * reproduces the bytes. `integer=number` loses precision above 2^53, `decimal=number` loses decimal precision,
 * `dateTime=Date` drops sub-millisecond digits and the written offset.
 */
export type ScalarMapping = ScalarRepresentation;

export const DEFAULT_SCALARS: ScalarMapping = {
  integer: "string",
  decimal: "string",
  dateTime: "string",
  date: "string",
  binary: "string",
};

/** The TypeScript type of a built-in under a scalar mapping. */
export function builtinTsType(name: string, scalars: ScalarMapping): string {
  switch (builtinCategory(name)) {
    case "boolean":
      return "boolean";
    case "number":
      return "number";
    case "integer":
      return scalars.integer;
    case "decimal":
      return scalars.decimal;
    case "dateTime":
      return scalars.dateTime;
    case "date":
      return scalars.date;
    case "binary":
      return scalars.binary;
    case "any":
      return "unknown";
    default:
      return "string";
  }
}

/** Choices in a mapping that make decode → encode lossy, for warnings. */
export function lossyScalarChoices(scalars: ScalarMapping): string[] {
  const lossy: string[] = [];
  if (scalars.integer === "number") lossy.push("integer=number loses precision above 2^53");
  if (scalars.decimal === "number") lossy.push("decimal=number loses decimal precision");
  if (scalars.dateTime === "Date") lossy.push("dateTime=Date drops sub-millisecond digits and the written offset");
  if (scalars.date === "Date") lossy.push("date=Date drops the written offset");
  return lossy;
}
