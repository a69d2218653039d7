/**
 * The document/literal wrapped convention, as the emitters and the API diff apply it: a message whose single body
 * part is a wrapper element (`Message.wrapper`, set by the WSDL reader) is unwrapped into the fields of the
 * element's anonymous sequence — the operation's parameters, or its result — instead of being one part.
 */
import type { ModelIndex } from "./model-index.js";
import type { Field, Message } from "./model.js";

/** The fields a wrapped message is unwrapped into, or undefined when its body parts are the message. */
export function wrapperFields(index: ModelIndex, message: Message): Field[] | undefined {
  if (!message.wrapper) return undefined;
  const decl = index.element(message.wrapper);
  if (!decl || decl.type.kind !== "inline" || decl.type.type.kind !== "complex") return undefined;
  return decl.type.type.fields;
}
