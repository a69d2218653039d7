/**
 * Identifier rules. Names come from the WSDL unchanged when they are legal TypeScript; otherwise they are made
 * legal by fixed, documented steps (README "Naming"):
 * 1. every character that cannot appear in an identifier becomes `_` (Unicode letters and digits can);
 * 2. a name that cannot start an identifier (a digit, say) gets a leading `_`;
 * 3. a reserved word, a built-in type name, or a global the generated code uses gets a trailing `_`.
 * Property names are never changed: names that are not identifiers are written as string literals.
 */

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "implements interface let package private protected public static yield await " +
    // type names that cannot be declared
    "any unknown never string number boolean symbol bigint object undefined " +
    // globals that generated code refers to
    "Array Record Promise Date Uint8Array Map Partial Readonly Error AbortSignal"
  ).split(" "),
);

const IDENTIFIER = /^[\p{ID_Start}_$][\p{ID_Continue}_$\u200c\u200d]*$/u;
/**
 * The ASCII identifiers, which are most names: a subset of IDENTIFIER tested without Unicode property classes, which
 * cost microseconds per name (eBay Trading's parameters and keys: tens of thousands of tests).
 */
const ASCII_IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function isIdentifierName(name: string): boolean {
  return ASCII_IDENTIFIER.test(name) || IDENTIFIER.test(name);
}

export function isIdentifier(name: string): boolean {
  return isIdentifierName(name) && !RESERVED.has(name);
}

/** Makes a declaration name legal (steps 1–3 above). */
export function toIdentifier(name: string): string {
  if (ASCII_IDENTIFIER.test(name)) return RESERVED.has(name) ? `${name}_` : name; // the steps below change nothing else
  let id = name.replace(/[^\p{ID_Continue}_$\u200c\u200d]/gu, "_");
  if (id === "") id = "_";
  if (!/^[\p{ID_Start}_$]/u.test(id)) id = "_" + id;
  if (RESERVED.has(id)) id += "_";
  return id;
}

/** A parameter name: the wire name with its first letter lower-cased (`BatchReplyData` → `batchReplyData`). */
export function toParameterName(name: string): string {
  return toIdentifier(lowerFirstWord(name));
}

const isUpperAscii = (c: number) => c >= 65 && c <= 90;
const isLowerAscii = (c: number) => c >= 97 && c <= 122;

/**
 * The leading capital (or run of capitals, an acronym) lower-cased: the rule of the regular expression
 * `/^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/` (a whole name in capitals; a run of capitals but its last, when a lower-case
 * letter follows it; else the first letter), written out — the replace with a callback cost ~1 µs per name.
 */
export function lowerFirstWord(name: string): string {
  let run = 0;
  while (run < name.length && isUpperAscii(name.charCodeAt(run))) run++;
  if (run === 0) return name;
  const end = run === name.length ? run : run >= 2 && isLowerAscii(name.charCodeAt(run)) ? run - 1 : 1;
  return name.slice(0, end).toLowerCase() + name.slice(end);
}

/**
 * A property key: the name itself when it is an identifier (reserved words are fine as keys), else a string
 * literal; `__proto__` is written as a computed key (`["__proto__"]`), the one form that makes an own property in
 * an object literal (the generated `const` objects and `metadata.ts`) and is still a plain member in a type.
 */
export function propertyKey(name: string): string {
  if (name === "__proto__") return '["__proto__"]';
  return isIdentifierName(name) ? name : stringLiteral(name);
}

/** A string literal for generated code (also safe inside template text: JSON escapes quotes, backslashes, controls). */
export function stringLiteral(value: string): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Text made safe inside a `/** … *\/` comment: no comment terminator, no stray control characters. */
export function docText(text: string): string {
  return text
    .replace(/\*\//g, "*\\/")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u2028\u2029]/g, " ")
    .replace(/\r\n?/g, "\n");
}
