/**
 * SOAP's mustUnderstand rule on the receiving side: a header block marked `mustUnderstand` and addressed to this
 * node (no actor/role, or the "next" or "ultimate receiver" one) that the node does not process must fail the whole
 * message with a MustUnderstand fault, before anything else is done with it (SOAP 1.1 §4.2.3, SOAP 1.2 Part 1 §5.2.3).
 */
import type { HeaderMeta } from "./metadata.js";
import { SOAP11_ENV, SOAP12_ENV } from "./namespaces.js";
import { headerName, headerNs } from "./operation.js";
import { attributeNS, type XmlNode } from "./xml.js";

const SOAP11_NEXT = "http://schemas.xmlsoap.org/soap/actor/next";
const SOAP12_NEXT = `${SOAP12_ENV}/role/next`;
const SOAP12_ULTIMATE = `${SOAP12_ENV}/role/ultimateReceiver`;

/** A header block this node understands: one the operation declares, or one a configured policy reads. */
export interface UnderstoodHeader {
  ns: string;
  local: string;
}

/** The header blocks the operation's input message declares, named as the codec names them (operation.ts). */
export function declaredHeaders(headers: readonly HeaderMeta[]): UnderstoodHeader[] {
  return headers.map((h) => ({ ns: headerNs(h), local: headerName(h) }));
}

function addressedHere(block: XmlNode, env: string): boolean {
  if (env === SOAP12_ENV) {
    const role = attributeNS(block, env, "role")?.trim();
    return role === undefined || role === "" || role === SOAP12_NEXT || role === SOAP12_ULTIMATE;
  }
  const actor = attributeNS(block, SOAP11_ENV, "actor")?.trim();
  return actor === undefined || actor === "" || actor === SOAP11_NEXT;
}

function mustBeUnderstood(block: XmlNode, env: string): boolean {
  const value = attributeNS(block, env, "mustUnderstand")?.trim();
  // SOAP 1.1 writes "1"/"0"; SOAP 1.2 an xs:boolean ("true", "1", "false", "0"): both are accepted from either
  return value === "1" || value === "true";
}

/**
 * The header blocks of `headers` that are marked mustUnderstand, addressed to this node and not among `understood`,
 * in document order.
 */
export function notUnderstood(
  env: string,
  headers: readonly XmlNode[],
  understood: readonly UnderstoodHeader[],
): XmlNode[] {
  return headers.filter(
    (block) =>
      mustBeUnderstood(block, env) &&
      addressedHere(block, env) &&
      !understood.some((u) => u.local === block.local && u.ns === block.ns),
  );
}
