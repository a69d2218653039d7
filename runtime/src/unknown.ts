/**
 * Content a message carried that the WSDL does not declare at that position — a newer server's fields, attributes
 * added by another stack — kept by the decoder on the value it belongs to and written back by the encoder where it
 * was, so that read → modify → write does not delete what this client does not know about (like WCF's
 * `IExtensibleDataObject` or protobuf's unknown fields).
 *
 * Where it lives: under the symbol {@link UNKNOWN_CONTENT}, which no generated type declares and no XML name can
 * clash with. On decoded objects, arrays and dictionaries it is an own enumerable symbol property: `Object.keys`,
 * `for…in`, `JSON.stringify` and `structuredClone` do not see it, but `{ ...value }` and `Object.assign` copy it, so
 * the usual "change one member" idioms keep it. Message-level content (undeclared header blocks, the Body's or
 * wrapper's undeclared children) is a non-enumerable symbol property of the decoded headers object, so spreading
 * response headers into the next request does not resend it. Values that cannot carry a property (text, numbers,
 * `null`, dictionary entries) have theirs kept by their parent, under {@link UnknownContent.children}.
 */
import type { AnyElement } from "./metadata.js";

/** The symbol under which a decoded value carries its {@link UnknownContent}. Shared by every copy of the runtime. */
export const UNKNOWN_CONTENT: unique symbol = Symbol.for("@wsdlgen/runtime/unknown-content");

/** An undeclared element, with the position it had among the known ones. */
export interface PlacedElement {
  /** The local name of the known element it followed; absent when it came before every known one. */
  after?: string;
  /** Which occurrence of `after` it followed (0-based; absent for the first). */
  index?: number;
  element: AnyElement;
}

/** What one element carried that its type does not declare. */
export interface UnknownContent {
  /** Undeclared attributes, keyed like {@link AnyElement.attributes} (`{namespace}local`, or `local`). */
  attributes?: Record<string, string>;
  /** Undeclared child elements, in document order, each placed after the known element it followed. */
  elements?: PlacedElement[];
  /**
   * The undeclared content of known child elements whose values cannot carry a property (text, numbers, booleans,
   * `null`, dictionary entries), by the child's local name and occurrence.
   */
  children?: { name: string; index?: number; content: UnknownContent }[];
  /** Message level only (on decoded headers): the undeclared content of the Body's wrapper (or of the Body). */
  body?: UnknownContent;
}

/** The undeclared content a decoded value (or decoded headers object) carries, if any. */
export function unknownContent(value: unknown): UnknownContent | undefined {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return undefined;
  return Object.getOwnPropertyDescriptor(value, UNKNOWN_CONTENT)?.value as UnknownContent | undefined;
}

/**
 * Attaches undeclared content to an object or array (replacing any it had) and returns the value; `undefined`
 * removes it. For values built by hand that should carry content the WSDL does not declare, e.g. a mock server's.
 */
export function withUnknownContent<T extends object>(
  value: T,
  content: UnknownContent | undefined,
  enumerable = true,
): T {
  if (content === undefined) delete (value as { [UNKNOWN_CONTENT]?: unknown })[UNKNOWN_CONTENT];
  else
    Object.defineProperty(value, UNKNOWN_CONTENT, { value: content, enumerable, writable: true, configurable: true });
  return value;
}

/** Is there anything in it? */
export function isEmptyUnknown(content: UnknownContent): boolean {
  return !content.attributes && !content.elements?.length && !content.children?.length && !content.body;
}
