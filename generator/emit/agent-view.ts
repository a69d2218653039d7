/**
 * The view model the agent templates render: one agent per portType, with its methods (parameters unwrapped
 * from the document/literal wrapper), request/response header types and the ports that implement it.
 * All TypeScript text is prepared here; templates only arrange it.
 */
import type { DiagnosticSink } from "../diagnostics.js";
import { qnameKey } from "../model/qname.js";
import type { Field, Operation, Part, Port } from "../model/model.js";
import {
  docText,
  isIdentifier,
  propertyKey,
  stringLiteral,
  toIdentifier,
  toParameterName,
} from "../naming/identifiers.js";
import { wrapperFields } from "../model/wrapper.js";
import type { TypeExpressions } from "./type-expressions.js";

export interface DocView {
  /** Comment lines, already safe inside a JSDoc block. */
  lines: string[];
}

export interface ParamView {
  name: string;
  /** `name?: T` or `name: T`. */
  declaration: string;
}

export interface MethodView {
  /** The method's name as a property key (an identifier, or a string literal for other operation names). */
  name: string;
  /** `.Name` or `["other name"]`: how to reach the method on an object. */
  accessor: string;
  /** Key in the metadata's operations (a string literal). */
  operationLiteral: string;
  doc: DocView;
  params: ParamView[];
  /** `a?: A, b?: B` without the trailing options parameter. */
  paramList: string;
  /** `a, b`. */
  argNames: string;
  returnType: string;
}

export interface HeaderView {
  key: string;
  type: string;
  doc: DocView;
}

export interface AgentView {
  banner: string;
  runtimeImport: string;
  typeImports: string[];
  agentName: string;
  interfaceName: string;
  requestHeadersName: string;
  responseHeadersName: string;
  portTypeName: string;
  portTypeLiteral: string;
  portsName: string;
  portUnion: string;
  defaultPortLiteral: string;
  doc: DocView;
  requestHeaders: HeaderView[];
  responseHeaders: HeaderView[];
  methods: MethodView[];
  fileBase: string;
  /** The response headers include `Succeeded` and `ExceptionInfo` (WCF/SuperOffice): install the failure check. */
  succeededCheck: boolean;
}

export function docView(...parts: (string | undefined)[]): DocView {
  const text = parts.filter((p): p is string => !!p).join("\n\n");
  return { lines: text ? docText(text).split("\n") : [] };
}

export interface AgentGroup {
  portType: { ns: string; local: string };
  portTypeDoc?: string;
  ports: { key: string; port: Port }[];
}

/** Groups the ports of all services by portType, in document order. */
export function groupAgents(ports: { key: string; port: Port }[]): AgentGroup[] {
  const groups = new Map<string, AgentGroup>();
  for (const entry of ports) {
    const key = qnameKey(entry.port.portType);
    let group = groups.get(key);
    if (!group) {
      group = { portType: entry.port.portType, ports: [] };
      if (entry.port.portTypeDoc) group.portTypeDoc = entry.port.portTypeDoc;
      groups.set(key, group);
    }
    group.ports.push(entry);
  }
  return [...groups.values()];
}

export function buildAgentView(
  types: TypeExpressions,
  group: AgentGroup,
  banner: string,
  runtimeImport: string,
  takenNames: Set<string>,
  sink: DiagnosticSink,
): AgentView {
  const used = new Set<string>();
  const base = toIdentifier(group.portType.local);
  let agentName = `${base}Agent`;
  // Unique also ignoring case: the agent's name is its file name, and file systems may not tell case apart.
  const taken = (n: string) =>
    takenNames.has(n) || takenNames.has(`I${n}`) || [...takenNames].some((t) => t.toLowerCase() === n.toLowerCase());
  while (taken(agentName)) agentName += "_";
  takenNames.add(agentName);
  const defaultPort = group.ports[0]!;
  const operations = defaultPort.port.operations;

  const requestHeaders = new Map<string, HeaderView>();
  const responseHeaders = new Map<string, HeaderView>();
  for (const { port } of group.ports) {
    for (const op of port.operations) {
      for (const [message, target] of [
        [op.input, requestHeaders],
        [op.output, responseHeaders],
      ] as const) {
        for (const h of message?.headers ?? []) {
          if (target.has(h.name)) continue;
          target.set(h.name, { key: propertyKey(h.name), type: partType(types, h, used), doc: docView() });
        }
      }
    }
  }

  const methods = operations.map((op) => methodView(types, op, used, sink));
  return {
    banner,
    runtimeImport,
    typeImports: [...used].sort(),
    agentName,
    interfaceName: `I${agentName}`,
    requestHeadersName: `${agentName}RequestHeaders`,
    responseHeadersName: `${agentName}ResponseHeaders`,
    portTypeName: docText(group.portType.local).replace(/\n/g, " "),
    portTypeLiteral: stringLiteral(group.portType.local),
    portsName: `${agentName}Port`,
    portUnion: group.ports.map((p) => stringLiteral(p.key)).join(" | "),
    defaultPortLiteral: stringLiteral(defaultPort.key),
    doc: docView(group.portTypeDoc),
    requestHeaders: [...requestHeaders.values()],
    responseHeaders: [...responseHeaders.values()],
    methods,
    fileBase: agentName,
    succeededCheck: responseHeaders.get("Succeeded")?.type === "boolean" && responseHeaders.has("ExceptionInfo"),
  };
}

/** The type of a part (header or bare body part): its element's type (nillable → `| null`) or its type. */
function partType(types: TypeExpressions, part: Part, used: Set<string>): string {
  if (part.element) {
    const decl = types.index.requiredElement(part.element);
    const t = types.expr(decl.type, used);
    return decl.nillable ? `${t} | null` : t;
  }
  return types.expr(part.type!, used);
}

/** Members the agent class has of its own; an operation of the same name gets `_` appended. */
const CLASS_MEMBERS = new Set(["constructor", "client", "withHeaders", "headers"]);

function methodName(operation: string): string {
  let name = operation;
  while (CLASS_MEMBERS.has(name)) name += "_";
  return name;
}

function methodView(types: TypeExpressions, op: Operation, used: Set<string>, sink: DiagnosticSink): MethodView {
  // The trailing call-options parameter is always `options`; a wire parameter of that name (or a repeat) gets `_`.
  const taken = new Set(["options"]);
  const unique = (name: string) => {
    let n = name;
    while (taken.has(n)) n += "_";
    taken.add(n);
    return n;
  };
  type P = { name: string; wire: string; type: string; optional: boolean; doc?: string };
  const raw: P[] = [];
  const inFields = op.input ? wrapperFields(types.index, op.input) : undefined;
  if (op.input && inFields) {
    for (const f of inFields) {
      const { type, optional } = types.fieldExpr(f, used);
      raw.push({ name: unique(toParameterName(f.name)), wire: f.name, type, optional, doc: f.doc });
    }
  } else if (op.input) {
    for (const part of op.input.body)
      raw.push({
        name: unique(toParameterName(part.name)),
        wire: part.name,
        type: partType(types, part, used),
        optional: false,
      });
  }
  // Only a trailing run of optional parameters can use `?`; earlier optional ones accept `undefined`.
  let trailingOptional = raw.length;
  while (trailingOptional > 0 && raw[trailingOptional - 1]!.optional) trailingOptional--;
  const params = raw.map((p, i) => ({
    name: p.name,
    declaration:
      i >= trailingOptional
        ? `${p.name}?: ${p.type}`
        : p.optional
          ? `${p.name}: ${p.type} | undefined`
          : `${p.name}: ${p.type}`,
  }));
  const paramDocs = raw.filter((p) => p.doc).map((p) => `@param ${p.name} ${p.doc!.replace(/\n/g, " ")}`);
  return {
    name: propertyKey(methodName(op.name)),
    accessor: isIdentifier(methodName(op.name)) ? `.${methodName(op.name)}` : `[${stringLiteral(methodName(op.name))}]`,
    operationLiteral: stringLiteral(op.name),
    doc: docView(op.doc, paramDocs.join("\n") || undefined),
    params,
    paramList: params.map((p) => p.declaration).join(", "),
    argNames: params.map((p) => p.name).join(", "),
    returnType: returnType(types, op, used, sink),
  };
}

function returnType(types: TypeExpressions, op: Operation, used: Set<string>, _sink: DiagnosticSink): string {
  if (!op.output) return "void";
  const fields = wrapperFields(types.index, op.output);
  if (fields) {
    if (fields.length === 0) return "void";
    if (fields.length === 1) return singleResult(types, fields[0]!, used);
    return `{ ${fields.map((f) => member(types, f, used)).join("; ")} }`;
  }
  const parts = op.output.body;
  if (parts.length === 0) return "void";
  if (parts.length === 1) return partType(types, parts[0]!, used);
  return `{ ${parts.map((p) => `${propertyKey(p.name)}: ${partType(types, p, used)}`).join("; ")} }`;
}

/**
 * The result of an unwrapped single-field response. An optional, non-nillable field is typed as its value (WCF
 * marks every member minOccurs=0 but always sends value types); the runtime reports a missing one as an error.
 */
function singleResult(types: TypeExpressions, field: Field, used: Set<string>): string {
  return types.fieldExpr(field, used).type;
}

function member(types: TypeExpressions, f: Field, used: Set<string>): string {
  const { type, optional } = types.fieldExpr(f, used);
  return `${propertyKey(f.name)}${optional ? "?" : ""}: ${type}`;
}
