/**
 * Types shared between services generated together (SuperOffice publishes one WSDL per agent in one
 * namespace, with common types such as `Carrier`, `TableRight`, `SoExceptionInfo`). A type is emitted once, in
 * `shared/types.ts`, when two or more of the services declare it identically — same QName, same TypeScript
 * name, same definition, same family of derived types — and every type it refers to is shared as well.
 * Each service's `types.ts` re-exports the shared types it has, so its agents and users see no difference.
 */
import type { DiagnosticSink } from "../diagnostics.js";
import { qnameKey, type QName } from "../model/qname.js";
import type { ComplexBody, Model, SchemaType, SimpleBody, TypeRef } from "../model/model.js";
import { TypeExpressions } from "./type-expressions.js";
import { emitTypesFile } from "./types-file.js";

export const SHARED_FOLDER = "shared";
/** The shared types file, relative to the output folder. */
export const SHARED_TYPES_FILE = `${SHARED_FOLDER}/types.ts`;

/** The named types a type refers to (fields, attributes, base, content, list items, union members). */
export function referencedTypes(type: ComplexBody | SimpleBody): QName[] {
  const out: QName[] = [];
  const ref = (r: TypeRef | undefined): void => {
    if (!r) return;
    if (r.kind === "named") out.push(r.name);
    else if (r.kind === "inline") body(r.type);
  };
  const body = (b: ComplexBody | SimpleBody): void => {
    if (b.kind === "complex") {
      if (b.base) out.push(b.base);
      for (const f of b.fields) ref(f.type);
      for (const a of b.attributes) ref(a.type);
      ref(b.simpleContent);
    } else {
      ref(b.base);
      ref(b.itemType);
      for (const m of b.memberTypes ?? []) ref(m);
    }
  };
  body(type);
  return out;
}

/** A type's definition as it affects the emitted code: everything but source locations. */
function canonical(types: TypeExpressions, type: SchemaType): string {
  return JSON.stringify(
    { name: types.names.tsName(type.name), family: types.names.typeFamily(type.name) ?? null, type },
    (key, value: unknown) => (key === "location" ? undefined : value),
  );
}

/** The QName keys of the types to emit once for all the given services. */
export function findSharedTypes(typeSets: TypeExpressions[]): Set<string> {
  if (typeSets.length < 2) return new Set();
  const definitions = new Map<string, { canonical: string; count: number; type: SchemaType }>();
  const conflicting = new Set<string>();
  for (const types of typeSets) {
    for (const type of types.model.types) {
      const key = qnameKey(type.name);
      const c = canonical(types, type);
      const seen = definitions.get(key);
      if (!seen) definitions.set(key, { canonical: c, count: 1, type });
      else if (seen.canonical === c) seen.count++;
      else conflicting.add(key);
    }
  }
  const shared = new Set(
    [...definitions].filter(([key, d]) => d.count >= 2 && !conflicting.has(key)).map(([key]) => key),
  );
  // Keep only types whose every reference is shared too, to a fixed point: a type dropped drops the shared types
  // that refer to it in turn (a worklist over the references, not a pass over all types per type dropped).
  const referrers = new Map<string, string[]>();
  const dropped: string[] = [];
  for (const key of shared) {
    let unshared = false;
    for (const q of referencedTypes(definitions.get(key)!.type)) {
      const ref = qnameKey(q);
      if (!shared.has(ref)) unshared = true;
      const list = referrers.get(ref);
      if (list) list.push(key);
      else referrers.set(ref, [key]);
    }
    if (unshared) dropped.push(key);
  }
  while (dropped.length) {
    const key = dropped.pop()!;
    if (!shared.delete(key)) continue;
    for (const referrer of referrers.get(key) ?? []) if (shared.has(referrer)) dropped.push(referrer);
  }
  return shared;
}

/** The lines that re-export a service's shared types from its `types.ts` (enumerations as values too). */
function sharedTypeLines(types: TypeExpressions, shared: ReadonlySet<string>, from: string): string[] {
  const mine = types.model.types.filter((t) => shared.has(qnameKey(t.name)));
  if (mine.length === 0) return [];
  const isValue = (t: SchemaType) =>
    t.kind === "simple" &&
    (t.variety === "enumeration" ||
      (t.variety === "list" &&
        t.itemType?.kind === "inline" &&
        t.itemType.type.kind === "simple" &&
        t.itemType.type.variety === "enumeration"));
  const names = (list: SchemaType[]) => list.map((t) => types.names.tsName(t.name)).sort();
  const lines: string[] = [];
  const typesOnly = names(mine.filter((t) => !isValue(t)));
  const values = names(mine.filter(isValue));
  if (typesOnly.length) lines.push(`export type { ${typesOnly.join(", ")} } from "${from}";`);
  if (values.length) lines.push(`export { ${values.join(", ")} } from "${from}";`);
  return lines;
}

/**
 * A service's `types.ts`: its own declarations, plus the re-exports of the shared types it has and an import of
 * those its declarations refer to.
 */
export async function emitServiceTypesFile(
  types: TypeExpressions,
  shared: ReadonlySet<string>,
  banner: string,
  sink: DiagnosticSink,
): Promise<string> {
  const from = `../${SHARED_FOLDER}/types.js`;
  const lines = sharedTypeLines(types, shared, from);
  if (lines.length === 0) return (await emitTypesFile(types, banner, sink)).text;
  const own: Model = { ...types.model, types: types.model.types.filter((t) => !shared.has(qnameKey(t.name))) };
  const { text, references } = await emitTypesFile(
    new TypeExpressions(own, types.scalars, types.names.byKey, [types]),
    banner,
    sink,
  );
  const used = types.model.types
    .filter((t) => shared.has(qnameKey(t.name)))
    .map((t) => types.names.tsName(t.name))
    .filter((name) => references.has(name))
    .sort();
  const imports = used.length ? [`import type { ${used.join(", ")} } from "${from}";`] : [];
  const [first, ...rest] = text.split("\n");
  return [first, ...imports, ...lines, ...rest].join("\n");
}

/** `shared/types.ts`: each shared type once, with the name and definition every service gives it. */
export async function emitSharedTypesFile(
  typeSets: TypeExpressions[],
  shared: ReadonlySet<string>,
  sourceFiles: string[],
  sink: DiagnosticSink,
): Promise<string> {
  const sharedTypes = new Map<string, SchemaType>();
  const names = new Map<string, string>();
  for (const types of typeSets) {
    for (const t of types.model.types) {
      const key = qnameKey(t.name);
      if (shared.has(key) && !sharedTypes.has(key)) {
        sharedTypes.set(key, t);
        names.set(key, types.names.tsName(t.name));
      }
    }
  }
  const first = typeSets[0]!;
  // Only named types are shared: the elements' types stay with each service.
  const model: Model = { ...first.model, types: [...sharedTypes.values()], elements: [] };
  const banner =
    `// Generated by wsdlgen: the types ${sourceFiles.join(", ")} share. ` +
    "Do not edit: change the WSDLs or the options and regenerate.";
  return (await emitTypesFile(new TypeExpressions(model, first.scalars, names, typeSets), banner, sink)).text;
}
