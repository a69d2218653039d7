/**
 * XML Schema built-in types and the value category each maps to. The TypeScript representation of a category is
 * chosen by {@link ScalarMapping} (see the README's type mapping table).
 */
export type BuiltinCategory =
  | "string"
  | "boolean"
  | "number"
  | "integer"
  | "decimal"
  | "dateTime"
  | "date"
  | "binary"
  | "any";

const CATEGORIES: Record<string, BuiltinCategory> = {};
const assign = (category: BuiltinCategory, names: string) => {
  for (const n of names.split(" ")) CATEGORIES[n] = category;
};
assign(
  "string",
  "string normalizedString token language Name NCName ID IDREF IDREFS ENTITY ENTITIES NMTOKEN NMTOKENS anyURI QName NOTATION " +
    "anySimpleType anyAtomicType duration time gYear gYearMonth gMonth gMonthDay gDay yearMonthDuration dayTimeDuration",
);
assign("boolean", "boolean");
assign("number", "float double int short byte unsignedInt unsignedShort unsignedByte");
assign("integer", "integer long unsignedLong nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger");
assign("decimal", "decimal");
assign("dateTime", "dateTime dateTimeStamp");
assign("date", "date");
assign("binary", "base64Binary hexBinary");
assign("any", "anyType");

/** The category of an XSD built-in type by local name, or undefined when the name is not a built-in. */
export function builtinCategory(name: string): BuiltinCategory | undefined {
  return Object.hasOwn(CATEGORIES, name) ? CATEGORIES[name] : undefined;
}

/**
 * How values of the lossy-prone built-in categories are represented in TypeScript. The defaults are all
 * lossless: the exact lexical form is kept as a string, so decode → encode reproduces the bytes.
 */
export interface ScalarMapping {
  /** `xs:long`, `xs:unsignedLong`, `xs:integer` and its other unbounded kin. `number` loses precision above 2^53. */
  integer: "string" | "bigint" | "number";
  /** `xs:decimal`. `number` loses precision. */
  decimal: "string" | "number";
  /** `xs:dateTime`. `Date` drops sub-millisecond digits and the written offset. */
  dateTime: "string" | "Date";
  /** `xs:date`. `Date` drops the written offset. */
  date: "string" | "Date";
  /** `xs:base64Binary`, `xs:hexBinary`: the lexical text, or the decoded bytes. */
  binary: "string" | "Uint8Array";
}

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
