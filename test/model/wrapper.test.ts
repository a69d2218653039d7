/**
 * model/wrapper.ts: the wrapper rule (JAX-WS's wrapper style) on models written by hand — which operations are
 * unwrapped into parameters and a result, and which keep their body parts — one disqualifying property at a time.
 */
import { describe, expect, it } from "vitest";
import { ModelIndex } from "../../generator/model/model-index.js";
import {
  MODEL_VERSION,
  type ComplexBody,
  type ElementDecl,
  type Field,
  type Message,
  type Model,
  type Operation,
  type SchemaType,
} from "../../generator/model/model.js";
import { isPlainSequence, markWrappers, wrapperFields } from "../../generator/model/wrapper.js";

const NS = "urn:w";
const q = (local: string) => ({ ns: NS, local });
const at = { file: "w.xsd" };
const field = (name: string, over: Partial<Field> = {}): Field => ({
  name,
  ns: NS,
  type: { kind: "builtin", name: "string" },
  minOccurs: 0,
  maxOccurs: 1,
  nillable: false,
  ...over,
});
const body = (over: Partial<ComplexBody> = {}): ComplexBody => ({
  kind: "complex",
  fields: [field("text")],
  attributes: [],
  ...over,
});
const element = (local: string, type: ElementDecl["type"], over: Partial<ElementDecl> = {}): ElementDecl => ({
  name: q(local),
  type,
  nillable: false,
  location: at,
  ...over,
});
const anonymous = (local: string, over: Partial<ComplexBody> = {}, decl: Partial<ElementDecl> = {}) =>
  element(local, { kind: "inline", type: body(over) }, decl);
const message = (parts: string[], over: Partial<Message> = {}): Message => ({
  message: q("M"),
  use: "literal",
  body: parts.map((p) => ({ name: "parameters", element: q(p) })),
  headers: [],
  ...over,
});

/** The operation `name` with the given messages after the rule ran over a one-operation model. */
function wrapped(
  op: Partial<Operation> & { name: string },
  elements: ElementDecl[],
  types: SchemaType[] = [],
): Operation {
  const operation: Operation = { style: "document", faults: [], ...op };
  const model: Model = {
    modelVersion: MODEL_VERSION,
    documents: ["w.wsdl"],
    types,
    elements,
    services: [
      {
        name: "S",
        ports: [
          {
            name: "P",
            binding: q("B"),
            portType: q("T"),
            soapVersion: "1.1",
            operations: [operation],
          },
        ],
      },
    ],
  };
  markWrappers(new ModelIndex(model), model);
  return operation;
}

const isWrapped = (op: Operation) => ({ input: op.input?.wrapper?.local, output: op.output?.wrapper?.local });

describe("markWrappers", () => {
  const echo = anonymous("Echo");
  const echoResponse = anonymous("EchoResponse");

  it("wraps an operation whose input element is named like it and whose output element has any name", () => {
    const reply = anonymous("Reply");
    const op = wrapped({ name: "Echo", input: message(["Echo"]), output: message(["Reply"]) }, [echo, reply]);
    expect(isWrapped(op)).toEqual({ input: "Echo", output: "Reply" });
  });

  it("wraps named types (Spyne, JAX-WS), one-way operations and outputs without body parts", () => {
    const types: SchemaType[] = [
      { ...body(), name: q("EchoText"), location: at },
      { ...body({ fields: [field("EchoTextResult")] }), name: q("EchoTextResponse"), location: at },
    ];
    const named = [
      element("EchoText", { kind: "named", name: q("EchoText") }),
      element("EchoTextResponse", { kind: "named", name: q("EchoTextResponse") }),
    ];
    const op = wrapped(
      { name: "EchoText", input: message(["EchoText"]), output: message(["EchoTextResponse"]) },
      named,
      types,
    );
    expect(isWrapped(op)).toEqual({ input: "EchoText", output: "EchoTextResponse" });
    expect(isWrapped(wrapped({ name: "Echo", input: message(["Echo"]) }, [echo]))).toEqual({ input: "Echo" });
    const noResult = wrapped({ name: "Echo", input: message(["Echo"]), output: message([]) }, [echo]);
    expect(isWrapped(noResult)).toEqual({ input: "Echo", output: undefined });
  });

  it("leaves the whole operation unwrapped when one message is no wrapper (JAX-WS decides per operation)", () => {
    // The input element is not named like the operation (Digipoort: aanleveren → aanleverRequest).
    const request = anonymous("EchoRequest");
    const op = wrapped({ name: "Echo", input: message(["EchoRequest"]), output: message(["EchoResponse"]) }, [
      request,
      echoResponse,
    ]);
    expect(isWrapped(op)).toEqual({ input: undefined, output: undefined });
    // The output has attributes: the input is not unwrapped either.
    const attributed = anonymous("EchoResponse", {
      attributes: [{ name: "id", ns: "", type: { kind: "builtin", name: "int" }, required: false }],
    });
    const op2 = wrapped({ name: "Echo", input: message(["Echo"]), output: message(["EchoResponse"]) }, [
      echo,
      attributed,
    ]);
    expect(isWrapped(op2)).toEqual({ input: undefined, output: undefined });
  });

  it("needs document style, literal use, exactly one body part and an element part", () => {
    const elements = [echo, echoResponse];
    const ok = { name: "Echo", input: message(["Echo"]), output: message(["EchoResponse"]) };
    expect(isWrapped(wrapped(ok, elements)).input).toBe("Echo");
    expect(isWrapped(wrapped({ ...ok, style: "rpc" }, elements)).input).toBeUndefined();
    const encoded = { ...ok, input: message(["Echo"], { use: "encoded" }) };
    expect(isWrapped(wrapped(encoded, elements)).input).toBeUndefined();
    const two = { ...ok, input: message(["Echo", "EchoResponse"]) };
    expect(isWrapped(wrapped(two, elements)).input).toBeUndefined();
    const typed: Message = { ...message([]), body: [{ name: "Echo", type: { kind: "builtin", name: "string" } }] };
    expect(isWrapped(wrapped({ ...ok, input: typed }, elements)).input).toBeUndefined();
  });

  it.each<[string, Partial<ComplexBody>, Partial<ElementDecl>?]>([
    ["attributes", { attributes: [{ name: "a", ns: "", type: { kind: "builtin", name: "int" }, required: false }] }],
    ["an attribute wildcard", { anyAttribute: true }],
    ["an element wildcard", { anyElement: true, fields: [field("$any", { particle: "any" })] }],
    ["a choice", { choices: [{ alternatives: [[{ name: "text", required: true }]], optional: false }] }],
    ["a repeated choice", { fields: [field("$AOrB", { particle: "group" })] }],
    ["a choice member (substitution group)", { fields: [field("text", { choice: true })] }],
    ["an extension", { base: q("Base"), derivation: "extension" }],
    ["a restriction", { base: q("Base"), derivation: "restriction" }],
    ["simple content", { fields: [], simpleContent: { kind: "builtin", name: "string" } }],
    ["mixed content", { mixed: true }],
    ["a nillable element", {}, { nillable: true }],
    ["an abstract element", {}, { abstract: true }],
  ])("does not wrap an element with %s", (_what, over, decl) => {
    const op = wrapped({ name: "Echo", input: message(["Echo"]), output: message(["EchoResponse"]) }, [
      anonymous("Echo", over, decl),
      echoResponse,
    ]);
    expect(isWrapped(op)).toEqual({ input: undefined, output: undefined });
  });

  it("clears a verdict the model had before", () => {
    const op = wrapped(
      {
        name: "Echo",
        input: message(["EchoRequest"], { wrapper: q("EchoRequest") }),
        output: message(["EchoResponse"]),
      },
      [anonymous("EchoRequest"), echoResponse],
    );
    expect(op.input).not.toHaveProperty("wrapper");
  });
});

describe("isPlainSequence and wrapperFields", () => {
  it("a plain sequence may be empty, and its elements may repeat, be optional, nillable or element refs", () => {
    expect(isPlainSequence(body({ fields: [] }))).toBe(true);
    const fields = [
      field("a", { maxOccurs: "unbounded", nillable: true }),
      field("b", { ref: { ns: "urn:x", local: "b" } }),
    ];
    expect(isPlainSequence(body({ fields }))).toBe(true);
  });

  it("gives the fields of the wrapper element's type; none for a message without a wrapper", () => {
    const op = wrapped({ name: "Echo", input: message(["Echo"]), output: message(["EchoResponse"]) }, [
      echoWithTwoFields(),
      anonymous("EchoResponse", { fields: [] }),
    ]);
    const index = new ModelIndex({
      modelVersion: MODEL_VERSION,
      documents: [],
      types: [],
      elements: [echoWithTwoFields(), anonymous("EchoResponse", { fields: [] })],
      services: [],
    });
    expect(wrapperFields(index, op.input!)?.map((f) => f.name)).toEqual(["text", "more"]);
    expect(wrapperFields(index, op.output!)).toEqual([]);
    expect(wrapperFields(index, message(["Echo"]))).toBeUndefined();
  });
});

function echoWithTwoFields(): ElementDecl {
  return anonymous("Echo", { fields: [field("text"), field("more")] });
}
