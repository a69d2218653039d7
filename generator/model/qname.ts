/**
 * XML qualified names, as the model writes every name: `{ ns, local }`, and their canonical string key.
 *
 * The runtime's XML tree (`runtime/xml.ts`, which the loader wraps) resolves prefixed names to the same shape;
 * the two definitions are kept apart so that the model depends on nothing of the reading machinery, and a test
 * (test/model/qname.test.ts) keeps them interchangeable.
 */

export interface QName {
  ns: string;
  local: string;
}

/** `{ns}local`: the canonical string key of a QName (`local` alone for no namespace). */
export function qnameKey(q: QName): string {
  return q.ns ? `{${q.ns}}${q.local}` : q.local;
}
