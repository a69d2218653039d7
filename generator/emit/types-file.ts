/**
 * The types file: one declaration per named schema type, built as ts-morph structures and printed in one call.
 * ts-morph is loaded lazily (only when a file is actually emitted) and never type-checks.
 */
import type { DiagnosticSink } from "../diagnostics.js";
import { builtinCategory } from "../model/builtins.js";
import type { ComplexBody, ComplexType, SimpleType, TypeRef } from "../model/model.js";
import { docText, propertyKey, stringLiteral } from "../naming/identifiers.js";
import { BLANK_LINE, printSourceFile, type PlainStatement } from "./ts-printer.js";
import { MAX_TYPE_FAMILY } from "../model/model-index.js";
import type { AnonymousType } from "../naming/type-names.js";
import { objectLiteral, type MemberText, type TypeExpressions } from "./type-expressions.js";

const where = (type: ComplexType) => `{${type.name.ns}}${type.name.local}`;

type Statement = PlainStatement;
/** The structure kinds, named (the printer maps them to ts-morph's StructureKind, so ts-morph loads only there). */
const StructureKind = { TypeAlias: "typeAlias", Interface: "interface" } as const;
type Kinds = typeof StructureKind;

/**
 * The JSDoc of a declaration or property, or none. Handed to ts-morph as a string, which it prints as it prints a
 * `{ description }` structure, without writing it through a CodeBlockWriter of its own first.
 */
function docs(...parts: (string | undefined)[]): string[] {
  const text = parts.filter((p): p is string => !!p).join("\n\n");
  return text ? [docText(text)] : [];
}

/** A note for built-ins whose TypeScript form needs explaining (kept-as-text numbers and dates). */
function representationNote(types: TypeExpressions, type: TypeRef): string | undefined {
  if (type.kind !== "builtin") return undefined;
  const category = builtinCategory(type.name);
  const lexical = (what: string) => `\`xs:${type.name}\`: ${what}`;
  switch (category) {
    case "integer":
      return types.scalars.integer === "string" ? lexical("the integer's decimal text, exact at any size.") : undefined;
    case "decimal":
      return types.scalars.decimal === "string" ? lexical("the decimal text as written, exact.") : undefined;
    case "dateTime":
    case "date":
      return types.scalars[category] === "string"
        ? lexical("the lexical form as written on the wire (ISO 8601).")
        : undefined;
    case "binary":
      return types.scalars.binary === "string" ? lexical("the encoded text.") : undefined;
    default:
      return undefined;
  }
}

/** A printed types file, and the TypeScript type names its declarations refer to (their own included). */
export interface TypesFile {
  text: string;
  references: ReadonlySet<string>;
}

export async function emitTypesFile(types: TypeExpressions, banner: string, sink: DiagnosticSink): Promise<TypesFile> {
  // Filled by the type-expression builder as the declarations are built (and with the interfaces' bases).
  const references = new Set<string>();
  // Named types and the anonymous complex types declared inside them, together in name order.
  const declarations: { name: string; build: () => Statement[] }[] = [];
  for (const type of types.model.types) {
    const name = types.names.tsName(type.name);
    if (type.kind === "simple") {
      declarations.push({ name, build: () => simpleStatements(types, type, name, StructureKind, references) });
      continue;
    }
    declarations.push({ name, build: () => complexStatements(types, type, name, sink, StructureKind, references) });
    anonymousDeclarations(types.names.anonymousDeclarations(type.name));
  }
  // The anonymous types of global elements (message parts, headers), under the element's name.
  for (const element of types.model.elements)
    anonymousDeclarations(types.names.anonymousDeclarations(element.name, "element"), element.doc);
  function anonymousDeclarations(list: AnonymousType[], elementDoc?: string) {
    for (const anonymous of list) {
      const doc = anonymous.ofElement
        ? [elementDoc, `The type of element \`${anonymous.label}\` (anonymous in the schema).`]
        : [`The anonymous type of \`${anonymous.label}\`.`];
      declarations.push({
        name: anonymous.name,
        build: () =>
          objectStatements(
            types,
            anonymous.body,
            anonymous.name,
            [],
            doc.filter(Boolean).join("\n\n"),
            StructureKind,
            references,
          ),
      });
    }
  }
  declarations.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const statements: Statement[] = [];
  for (const d of declarations) {
    // One blank line before each declaration (ts-morph itself only separates block-like statements).
    statements.push(BLANK_LINE);
    statements.push(...d.build());
  }
  return { text: await printSourceFile("types.ts", [banner, ...statements]), references };
}

function complexStatements(
  types: TypeExpressions,
  type: ComplexType,
  name: string,
  sink: DiagnosticSink,
  kinds: Kinds,
  used: Set<string>,
): Statement[] {
  if (type.wcf?.shape === "array") {
    const item = type.wcf.item;
    const note = type.wcf.encoded
      ? `SOAP-encoded array (\`soapenc:Array\` of \`${type.wcf.encoded.type.local}${type.wcf.encoded.ranks}\`): ` +
        "on the wire a wrapper with one element per item."
      : type.name.local.startsWith("ArrayOf")
        ? `WCF collection \`${type.name.local}\`: on the wire a wrapper with one \`${item.name}\` element per item.`
        : `Array wrapper \`${type.name.local}\`: on the wire a wrapper with one \`${item.name}\` element per item.`;
    return [
      {
        kind: kinds.TypeAlias,
        isExported: true,
        name,
        type: types.expr({ kind: "named", name: type.name }, used),
        docs: docs(type.doc, note),
      },
    ];
  }
  if (type.wcf?.shape === "dictionary") {
    return [
      {
        kind: kinds.TypeAlias,
        isExported: true,
        name,
        type: types.dictionaryExpr(type.wcf.value, used),
        docs: docs(
          type.doc,
          `WCF dictionary: on the wire a list of \`${type.wcf.entry.local}\` entries with \`Key\` and \`Value\`.`,
        ),
      },
    ];
  }
  const family = types.names.typeFamily(type.name);
  if (family && family.length > MAX_TYPE_FAMILY) {
    sink.warn(
      "type-family-large",
      `more than ${MAX_TYPE_FAMILY} types derive from ${type.name.local}; its $type member is typed string`,
      where(type),
      type.location,
    );
  }
  const discriminator: PropertyText[] = family
    ? [
        {
          key: "$type",
          optional: true,
          type:
            family.length > MAX_TYPE_FAMILY
              ? "string"
              : family.length
                ? family.map(stringLiteral).join(" | ")
                : "never",
          doc: `The value's actual type, when it is one derived from \`${name}\` (sent as \`xsi:type\`; set on decoded values of a derived type).`,
        },
      ]
    : [];
  const doc =
    [type.doc, type.abstract ? "Abstract: send one of the types derived from it." : undefined]
      .filter(Boolean)
      .join("\n\n") || undefined;
  return objectStatements(types, type, name, discriminator, doc, kinds, used, types.index.isUnionShaped(type.name));
}

/** A property with its documentation, as the declarations print it. */
interface PropertyText {
  key: string;
  optional: boolean;
  type: string;
  doc?: string;
}

/** An object type declaration: an interface, or a type alias when the body (or its base) has exclusive choices. */
function objectStatements(
  types: TypeExpressions,
  body: ComplexBody,
  name: string,
  discriminator: PropertyText[],
  doc: string | undefined,
  kinds: Kinds,
  used: Set<string>,
  unionShaped = !!body.choices?.length ||
    (!!body.base && body.derivation === "extension" && types.index.isUnionShaped(body.base)),
): Statement[] {
  if (body.wcf)
    return [{ kind: kinds.TypeAlias, isExported: true, name, type: types.complexExpr(body, used), docs: docs(doc) }];
  const base = body.base && body.derivation === "extension" ? types.names.tsName(body.base) : undefined;
  if (base) used.add(base);
  if (!unionShaped) {
    const properties = types
      .members(body, used)
      .map((m) => ({ name: m.key, hasQuestionToken: m.optional, type: m.type, docs: docs(memberDoc(types, m, body)) }));
    return [
      {
        kind: kinds.Interface,
        isExported: true,
        name,
        extends: base ? [base] : [],
        properties: [
          ...discriminator.map((d) => ({ name: d.key, hasQuestionToken: d.optional, type: d.type, docs: docs(d.doc) })),
          ...properties,
        ],
        docs: docs(doc),
      },
    ];
  }
  const { common, unions } = types.shape(body, used);
  const text = (members: MemberText[]): PropertyText[] =>
    members.map((m) => ({
      key: m.key,
      optional: m.optional,
      type: m.type,
      ...(memberDoc(types, m, body) ? { doc: memberDoc(types, m, body)! } : {}),
    }));
  const parts: string[] = [];
  if (base) parts.push(base);
  const own = [...discriminator, ...text(common)];
  if (own.length || (!base && unions.length === 0)) parts.push(block(own, ""));
  const lines = (alternatives: MemberText[][]) =>
    alternatives.map((a) => `  | ${text(a).some((m) => m.doc) ? block(text(a), "    ") : objectLiteral(a)}`);
  if (parts.length === 0 && unions.length === 1) {
    // Only a choice: a plain union.
    return [`${jsDoc(doc, "")}export type ${name} =\n${lines(unions[0]!).join("\n")};`];
  }
  for (const alternatives of unions) parts.push(["(", ...lines(alternatives), ")"].join("\n"));
  // Printed as written (ts-morph would re-indent the continuation lines of a multi-line type).
  return [`${jsDoc(doc, "")}export type ${name} = ${parts.join(" & ")};`];
}

/** A JSDoc block for `text` at `indent` (one line when the text is one line), or nothing. */
function jsDoc(text: string | undefined, indent: string): string {
  if (!text) return "";
  const lines = docText(text).split("\n");
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} *${l ? ` ${l}` : ""}`).join("\n")}\n${indent} */\n`;
}

/** `{ … }` with one property per line, the closing brace at `indent`. */
function block(members: PropertyText[], indent: string): string {
  if (members.length === 0) return "Record<string, never>";
  const lines = ["{"];
  for (const m of members)
    lines.push(`${jsDoc(m.doc, `${indent}  `)}${indent}  ${m.key}${m.optional ? "?" : ""}: ${m.type};`);
  lines.push(`${indent}}`);
  return lines.join("\n");
}

/** The documentation of a property: the schema's, plus what its representation needs explaining. */
function memberDoc(types: TypeExpressions, m: MemberText, body?: ComplexBody): string | undefined {
  const parts: (string | undefined)[] = [];
  if (m.field) {
    parts.push(m.field.doc);
    if (m.field.particle === "any") {
      parts.push(
        "Elements the schema leaves open (its element wildcard), in document order: " +
          "`AnyElement` objects (`{ name, ns, attributes?, text?, children? }`, from the runtime).",
      );
    } else if (m.field.particle === "group") {
      parts.push(
        "The occurrences of a repeated `xs:choice`, in document order: each item is one alternative (the items have no element of their own).",
      );
    } else {
      parts.push(representationNote(types, m.field.type));
    }
  } else if (m.attribute) {
    parts.push(m.attribute.doc);
    if (m.attribute.fixed !== undefined) parts.push(`Fixed: \`${m.attribute.fixed}\`.`);
    if (m.attribute.default !== undefined)
      parts.push(
        `Default: \`${m.attribute.default}\` (what the receiver assumes when the attribute is absent; not filled in when decoding).`,
      );
  } else if (m.key === "$value" && body?.simpleContent) {
    parts.push(representationNote(types, body.simpleContent));
  } else if (m.key === "$anyAttributes") {
    parts.push(
      "Attributes the schema leaves open (its attribute wildcard), by `{namespace}name` (`name` when it has no namespace).",
    );
  }
  const text = parts.filter((p): p is string => !!p).join("\n\n");
  return text || undefined;
}

function simpleStatements(
  types: TypeExpressions,
  type: SimpleType,
  name: string,
  kinds: Kinds,
  used: Set<string>,
): Statement[] {
  const actual = type.actualType ? `.NET type: \`${type.actualType.local}\`.` : undefined;
  const enumBody =
    type.variety === "enumeration"
      ? type
      : type.variety === "list" &&
          type.itemType?.kind === "inline" &&
          type.itemType.type.kind === "simple" &&
          type.itemType.type.variety === "enumeration"
        ? type.itemType.type
        : undefined;
  if (enumBody?.enumeration) {
    const isFlags = type.variety === "list";
    const values = enumBody.enumeration;
    const union = values.map((v) => stringLiteral(v.value)).join(" | ");
    const lines = [
      `/** ${isFlags ? `The members of \`${name}\`, by name.` : `The values of \`${name}\`, by name.`} */`,
      `export const ${name} = {`,
    ];
    for (const v of values) {
      const note = [v.doc, v.wcfValue !== undefined ? `Value ${v.wcfValue}.` : undefined].filter(Boolean).join(" ");
      if (note) lines.push(`  /** ${docText(note).replace(/\n/g, " ")} */`);
      lines.push(`  ${propertyKey(v.value)}: ${stringLiteral(v.value)},`);
    }
    lines.push("} as const;");
    const flagsNote = isFlags ? "Flags: a set of members, written on the wire as a space-separated list." : undefined;
    return [
      {
        kind: kinds.TypeAlias,
        isExported: true,
        name,
        type: isFlags ? `(${union})[]` : union,
        docs: docs(type.doc, flagsNote, actual),
      },
      lines.join("\n"),
    ];
  }
  return [
    { kind: kinds.TypeAlias, isExported: true, name, type: types.simpleExpr(type, used), docs: docs(type.doc, actual) },
  ];
}
