/**
 * The wrapper rule: when an operation's messages are unwrapped into parameters and a result, decided here and
 * nowhere else (the model records the verdict as `Message.wrapper`; the metadata, the agent view and the API diff
 * read it through {@link wrapperFields}).
 *
 * It is JAX-WS's wrapper style. An operation is wrapped when each of its messages that has a body is a wrapper:
 * - document style, `use="literal"`, exactly one body part, and that part an `element=`;
 * - the input's element is named like the operation (its namespace does not matter); the output's may have any
 *   name (by convention `<operation>Response`);
 * - the element is not nillable or abstract, and its type — anonymous or named — is a plain sequence of child
 *   elements: no attributes or attribute wildcard, no element wildcard, no choice or substitution group, no
 *   repeated choice, no derivation (extension or restriction), no simple or mixed content.
 * An output without body parts (a result of nothing) does not stand in the way. When the operation is not wrapped,
 * every body part is one parameter (one member of the result) of its element's type.
 */
import type { ModelIndex } from "./model-index.js";
import type { ComplexBody, ElementDecl, Field, Message, Model, Operation } from "./model.js";

/** The complex body of an element's type: its anonymous type, or the named complex type it refers to. */
function elementBody(index: ModelIndex, decl: ElementDecl): ComplexBody | undefined {
  const type = decl.type;
  const body = type.kind === "inline" ? type.type : type.kind === "named" ? index.type(type.name) : undefined;
  return body?.kind === "complex" ? body : undefined;
}

/** A plain sequence of child elements (see the module comment). */
export function isPlainSequence(body: ComplexBody): boolean {
  return (
    !body.base &&
    !body.derivation &&
    body.attributes.length === 0 &&
    !body.anyAttribute &&
    !body.anyElement &&
    !body.choices?.length &&
    !body.simpleContent &&
    !body.mixed &&
    !body.abstract &&
    body.wcf?.shape !== "dictionary" &&
    body.fields.every((f) => !f.particle && !f.choice)
  );
}

/** The wrapper element of a message, if the message has the form of one (the operation decides whether it is). */
function wrapperElement(index: ModelIndex, op: Operation, message: Message, direction: "input" | "output") {
  if (op.style !== "document" || message.use !== "literal" || message.body.length !== 1) return undefined;
  const element = message.body[0]!.element;
  if (!element || (direction === "input" && element.local !== op.name)) return undefined;
  const decl = index.element(element);
  if (!decl || decl.nillable || decl.abstract) return undefined;
  const body = elementBody(index, decl);
  return body && isPlainSequence(body) ? element : undefined;
}

/**
 * Sets `wrapper` on the messages of every wrapped operation of the model (and clears it on the others). The
 * readers call it once the model is complete.
 */
export function markWrappers(index: ModelIndex, model: Model): void {
  for (const service of model.services) {
    for (const port of service.ports) {
      for (const op of port.operations) {
        const input = op.input && wrapperElement(index, op, op.input, "input");
        const output = op.output && wrapperElement(index, op, op.output, "output");
        const wrapped =
          (!op.input || !!input) && (!op.output || !!output || op.output.body.length === 0) && !!(input || output);
        for (const [message, element] of [
          [op.input, input],
          [op.output, output],
        ] as const) {
          if (!message) continue;
          if (wrapped && element) message.wrapper = element;
          else delete message.wrapper;
        }
      }
    }
  }
}

/** The fields a wrapped message is unwrapped into, or undefined when its body parts are the message. */
export function wrapperFields(index: ModelIndex, message: Message): Field[] | undefined {
  if (!message.wrapper) return undefined;
  const decl = index.element(message.wrapper);
  return decl && elementBody(index, decl)?.fields;
}
