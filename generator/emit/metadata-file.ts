/** The runtime metadata for one WSDL, and the `metadata.ts` file that carries it to the generated code. */
import { qnameKey } from "../load/xml.js";
import type { Message, Model, Part, Port } from "../model/model.js";
import type { HeaderMeta, MessageMeta, OperationMeta, PartMeta, PortMeta, ServiceMetadata, TypeMeta } from "../runtime/metadata.js";
import { METADATA_FORMAT } from "../runtime/metadata.js";
import type { TypeContext } from "./type-expressions.js";

export function buildMetadata(ctx: TypeContext, ports: { key: string; port: Port }[], serviceName: string): ServiceMetadata {
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
    const meta: PortMeta = { soapVersion: port.soapVersion, binding: { ns: port.binding.ns, name: port.binding.local }, operations };
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

export function wrapperFields(ctx: TypeContext, message: Message) {
  if (!message.wrapper) return undefined;
  const decl = ctx.elementsByKey.get(qnameKey(message.wrapper));
  if (!decl || decl.type.kind !== "inline" || decl.type.type.kind !== "complex") return undefined;
  return decl.type.type.fields;
}

export function elementDecl(ctx: TypeContext, name: { ns: string; local: string }) {
  const decl = ctx.elementsByKey.get(qnameKey(name));
  if (!decl) throw new Error(`internal: element ${qnameKey(name)} missing from the model`);
  return decl;
}

function partMeta(ctx: TypeContext, part: Part): PartMeta {
  if (part.element) {
    const decl = elementDecl(ctx, part.element);
    const meta: PartMeta = { name: part.name, element: { ns: part.element.ns, name: part.element.local }, type: ctx.metaRef(decl.type) };
    if (decl.nillable) meta.nillable = true;
    return meta;
  }
  return { name: part.name, type: ctx.metaRef(part.type!) };
}

function messageMeta(ctx: TypeContext, message: Message, direction: "input" | "output"): MessageMeta {
  const fields = wrapperFields(ctx, message);
  const headers: HeaderMeta[] = message.headers.map((h) => {
    const p = partMeta(ctx, h);
    const meta: HeaderMeta = { name: h.name, type: p.type };
    if (p.element) meta.element = p.element;
    if (p.nillable) meta.nillable = true;
    return meta;
  });
  const meta: MessageMeta = { use: message.use, parts: message.body.map((p) => partMeta(ctx, p)), mapping: fields ? "fields" : "parts", headers };
  if (message.namespace !== undefined) meta.namespace = message.namespace;
  if (fields && message.wrapper) meta.wrapper = { ns: message.wrapper.ns, name: message.wrapper.local, fields: fields.map((f) => ctx.fieldMeta(f)) };
  if (direction === "output") {
    const count = fields ? fields.length : message.body.length;
    meta.result = count === 0 ? "void" : count === 1 ? "single" : "object";
  }
  return meta;
}

export function renderMetadataFile(metadata: ServiceMetadata, banner: string, runtimeImport: string): string {
  return `${banner}\nimport type { ServiceMetadata } from "${runtimeImport}";\n\n/** Wire-level description of the service, read by the wsdlgen runtime codec. */\nexport const metadata: ServiceMetadata = ${JSON.stringify(metadata, null, 2)};\n`;
}
