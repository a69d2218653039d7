/** Reads every global complexType, simpleType and element of the loaded schemas into the model. */
import type { DiagnosticSink } from "../diagnostics.js";
import { NS } from "../load/namespaces.js";
import type { XmlElement } from "../load/xml.js";
import { qnameKey } from "../model/qname.js";
import type { ComplexType, ElementDecl, SchemaType, SimpleBody, SimpleType, TypeRef } from "../model/model.js";
import { readAnnotation } from "./annotation.js";
import { readComplexBody } from "./complex-type.js";
import { readGlobalElement } from "./element.js";
import { attrQName, SchemaIndex, type Declaration } from "./schema-index.js";
import { readSimpleBody } from "./simple-type.js";
import type { XsdReader } from "./reader.js";

export interface ReadSchemas {
  index: SchemaIndex;
  /** The reader that read them (the WSDL readers resolve message parts with it). */
  reader: XsdReader;
  types: SchemaType[];
  elements: ElementDecl[];
}

const byQName = (a: { name: { ns: string; local: string } }, b: { name: { ns: string; local: string } }) =>
  a.name.ns < b.name.ns
    ? -1
    : a.name.ns > b.name.ns
      ? 1
      : a.name.local < b.name.local
        ? -1
        : a.name.local > b.name.local
          ? 1
          : 0;

export function readSchemas(schemas: XmlElement[], sink: DiagnosticSink): ReadSchemas {
  const index = new SchemaIndex(schemas, sink);
  const reader = schemaReader(index, sink);
  const types: SchemaType[] = [];
  for (const schema of schemas) {
    for (const child of schema.children) {
      if (
        child.ns === NS.xs &&
        (child.local === "redefine" || child.local === "override") &&
        child.children.some((c) => c.ns === NS.xs && c.local !== "annotation")
      ) {
        sink.warn(
          "schema-redefine",
          `the declarations inside xs:${child.local} are ignored; ` +
            `the original declarations of ${child.attrs.schemaLocation ?? "the schema"} are used`,
          `xs:${child.local}`,
          child.location,
        );
      }
    }
  }
  for (const { el, name } of index.all("simpleType")) {
    if (index.get("complexType", name)) {
      sink.warn(
        "schema-duplicate-type",
        `${qnameKey(name)} is declared both as a complexType and as a simpleType; the complexType is used`,
        `xs:simpleType ${name.local}`,
        el.location,
      );
    }
  }
  // Bases first, so a type derived by restriction finds its base's content already read (no recursion down a
  // derivation chain, whatever the document order).
  reader.bases = new Map();
  for (const { el, schema, name } of derivationOrder(index.all("complexType"), sink)) {
    const key = qnameKey(name);
    if (!reader.bases.has(key)) reader.bases.set(key, readComplexBody(reader, el, schema, name.local));
  }
  for (const { el, name } of index.all("complexType")) {
    const doc = readAnnotation(el).doc;
    const type: ComplexType = { ...reader.bases.get(qnameKey(name))!, name, location: el.location };
    if (doc) type.doc = doc;
    types.push(type);
  }
  for (const { el, schema, name } of index.all("simpleType")) {
    if (index.get("complexType", name)) continue;
    const doc = readAnnotation(el).doc;
    const type: SimpleType = { ...readSimpleBody(reader, el, schema), name, location: el.location };
    if (doc) type.doc = doc;
    types.push(type);
  }
  const elements = index.all("element").map(({ el, schema, name }) => readGlobalElement(reader, el, schema, name));
  // Anonymous types of self-referring elements, declared under the element's name (more may appear while reading).
  const declared = new Set<string>();
  for (let added = true; added;) {
    added = false;
    for (const [elementKey, typeName] of [...(reader.recursiveElements ?? [])]) {
      if (declared.has(elementKey)) continue;
      declared.add(elementKey);
      added = true;
      const decl = index.all("element").find((d) => qnameKey(d.name) === elementKey)!;
      const complex = decl.el.children.find((c) => c.ns === NS.xs && c.local === "complexType")!;
      const body = readComplexBody(reader, complex, decl.schema, typeName.local);
      const type: ComplexType = { ...body, name: typeName, location: complex.location };
      const doc = readAnnotation(decl.el).doc;
      if (doc) type.doc = doc;
      types.push(type);
    }
  }
  const recursive = new Map([...(reader.recursiveElements ?? [])]);
  for (const element of elements) {
    const typeName = recursive.get(qnameKey(element.name));
    if (typeName) element.type = { kind: "named", name: typeName };
  }
  types.sort(byQName);
  elements.sort(byQName);
  checkDerivationCycles(types, sink);
  return { index, reader, types, elements };
}

/** A reader over indexed schemas, with nothing read yet. */
export function schemaReader(index: SchemaIndex, sink: DiagnosticSink): XsdReader {
  const reader: XsdReader = {
    index,
    sink,
    readComplexBody: (el, schema, name) => readComplexBody(reader, el, schema, name),
  };
  return reader;
}

/** Complex type declarations ordered so that each comes after the named complex type it derives from. */
function derivationOrder(decls: Declaration[], sink: DiagnosticSink): Declaration[] {
  const byKey = new Map(decls.map((d) => [qnameKey(d.name), d]));
  const baseOf = (d: Declaration): string | undefined => {
    const content = d.el.children.find(
      (c) => c.ns === NS.xs && (c.local === "complexContent" || c.local === "simpleContent"),
    );
    const derivation = content?.children.find(
      (c) => c.ns === NS.xs && (c.local === "extension" || c.local === "restriction"),
    );
    const base = derivation && attrQName(derivation, "base", sink);
    return base ? qnameKey(base) : undefined;
  };
  const out: Declaration[] = [];
  const placed = new Set<string>();
  for (const d of decls) {
    // Walk down to the first base not placed yet, then place the chain from the bottom up.
    const chain: Declaration[] = [];
    const onChain = new Set<string>();
    for (
      let cur: Declaration | undefined = d;
      cur && !placed.has(qnameKey(cur.name)) && !onChain.has(qnameKey(cur.name));
    ) {
      chain.push(cur);
      onChain.add(qnameKey(cur.name));
      const base = baseOf(cur);
      cur = base ? byKey.get(base) : undefined;
    }
    for (const c of chain.reverse()) {
      placed.add(qnameKey(c.name));
      out.push(c);
    }
  }
  return out;
}

/**
 * A type derived from itself (base, list item or union member, directly or through other types) is an error: it
 * has no value and would send the emitter and the codec round in circles.
 */
function checkDerivationCycles(types: SchemaType[], sink: DiagnosticSink): void {
  const byKey = new Map(types.map((t) => [qnameKey(t.name), t]));
  const named = (ref: TypeRef | undefined, out: string[]) => {
    if (ref?.kind === "named") out.push(qnameKey(ref.name));
    else if (ref?.kind === "inline" && ref.type.kind === "simple") dependencies(ref.type, out);
  };
  const dependencies = (t: SchemaType | SimpleBody, out: string[] = []): string[] => {
    if (t.kind === "complex") {
      if (t.base) out.push(qnameKey(t.base));
      named(t.simpleContent, out);
    } else {
      named(t.base, out);
      named(t.itemType, out);
      for (const m of t.memberTypes ?? []) named(m, out);
    }
    return out;
  };
  const state = new Map<string, "visiting" | "done">();
  for (const start of byKey.keys()) {
    if (state.has(start)) continue;
    // Iterative depth-first search (derivation chains may be long).
    const stack: { key: string; next: string[] }[] = [{ key: start, next: dependencies(byKey.get(start)!) }];
    state.set(start, "visiting");
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const dep = top.next.pop();
      if (dep === undefined) {
        state.set(top.key, "done");
        stack.pop();
        continue;
      }
      const t = byKey.get(dep);
      if (!t || state.get(dep) === "done") continue;
      if (state.get(dep) === "visiting") {
        const cycle = [
          ...stack.slice(stack.findIndex((s) => s.key === dep)).map((s) => byKey.get(s.key)!.name.local),
          t.name.local,
        ];
        sink.fail(
          "schema-derivation-cycle",
          `type ${t.name.local} is derived from itself (${cycle.join(" → ")})`,
          `xs:${t.kind === "complex" ? "complexType" : "simpleType"} ${t.name.local}`,
          t.location,
        );
      }
      state.set(dep, "visiting");
      stack.push({ key: dep, next: dependencies(t) });
    }
  }
}
