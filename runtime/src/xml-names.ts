/** Is `name` usable as an element or attribute local name (an NCName, roughly)? */
const XML_NAME = /^[\p{L}_][\p{L}\p{M}\p{N}_.\-\u00b7\u203f\u2040]*$/u;

/** Is `name` an XML local name (an NCName: letters, digits, `_`, `-`, `.`, not starting with a digit, `-` or `.`)? */
export function isXmlName(name: string): boolean {
  return XML_NAME.test(name);
}
