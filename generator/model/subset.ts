/**
 * Operation subsets: keep only the named operations, the schema types they reach (fields, attributes,
 * bases, list/union members, headers, faults), plus types derived from a reached type (a value of a derived type
 * may be sent in its place with `xsi:type`), and the global elements they reach (parts, headers, fault parts,
 * `ref`s in reached types), whose anonymous types are declared with them.
 */
import { GeneratorError } from "../diagnostics.js";
import { qnameKey, type QName } from "./qname.js";
import type { ComplexBody, Message, Model, SimpleBody, TypeRef } from "./model.js";

export function selectOperations(model: Model, operations: readonly string[]): Model {
  const wanted = new Set(operations);
  const found = new Set<string>();
  const services = model.services.map((s) => ({
    ...s,
    ports: s.ports.map((p) => ({
      ...p,
      operations: p.operations.filter((o) => wanted.has(o.name) && found.add(o.name)),
    })),
  }));
  const missing = operations.filter((o) => !found.has(o));
  if (missing.length) {
    throw new GeneratorError({
      severity: "error",
      code: "operation-unknown",
      message: `no operation named ${missing.join(", ")} in the WSDL`,
      location: { file: model.documents[0] ?? "" },
    });
  }
  const types = new Map(model.types.map((t) => [qnameKey(t.name), t]));
  const elements = new Map(model.elements.map((e) => [qnameKey(e.name), e]));
  const reached = new Set<string>();
  const reachedElements = new Set<string>();
  const visitRef = (ref: TypeRef | undefined): void => {
    if (!ref) return;
    if (ref.kind === "named") visitType(ref.name);
    else if (ref.kind === "inline") visitBody(ref.type);
  };
  const visitType = (name: QName): void => {
    const key = qnameKey(name);
    if (reached.has(key)) return;
    reached.add(key);
    const t = types.get(key);
    if (t) visitBody(t);
  };
  // An anonymous type may be met many times (an element's type is shared by every ref to it): visited once.
  const visitedBodies = new Set<ComplexBody | SimpleBody>();
  const visitBody = (body: ComplexBody | SimpleBody): void => {
    if (visitedBodies.has(body)) return;
    visitedBodies.add(body);
    if (body.kind === "complex") {
      if (body.base) visitType(body.base);
      for (const f of body.fields) {
        if (f.ref) reachedElements.add(qnameKey(f.ref));
        visitRef(f.type);
      }
      for (const a of body.attributes) visitRef(a.type);
      visitRef(body.simpleContent);
      if (body.wcf) visitRef(body.wcf.shape === "array" ? body.wcf.item.type : body.wcf.value.type);
    } else {
      visitRef(body.base);
      visitRef(body.itemType);
      for (const m of body.memberTypes ?? []) visitRef(m);
    }
  };
  const visitElement = (name: QName | undefined) => {
    if (!name) return;
    reachedElements.add(qnameKey(name));
    visitRef(elements.get(qnameKey(name))?.type);
  };
  const visitMessage = (m: Message | undefined) => {
    for (const p of [...(m?.body ?? []), ...(m?.headers ?? [])]) {
      visitElement(p.element);
      visitRef(p.type);
    }
  };
  for (const s of services) {
    for (const p of s.ports) {
      for (const o of p.operations) {
        visitMessage(o.input);
        visitMessage(o.output);
        for (const f of o.faults) for (const part of f.parts) (visitElement(part.element), visitRef(part.type));
      }
    }
  }
  // Derived types of reached types, to a fixed point.
  for (let grew = true; grew;) {
    grew = false;
    for (const t of model.types) {
      if (t.kind === "complex" && t.base && reached.has(qnameKey(t.base)) && !reached.has(qnameKey(t.name))) {
        visitType(t.name);
        grew = true;
      }
    }
  }
  return {
    ...model,
    types: model.types.filter((t) => reached.has(qnameKey(t.name))),
    elements: model.elements.filter((e) => reachedElements.has(qnameKey(e.name))),
    services,
  };
}
