/** Is `name` usable as an element or attribute local name (an NCName, roughly)? */
const XML_NAME = /^[\p{L}_][\p{L}\p{M}\p{N}_.\-\u00b7\u203f\u2040]*$/u;

/**
 * Names found to be XML names, so that the encoder's many checks of the same few names (every element of a message
 * is checked as it is written) are a lookup rather than a Unicode regular expression. Bounded: cleared when full.
 */
const known = new Set<string>();
const KNOWN_MAX = 4096;

/** Is `name` an XML local name (an NCName: letters, digits, `_`, `-`, `.`, not starting with a digit, `-` or `.`)? */
export function isXmlName(name: string): boolean {
  if (known.has(name)) return true;
  if (!XML_NAME.test(name)) return false;
  if (known.size >= KNOWN_MAX) known.clear();
  known.add(name);
  return true;
}
