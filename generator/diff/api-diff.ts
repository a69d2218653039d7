/**
 * `wsdlgen diff <old> <new>`: what changed in the generated API between two versions of a service, and
 * whether each change breaks a client compiled against the old one.
 *
 * The comparison is made on the TypeScript surface (operation signatures, type declarations, members, enum
 * values), and whether a change breaks depends on which way the type travels:
 * - request types (reachable from parameters or request headers): a new required member, optional→required,
 *   a removed member or a changed member type break; `| null` added, required→optional do not;
 * - response types (reachable from results or response headers): a removed member, required→optional, `| null`
 *   added, a changed type break, and a new enum value breaks exhaustive handling; new members do not;
 * - a type used both ways takes both sets of rules. Removed operations and types always break.
 */
import { loadModel } from "../wsdl/build-model.js";
import { DEFAULT_SCALARS, type ScalarMapping } from "../model/builtins.js";
import type { ComplexBody, Field, Message, Model, Part, SchemaType, TypeRef } from "../model/model.js";
import { TypeExpressions } from "../emit/type-expressions.js";
import { referencedTypes } from "../emit/shared-types.js";
import { wrapperFields } from "../model/wrapper.js";

export type ChangeKind =
  | "operation-added"
  | "operation-removed"
  | "parameter-added"
  | "parameter-removed"
  | "parameter-changed"
  | "result-changed"
  | "type-added"
  | "type-removed"
  | "type-kind-changed"
  | "base-changed"
  | "member-added"
  | "member-removed"
  | "member-type-changed"
  | "member-optional-changed"
  | "member-nullable-changed"
  | "enum-value-added"
  | "enum-value-removed";

export interface ApiChange {
  kind: ChangeKind;
  /** `Operation`, `Operation(param)`, `Type`, `Type.member` or `Type."value"`. */
  path: string;
  breaking: boolean;
  before?: string;
  after?: string;
  /** Why it breaks or not, in a few words. */
  reason: string;
}

export interface ApiDiff {
  old: string;
  new: string;
  changes: ApiChange[];
  breaking: number;
}

interface Member {
  type: string;
  optional: boolean;
  nullable: boolean;
}

interface TypeSurface {
  kind: string;
  base?: string;
  members: Map<string, Member>;
  values?: string[];
}

interface Surface {
  operations: Map<string, { params: { name: string; type: string; optional: boolean }[]; result: string }>;
  types: Map<string, TypeSurface>;
  /** TypeScript names of types reachable from requests / responses. */
  inRequests: Set<string>;
  inResponses: Set<string>;
}

function surface(model: Model, scalars: ScalarMapping): Surface {
  const types = new TypeExpressions(model, scalars);
  const unused = new Set<string>();
  const typeSurfaces = new Map<string, TypeSurface>();
  for (const t of model.types) typeSurfaces.set(types.names.tsName(t.name), typeSurface(types, t, unused));
  // The declared anonymous types: of global elements (request and response types), and inside types and elements.
  const anonymous = [
    ...model.types.flatMap((t) => types.names.anonymousDeclarations(t.name)),
    ...model.elements.flatMap((e) => types.names.anonymousDeclarations(e.name, "element")),
  ];
  for (const a of anonymous) typeSurfaces.set(a.name, typeSurface(types, a.body, unused));
  const operations: Surface["operations"] = new Map();
  const requestRoots: TypeRef[] = [];
  const responseRoots: TypeRef[] = [];
  const port = model.services[0]?.ports[0];
  const messageRefs = (m: Message | undefined, into: TypeRef[]) => {
    const fields = m ? wrapperFields(types.index, m) : undefined;
    if (fields) into.push(...fields.map((f) => f.type));
    for (const p of [...(fields ? [] : (m?.body ?? [])), ...(m?.headers ?? [])]) {
      if (p.element) into.push(types.index.requiredElement(p.element).type);
      else if (p.type) into.push(p.type);
    }
  };
  for (const op of port?.operations ?? []) {
    messageRefs(op.input, requestRoots);
    messageRefs(op.output, responseRoots);
    const inFields = op.input ? wrapperFields(types.index, op.input) : undefined;
    const params = (inFields ?? []).map((f) => ({ name: f.name, ...types.fieldExpr(f, unused) }));
    const partType = (p: Part) => {
      if (!p.element) return types.expr(p.type!, unused);
      const decl = types.index.requiredElement(p.element);
      const t = types.expr(decl.type, unused);
      return decl.nillable ? `${t} | null` : t;
    };
    if (!inFields)
      for (const p of op.input?.body ?? []) params.push({ name: p.name, type: partType(p), optional: false });
    const outFields = op.output ? wrapperFields(types.index, op.output) : undefined;
    const parts = op.output?.body ?? [];
    const result = !op.output
      ? "void"
      : outFields
        ? outFields.length === 1
          ? types.fieldExpr(outFields[0]!, unused).type
          : outFields.length === 0
            ? "void"
            : `{ ${outFields.map((f) => `${f.name}: ${types.fieldExpr(f, unused).type}`).join("; ")} }`
        : parts.length === 0
          ? "void"
          : parts.length === 1
            ? partType(parts[0]!)
            : `{ ${parts.map((p) => `${p.name}: ${partType(p)}`).join("; ")} }`;
    operations.set(op.name, { params, result });
  }
  const reach = (roots: TypeRef[]): Set<string> => {
    const seen = new Set<string>();
    const visit = (ref: TypeRef): void => {
      if (ref.kind === "inline") {
        const declared = ref.type.kind === "complex" ? types.names.anonymousName(ref.type) : undefined;
        if (declared !== undefined) {
          if (seen.has(declared)) return;
          seen.add(declared);
        }
        // Its named types, and its declared anonymous members (their own names).
        if (ref.type.kind === "complex") for (const f of ref.type.fields) if (f.type.kind === "inline") visit(f.type);
        return void referencedTypes(ref.type).forEach((q) => visit({ kind: "named", name: q }));
      }
      if (ref.kind !== "named") return;
      const t = types.index.type(ref.name);
      if (!t || seen.has(types.names.tsName(t.name))) return;
      seen.add(types.names.tsName(t.name));
      for (const q of referencedTypes(t)) visit({ kind: "named", name: q });
      if (t.kind === "complex") for (const f of t.fields) if (f.type.kind === "inline") visit(f.type);
      if (t.kind === "complex" && t.wcf) visit(t.wcf.shape === "array" ? t.wcf.item.type : t.wcf.value.type);
    };
    roots.forEach(visit);
    return seen;
  };
  return { operations, types: typeSurfaces, inRequests: reach(requestRoots), inResponses: reach(responseRoots) };
}

function typeSurface(types: TypeExpressions, t: SchemaType | ComplexBody, used: Set<string>): TypeSurface {
  if (t.kind === "simple") {
    const enumBody =
      t.variety === "enumeration"
        ? t
        : t.itemType?.kind === "inline" && t.itemType.type.kind === "simple"
          ? t.itemType.type
          : undefined;
    if (enumBody?.enumeration)
      return {
        kind: t.variety === "list" ? "flags" : "enum",
        members: new Map(),
        values: enumBody.enumeration.map((v) => v.value),
      };
    return { kind: `alias ${types.simpleExpr(t, used)}`, members: new Map() };
  }
  if (t.wcf?.shape === "array") return { kind: `array ${types.fieldExpr(t.wcf.item, used).type}`, members: new Map() };
  if (t.wcf?.shape === "dictionary")
    return { kind: `dictionary ${types.dictionaryExpr(t.wcf.value, used)}`, members: new Map() };
  const members = new Map<string, Member>();
  for (const m of types.members(t, used))
    members.set(m.key, { type: m.type, optional: m.optional, nullable: !!(m.field as Field | undefined)?.nillable });
  const s: TypeSurface = { kind: "interface", members };
  if (t.base) s.base = types.names.tsName(t.base);
  return s;
}

export function diffModels(
  oldModel: Model,
  newModel: Model,
  options: { scalars?: Partial<ScalarMapping>; oldName?: string; newName?: string } = {},
): ApiDiff {
  const scalars = { ...DEFAULT_SCALARS, ...options.scalars };
  const a = surface(oldModel, scalars);
  const b = surface(newModel, scalars);
  const changes: ApiChange[] = [];
  const add = (c: ApiChange) => changes.push(c);

  for (const [name, op] of a.operations) {
    const next = b.operations.get(name);
    if (!next) {
      add({ kind: "operation-removed", path: name, breaking: true, reason: "calls to it no longer compile" });
      continue;
    }
    const oldParams = new Map(op.params.map((p) => [p.name, p]));
    const newParams = new Map(next.params.map((p) => [p.name, p]));
    for (const [pn, p] of oldParams) {
      const q = newParams.get(pn);
      if (!q)
        add({
          kind: "parameter-removed",
          path: `${name}(${pn})`,
          breaking: true,
          before: p.type,
          reason: "arguments shift position",
        });
      else if (q.type !== p.type || q.optional !== p.optional) {
        const onlyLooser = q.type === p.type && !q.optional === false;
        add({
          kind: "parameter-changed",
          path: `${name}(${pn})`,
          breaking: !onlyLooser,
          before: `${p.optional ? "?" : ""}${p.type}`,
          after: `${q.optional ? "?" : ""}${q.type}`,
          reason: onlyLooser ? "now optional" : "callers may pass what no longer fits",
        });
      }
    }
    next.params.forEach((q, i) => {
      if (oldParams.has(q.name)) return;
      const trailing = next.params.slice(i).every((r) => r.optional || oldParams.has(r.name));
      add({
        kind: "parameter-added",
        path: `${name}(${q.name})`,
        breaking: !(q.optional && trailing && i >= op.params.length),
        after: q.type,
        reason: q.optional && i >= op.params.length ? "optional, at the end" : "existing calls no longer fit",
      });
    });
    if (op.result !== next.result)
      add({
        kind: "result-changed",
        path: name,
        breaking: true,
        before: op.result,
        after: next.result,
        reason: "callers read a different type",
      });
  }
  for (const name of b.operations.keys())
    if (!a.operations.has(name)) add({ kind: "operation-added", path: name, breaking: false, reason: "new" });

  for (const [name, t] of a.types) {
    const u = b.types.get(name);
    const req = a.inRequests.has(name) || b.inRequests.has(name);
    const res = a.inResponses.has(name) || b.inResponses.has(name);
    if (!u) {
      add({ kind: "type-removed", path: name, breaking: true, reason: "code that names it no longer compiles" });
      continue;
    }
    if (t.kind !== u.kind && !(t.values && u.values)) {
      add({
        kind: "type-kind-changed",
        path: name,
        breaking: true,
        before: t.kind,
        after: u.kind,
        reason: "a different shape",
      });
      continue;
    }
    if (t.base !== u.base)
      add({
        kind: "base-changed",
        path: name,
        breaking: true,
        before: t.base ?? "(none)",
        after: u.base ?? "(none)",
        reason: "inherited members change",
      });
    for (const [mn, m] of t.members) {
      const n = u.members.get(mn);
      const path = `${name}.${mn}`;
      if (!n) {
        add({
          kind: "member-removed",
          path,
          breaking: true,
          before: m.type,
          reason: "code that reads or sets it no longer compiles",
        });
        continue;
      }
      if (m.type !== n.type) {
        const nullOnly = m.type.replace(/ \| null$/, "") === n.type.replace(/ \| null$/, "");
        if (nullOnly) {
          const nowNullable = n.nullable && !m.nullable;
          add({
            kind: "member-nullable-changed",
            path,
            breaking: nowNullable ? res : req,
            before: m.type,
            after: n.type,
            reason: nowNullable
              ? res
                ? "responses may now carry null"
                : "requests may now send null"
              : req
                ? "requests may no longer send null"
                : "responses no longer carry null",
          });
        } else {
          add({
            kind: "member-type-changed",
            path,
            breaking: true,
            before: m.type,
            after: n.type,
            reason: "a different type",
          });
        }
      }
      if (m.optional !== n.optional) {
        const nowOptional = n.optional;
        add({
          kind: "member-optional-changed",
          path,
          breaking: nowOptional ? res : req,
          before: m.optional ? "optional" : "required",
          after: n.optional ? "optional" : "required",
          reason: nowOptional
            ? res
              ? "responses may leave it out"
              : "requests may leave it out"
            : req
              ? "requests must now set it"
              : "responses now always carry it",
        });
      }
    }
    for (const [mn, n] of u.members) {
      if (t.members.has(mn)) continue;
      add({
        kind: "member-added",
        path: `${name}.${mn}`,
        breaking: req && !n.optional,
        after: `${n.optional ? "?" : ""}${n.type}`,
        reason: req && !n.optional ? "requests must now set it" : "new",
      });
    }
    if (t.values && u.values) {
      for (const v of t.values)
        if (!u.values.includes(v))
          add({
            kind: "enum-value-removed",
            path: `${name}.${JSON.stringify(v)}`,
            breaking: true,
            reason: "code that names it no longer compiles",
          });
      for (const v of u.values)
        if (!t.values.includes(v))
          add({
            kind: "enum-value-added",
            path: `${name}.${JSON.stringify(v)}`,
            breaking: res,
            reason: res ? "responses may carry a value exhaustive code does not handle" : "new",
          });
    }
  }
  for (const name of b.types.keys())
    if (!a.types.has(name)) add({ kind: "type-added", path: name, breaking: false, reason: "new" });

  return {
    old: options.oldName ?? oldModel.documents[0] ?? "old",
    new: options.newName ?? newModel.documents[0] ?? "new",
    changes,
    breaking: changes.filter((c) => c.breaking).length,
  };
}

export async function diff(
  oldWsdl: string,
  newWsdl: string,
  options: { scalars?: Partial<ScalarMapping> } = {},
): Promise<ApiDiff> {
  const [a, b] = [await loadModel(oldWsdl), await loadModel(newWsdl)];
  return diffModels(a, b, { ...options, oldName: oldWsdl, newName: newWsdl });
}

/** The human-readable report. */
export function formatDiff(d: ApiDiff): string {
  const lines = [`API changes from ${d.old} to ${d.new}: ${d.changes.length} change(s), ${d.breaking} breaking`];
  const sections: [string, (c: ApiChange) => boolean][] = [
    [
      "Operations",
      (c) => c.kind.startsWith("operation") || c.kind.startsWith("parameter") || c.kind === "result-changed",
    ],
    [
      "Types",
      (c) => !(c.kind.startsWith("operation") || c.kind.startsWith("parameter") || c.kind === "result-changed"),
    ],
  ];
  for (const [title, pick] of sections) {
    const items = d.changes.filter(pick);
    if (!items.length) continue;
    lines.push("", `${title}:`);
    for (const c of items) {
      const detail =
        c.before !== undefined || c.after !== undefined
          ? `: ${c.before ?? ""}${c.before !== undefined && c.after !== undefined ? " → " : ""}${c.after ?? ""}`
          : "";
      lines.push(`  ${c.breaking ? "BREAKING" : "        "} ${c.kind.padEnd(24)} ${c.path}${detail} (${c.reason})`);
    }
  }
  return lines.join("\n") + "\n";
}
