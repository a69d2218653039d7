/**
 * The runtime metadata for one WSDL — the wire description the codec reads: each type's fields, attributes,
 * choices and collection shapes (element names, namespaces, order, occurrences), each port's operations and
 * messages — and the `metadata.ts` file that carries it to the generated code.
 */
import type { ScalarMapping } from "../model/builtins.js";
import type { ModelIndex } from "../model/model-index.js";
import type { ComplexBody, Field, Message, Part, Port, SimpleBody, TypeRef } from "../model/model.js";
import { wrapperFields } from "../model/wrapper.js";
import { propertyKey, stringLiteral } from "../naming/identifiers.js";
import { namespaceTag, type TypeNames } from "../naming/type-names.js";
import type {
  ComplexTypeMeta,
  FieldMeta,
  HeaderMeta,
  MessageMeta,
  OperationMeta,
  PartMeta,
  PortMeta,
  ServiceMetadata,
  SimpleTypeMeta,
  TypeMeta,
  TypeRefMeta,
} from "@wsdlgen/runtime/metadata";
import { METADATA_FORMAT } from "@wsdlgen/runtime/metadata";

/** What the metadata is built from: the model's index, the TypeScript names of its types, the scalar options. */
export interface MetadataSource {
  index: ModelIndex;
  names: TypeNames;
  scalars: ScalarMapping;
}

export function buildMetadata(
  types: MetadataSource,
  ports: { key: string; port: Port }[],
  serviceName: string,
): ServiceMetadata {
  const { names } = types;
  const typeMetas: Record<string, TypeMeta> = {};
  // In TypeScript name order (each name looked up once, not once per comparison).
  const ordered = types.index.model.types
    .map((type) => ({ type, tsName: names.tsName(type.name) }))
    .sort((a, b) => (a.tsName < b.tsName ? -1 : 1));
  for (const { type, tsName } of ordered) {
    const meta = type.kind === "complex" ? complexMeta(names, type) : simpleMeta(names, type);
    meta.xml = { ns: type.name.ns, name: type.name.local };
    typeMetas[tsName] = reorder(meta);
  }
  const portMetas: Record<string, PortMeta> = {};
  for (const { key, port } of ports) {
    const operations: Record<string, OperationMeta> = {};
    for (const op of port.operations) {
      const meta: OperationMeta = { style: op.style, faults: [] };
      if (op.soapAction !== undefined) meta.soapAction = op.soapAction;
      if (op.input) meta.input = messageMeta(types, op.input, "input");
      if (op.output) meta.output = messageMeta(types, op.output, "output");
      meta.faults = op.faults.map((f) => ({ name: f.name, parts: f.parts.map((p) => partMeta(types, p)) }));
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
  return {
    format: METADATA_FORMAT,
    service: serviceName,
    scalars: { ...types.scalars },
    types: typeMetas,
    ports: portMetas,
  };
}

/** Puts `kind` and `xml` first so each entry reads naturally. */
function reorder(meta: TypeMeta): TypeMeta {
  const { kind, xml, ...rest } = meta;
  return { kind, xml, ...rest } as TypeMeta;
}

/** A type reference: `xs:<name>` for a built-in, the TypeScript name of a named type, an anonymous type in place. */
export function metaRef(names: TypeNames, ref: TypeRef): TypeRefMeta {
  switch (ref.kind) {
    case "builtin":
      return `xs:${ref.name}`;
    case "named":
      return names.tsName(ref.name);
    case "inline":
      return ref.type.kind === "complex" ? complexMeta(names, ref.type) : simpleMeta(names, ref.type);
  }
}

export function fieldMeta(names: TypeNames, f: Field): FieldMeta {
  const meta: FieldMeta = {
    name: f.name,
    ns: f.ns,
    type: metaRef(names, f.type),
    min: f.minOccurs,
    max: f.maxOccurs,
  };
  if (f.nillable) meta.nillable = true;
  if (f.particle) meta.particle = f.particle;
  return meta;
}

export function complexMeta(names: TypeNames, body: ComplexBody): ComplexTypeMeta {
  // WCF collections are described by `array` / `dictionary` alone; their one field would only repeat it.
  const meta: ComplexTypeMeta = {
    kind: "complex",
    fields: body.wcf ? [] : body.fields.map((f) => fieldMeta(names, f)),
  };
  if (body.base) meta.base = names.tsName(body.base);
  if (body.derivation) meta.derivation = body.derivation;
  if (body.abstract) meta.abstract = true;
  if (body.attributes.length) {
    meta.attributes = body.attributes.map((a) => ({
      name: a.name,
      ns: a.ns,
      type: metaRef(names, a.type),
      ...(a.required ? { required: true as const } : {}),
    }));
  }
  if (body.simpleContent) meta.text = metaRef(names, body.simpleContent);
  if (body.anyElement) meta.anyElement = true;
  if (body.anyAttribute) meta.anyAttribute = true;
  if (body.choices?.length && !body.wcf) {
    meta.choices = body.choices.map((c) => {
      // A choice whose alternatives may all be left out is optional on the wire too.
      const optional = c.optional || c.alternatives.some((a) => a.every((m) => !m.required));
      return {
        alternatives: c.alternatives.map((a) => a.map((m) => m.name)),
        ...(optional ? { optional: true as const } : {}),
      };
    });
  }
  if (body.wcf?.shape === "array") {
    meta.array = { item: fieldMeta(names, body.wcf.item) };
    if (body.wcf.encoded)
      meta.array.encoded = {
        ns: body.wcf.encoded.type.ns,
        name: body.wcf.encoded.type.local,
        ranks: body.wcf.encoded.ranks,
      };
  }
  if (body.wcf?.shape === "dictionary") {
    meta.dictionary = {
      entry: { ns: body.wcf.entry.ns, name: body.wcf.entry.local },
      key: fieldMeta(names, body.wcf.key),
      value: fieldMeta(names, body.wcf.value),
    };
  }
  return meta;
}

export function simpleMeta(names: TypeNames, body: SimpleBody): SimpleTypeMeta {
  const meta: SimpleTypeMeta = { kind: "simple", variety: body.variety };
  if (body.base) meta.base = metaRef(names, body.base);
  if (body.enumeration) {
    meta.values = body.enumeration.map((v) => v.value);
    const wcf = body.enumeration.filter((v) => v.wcfValue !== undefined);
    if (wcf.length) meta.wcfValues = Object.fromEntries(wcf.map((v) => [v.value, v.wcfValue!]));
  }
  if (body.actualType) meta.actualType = { ns: body.actualType.ns, name: body.actualType.local };
  if (body.itemType) meta.item = metaRef(names, body.itemType);
  if (body.memberTypes) meta.members = body.memberTypes.map((m) => metaRef(names, m));
  return meta;
}

function partMeta(types: MetadataSource, part: Part): PartMeta {
  if (part.element) {
    const decl = types.index.requiredElement(part.element);
    const meta: PartMeta = {
      name: part.name,
      element: { ns: part.element.ns, name: part.element.local },
      type: metaRef(types.names, decl.type),
    };
    if (decl.nillable) meta.nillable = true;
    return meta;
  }
  return { name: part.name, type: metaRef(types.names, part.type!) };
}

function messageMeta(types: MetadataSource, message: Message, direction: "input" | "output"): MessageMeta {
  const fields = wrapperFields(types.index, message);
  const headers: HeaderMeta[] = message.headers.map((h) => {
    const p = partMeta(types, h);
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
          wrapper: {
            ns: message.wrapper.ns,
            name: message.wrapper.local,
            fields: fields.map((f) => fieldMeta(types.names, f)),
          },
        }
      : { parts: message.body.map((p) => partMeta(types, p)) }),
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
 * The maps of `metadata.ts` whose keys come from the WSDL, and the type of their entries. An entry whose key is a
 * member of `Object` (`constructor`, `toString`…) is not contextually typed by the map in a literal (TypeScript
 * types it against `Object.prototype`'s member): it is written `key: value satisfies EntryType`.
 */
const KEYED_MAPS: Record<string, string> = { types: "TypeMeta", ports: "PortMeta", operations: "OperationMeta" };
const OBJECT_MEMBERS = new Set([
  "constructor",
  "toString",
  "toLocaleString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
]);

/** The width a small object or array may take on one line, its indentation included. */
const LINE_WIDTH = 110;

/**
 * Prints the metadata as a TypeScript object literal: identifier keys unquoted, small objects on one line, each
 * namespace URI declared once as a `const` named after it (in order of first use; see namespaceConstantNames),
 * and a list that recurs (the same headers on every operation, say) declared once and referred to by name.
 */
export function renderMetadataFile(metadata: ServiceMetadata, banner: string, runtimeImport: string): string {
  const namespaceUris = new Set<string>();
  const seen = new Map<string, number>();
  // The JSON of each list that may recur, computed once (the printer looks each up again).
  const jsonOf = new Map<unknown[], string>();
  const collect = (value: unknown, key?: string): void => {
    if (key !== undefined && HOISTABLE[key] && Array.isArray(value) && value.length) {
      let json = jsonOf.get(value);
      if (json === undefined) jsonOf.set(value, (json = JSON.stringify(value)));
      seen.set(json, (seen.get(json) ?? 0) + 1);
    }
    if (Array.isArray(value)) value.forEach((v) => collect(v));
    else if (value && typeof value === "object") {
      for (const k of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[k];
        if (k === "ns" && typeof v === "string" && v !== "") namespaceUris.add(v);
        collect(v, k);
      }
    }
  };
  collect(metadata);
  const namespaces = namespaceConstantNames(namespaceUris);
  // Recurring lists, named after their key in order of first use; declared before the metadata (children first).
  const hoisted = new Map<string, string>();
  const satisfied = new Set<string>();
  const declarations: string[] = [];
  const counters = new Map<string, number>();
  // Keys recur throughout (name, ns, type…): each is written once.
  const keys = new Map<string, string>();
  const keyText = (k: string): string => {
    let text = keys.get(k);
    if (text === undefined) keys.set(k, (text = propertyKey(k)));
    return text;
  };
  const print = (value: unknown, indent: string, key?: string, declaring = false): string => {
    if (key === "ns" && typeof value === "string" && namespaces.has(value)) return namespaces.get(value)!;
    if (typeof value === "string") return stringLiteral(value);
    if (typeof value !== "object" || value === null) return JSON.stringify(value);
    if (!declaring && key !== undefined && HOISTABLE[key] && Array.isArray(value) && value.length) {
      const json = jsonOf.get(value) ?? JSON.stringify(value);
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
      : Object.keys(value).map((k) => {
          const entryType = key !== undefined && OBJECT_MEMBERS.has(k) ? KEYED_MAPS[key] : undefined;
          if (entryType) satisfied.add(entryType);
          const printed = print((value as Record<string, unknown>)[k], inner, k);
          return entryType ? `${keyText(k)}: ${printed} satisfies ${entryType}` : `${keyText(k)}: ${printed}`;
        });
    const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
    if (entries.length === 0) return `${open}${close}`;
    // One line when it fits (its length counted before it is built: most of the file does not fit).
    let width = indent.length + 2 * entries.length + (Array.isArray(value) ? 0 : 2);
    for (const e of entries) if ((width += e.length) > LINE_WIDTH) break;
    if (width <= LINE_WIDTH && !entries.some((e) => e.includes("\n")))
      return Array.isArray(value) ? `[${entries.join(", ")}]` : `{ ${entries.join(", ")} }`;
    return `${open}\n${inner}${entries.join(`,\n${inner}`)},\n${indent}${close}`;
  };
  const body = print(metadata, "");
  const nsLines = [...namespaces].map(([uri, name]) => `const ${name} = ${stringLiteral(uri)};`);
  const types = [
    ...new Set(["ServiceMetadata", ...satisfied, ...declarations.map((d) => /^const \w+: (\w+)\[\]/.exec(d)![1]!)]),
  ].sort();
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

/**
 * The names of the namespace constants in `metadata.ts`: `ns_` and the namespace's tag, the one type names are
 * qualified with (its last path segment that is not a version, PascalCased: `…/NetServer/Services88` →
 * `ns_Services88`, `…/2003/10/Serialization/Arrays` → `ns_Arrays`). Namespaces whose tags coincide are all
 * numbered in URI order (`ns_Types_1`, `ns_Types_2`), so a name depends only on the set of namespaces, not on the
 * order they are used in. Keys and values of the map are in the order of `uris`.
 */
export function namespaceConstantNames(uris: Iterable<string>): Map<string, string> {
  const ordered = [...new Set(uris)];
  const byTag = new Map<string, string[]>();
  for (const uri of ordered) {
    const tag = namespaceTag(uri);
    const group = byTag.get(tag);
    if (group) group.push(uri);
    else byTag.set(tag, [uri]);
  }
  const assigned = new Map<string, string>();
  const taken = new Set<string>();
  for (const [tag, group] of byTag) {
    if (group.length === 1) {
      assigned.set(group[0]!, `ns_${tag}`);
      taken.add(`ns_${tag}`);
    }
  }
  const clashing = [...byTag].filter(([, group]) => group.length > 1).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [tag, group] of clashing) {
    let n = 0;
    for (const uri of [...group].sort()) {
      let name: string;
      do name = `ns_${tag}_${++n}`;
      while (taken.has(name));
      taken.add(name);
      assigned.set(uri, name);
    }
  }
  return new Map(ordered.map((uri) => [uri, assigned.get(uri)!]));
}
