/**
 * XML Schema built-in types by value category. The generator maps categories to TypeScript types; the codec
 * maps them to and from text. Kept in the runtime so both sides share one table.
 */
export type BuiltinCategory =
  "string" | "boolean" | "number" | "integer" | "decimal" | "dateTime" | "date" | "binary" | "any";

const CATEGORIES: Record<string, BuiltinCategory> = Object.create(null);
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
  return CATEGORIES[name];
}
