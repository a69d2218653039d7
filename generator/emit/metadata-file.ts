/** The runtime metadata for one WSDL, and the `metadata.ts` file that carries it to the generated code. */
import { wrapperFields } from "../model/wrapper.js";
import type { Message, Model, Part, Port } from "../model/model.js";
import type {
  HeaderMeta,
  MessageMeta,
  OperationMeta,
  PartMeta,
  PortMeta,
  ServiceMetadata,
  TypeMeta,
} from "../runtime/metadata.js";
import { METADATA_FORMAT } from "../runtime/metadata.js";
import { propertyKey, stringLiteral } from "../naming/identifiers.js";
import type { TypeContext } from "./type-expressions.js";

export function buildMetadata(
  ctx: TypeContext,
  ports: { key: string; port: Port }[],
  serviceName: string,
): ServiceMetadata {
  const types: Record<string, TypeMeta> = {};
  const ordered = [...ctx.model.types].sort((a, b) => (ctx.tsName(a.name) < ctx.tsName(b.name) ? -1 : 1));
  for (const type of ordered) {
    const meta = type.kind === "complex" ? ctx.complexMeta(type) : ctx.simpleMeta(type);
    meta.xml = { ns: type.name.ns, name: type.name.local };
    types[ctx.tsName(type.name)] = reorder(meta);
  }
  const portMetas: Record<string, PortMeta> = {};
  for (const { key, port } of ports) {
    const operations: Record<string, OperationMeta> = {};
    for (const op of port.operations) {
      const meta: OperationMeta = { style: op.style, faults: [] };
      if (op.soapAction !== undefined) meta.soapAction = op.soapAction;
      if (op.input) meta.input = messageMeta(ctx, op.input, "input");
      if (op.output) meta.output = messageMeta(ctx, op.output, "output");
      meta.faults = op.faults.map((f) => ({ name: f.name, parts: f.parts.map((p) => partMeta(ctx, p)) }));
      operations[op.name] = meta;
    }
    const meta: PortMeta = {
      soapVersion: port.soapVersion,
      binding: { ns: port.binding.ns, name: port.binding.local },
      operations,
    };
    if (port.address !== undefined) meta.address = port.address;
    portMetas[key] = meta;
  }
  return { format: METADATA_FORMAT, service: serviceName, scalars: { ...ctx.scalars }, types, ports: portMetas };
}

/** Puts `kind` and `xml` first so each entry reads naturally. */
function reorder(meta: TypeMeta): TypeMeta {
  const { kind, xml, ...rest } = meta;
  return { kind, xml, ...rest } as TypeMeta;
}

function partMeta(ctx: TypeContext, part: Part): PartMeta {
  if (part.element) {
    const decl = ctx.index.requiredElement(part.element);
    const meta: PartMeta = {
      name: part.name,
      element: { ns: part.element.ns, name: part.element.local },
      type: ctx.metaRef(decl.type),
    };
    if (decl.nillable) meta.nillable = true;
    return meta;
  }
  return { name: part.name, type: ctx.metaRef(part.type!) };
}

function messageMeta(ctx: TypeContext, message: Message, direction: "input" | "output"): MessageMeta {
  const fields = wrapperFields(ctx.index, message);
  const headers: HeaderMeta[] = message.headers.map((h) => {
    const p = partMeta(ctx, h);
    const meta: HeaderMeta = { name: h.name, type: p.type };
    if (p.element) meta.element = p.element;
    if (p.nillable) meta.nillable = true;
    return meta;
  });
  const count = fields ? fields.length : message.body.length;
  return {
    use: message.use,
    ...(message.namespace !== undefined ? { namespace: message.namespace } : {}),
    ...(fields && message.wrapper
      ? {
          wrapper: { ns: message.wrapper.ns, name: message.wrapper.local, fields: fields.map((f) => ctx.fieldMeta(f)) },
        }
      : { parts: message.body.map((p) => partMeta(ctx, p)) }),
    ...(direction === "output" ? { result: count === 0 ? "void" : count === 1 ? "single" : "object" } : {}),
    headers,
  };
}

/** Lists that recur across operations and types (WCF repeats one header set on every operation) and their types. */
const HOISTABLE: Record<string, string> = {
  headers: "HeaderMeta[]",
  fields: "FieldMeta[]",
  parts: "PartMeta[]",
  attributes: "AttributeMeta[]",
};

/**
 * Prints the metadata as a TypeScript object literal: identifier keys unquoted, small objects on one line, each
 * namespace URI declared once as a `const` (in order of first use), and a list that recurs (the same headers on
 * every operation, say) declared once and referred to by name.
 */
export function renderMetadataFile(metadata: ServiceMetadata, banner: string, runtimeImport: string): string {
  const namespaces = new Map<string, string>();
  const seen = new Map<string, number>();
  const collect = (value: unknown, key?: string): void => {
    if (key !== undefined && HOISTABLE[key] && Array.isArray(value) && value.length) {
      const json = JSON.stringify(value);
      seen.set(json, (seen.get(json) ?? 0) + 1);
    }
    if (Array.isArray(value)) value.forEach((v) => collect(v));
    else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        if (k === "ns" && typeof v === "string" && v !== "" && !namespaces.has(v))
          namespaces.set(v, `ns${namespaces.size + 1}`);
        collect(v, k);
      }
    }
  };
  collect(metadata);
  // Recurring lists, named after their key in order of first use; declared before the metadata (children first).
  const hoisted = new Map<string, string>();
  const declarations: string[] = [];
  const counters = new Map<string, number>();
  const print = (value: unknown, indent: string, key?: string, declaring = false): string => {
    if (key === "ns" && typeof value === "string" && namespaces.has(value)) return namespaces.get(value)!;
    if (typeof value !== "object" || value === null) return stringOrJson(value);
    if (!declaring && key !== undefined && HOISTABLE[key] && Array.isArray(value) && value.length) {
      const json = JSON.stringify(value);
      if ((seen.get(json) ?? 0) > 1 && json.length > 200) {
        let name = hoisted.get(json);
        if (!name) {
          const n = (counters.get(key) ?? 0) + 1;
          counters.set(key, n);
          name = `${key}${n}`;
          const text = print(value, "", key, true);
          hoisted.set(json, name);
          declarations.push(`const ${name}: ${HOISTABLE[key]} = ${text};`);
        }
        return name;
      }
    }
    const inner = indent + "  ";
    const entries = Array.isArray(value)
      ? value.map((v) => print(v, inner))
      : Object.entries(value).map(([k, v]) => `${propertyKey(k)}: ${print(v, inner, k)}`);
    const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
    if (entries.length === 0) return `${open}${close}`;
    const oneLine = Array.isArray(value) ? `[${entries.join(", ")}]` : `{ ${entries.join(", ")} }`;
    if (!oneLine.includes("\n") && indent.length + oneLine.length <= 110) return oneLine;
    return `${open}\n${entries.map((e) => `${inner}${e},`).join("\n")}\n${indent}${close}`;
  };
  const body = print(metadata, "");
  const nsLines = [...namespaces].map(([uri, name]) => `const ${name} = ${stringLiteral(uri)};`);
  const types = ["ServiceMetadata", ...new Set(declarations.map((d) => /^const \w+: (\w+)\[\]/.exec(d)![1]!))].sort();
  return [
    banner,
    `import type { ${types.join(", ")} } from ${stringLiteral(runtimeImport)};`,
    "",
    ...nsLines,
    "",
    ...(declarations.length ? [...declarations, ""] : []),
    "/** Wire-level description of the service, read by the wsdlgen runtime codec. */",
    `export const metadata: ServiceMetadata = ${body};`,
    "",
  ].join("\n");
}

function stringOrJson(value: unknown): string {
  return typeof value === "string" ? stringLiteral(value) : JSON.stringify(value);
}
