/**
 * The types file: one declaration per named schema type, built as ts-morph structures and printed in one call.
 * ts-morph is loaded lazily (only when a file is actually emitted) and never type-checks.
 */
import type { DiagnosticSink } from "../diagnostics.js";
import { builtinCategory } from "../model/builtins.js";
import type { ComplexType, Field, SchemaType, SimpleType } from "../model/model.js";
import { docText, propertyKey, stringLiteral } from "../naming/identifiers.js";
import type { TypeContext } from "./type-expressions.js";

type TsMorph = typeof import("ts-morph");
type Statement = import("ts-morph").StatementStructures | string | import("ts-morph").WriterFunction;

let tsMorph: Promise<TsMorph> | undefined;
export function loadTsMorph(): Promise<TsMorph> {
  return (tsMorph ??= import("ts-morph"));
}

/** JSDoc structure(s) for a text, or none. */
function docs(...parts: (string | undefined)[]): { description: string }[] {
  const text = parts.filter((p): p is string => !!p).join("\n\n");
  return text ? [{ description: docText(text) }] : [];
}

/** A note for built-ins whose TypeScript form needs explaining (kept-as-text numbers and dates). */
function representationNote(ctx: TypeContext, field: Field): string | undefined {
  if (field.type.kind !== "builtin") return undefined;
  const category = builtinCategory(field.type.name);
  const lexical = (what: string) => `\`xs:${field.type.kind === "builtin" ? field.type.name : ""}\`: ${what}`;
  switch (category) {
    case "integer":
      return ctx.scalars.integer === "string" ? lexical("the integer's decimal text, exact at any size.") : undefined;
    case "decimal":
      return ctx.scalars.decimal === "string" ? lexical("the decimal text as written, exact.") : undefined;
    case "dateTime":
    case "date":
      return ctx.scalars[category] === "string" ? lexical("the lexical form as written on the wire (ISO 8601).") : undefined;
    case "binary":
      return ctx.scalars.binary === "string" ? lexical("the encoded text.") : undefined;
    default:
      return undefined;
  }
}

export async function emitTypesFile(ctx: TypeContext, banner: string, sink: DiagnosticSink): Promise<string> {
  const { Project, StructureKind, IndentationText, QuoteKind, NewLineKind } = await loadTsMorph();
  const statements: Statement[] = [];
  const ordered = [...ctx.model.types].sort((a, b) => {
    const x = ctx.tsName(a.name);
    const y = ctx.tsName(b.name);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const unused = new Set<string>();
  for (const type of ordered) {
    const name = ctx.tsName(type.name);
    // One blank line before each declaration (ts-morph itself only separates block-like statements).
    statements.push((writer) => writer.blankLineIfLastNot());
    if (type.kind === "complex") statements.push(...complexStatements(ctx, type, name, sink, StructureKind, unused));
    else statements.push(...simpleStatements(ctx, type, name, StructureKind, unused));
  }
  const project = new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double, newLineKind: NewLineKind.LineFeed },
  });
  const file = project.createSourceFile("types.ts", { statements: [banner, ...statements] });
  return file.getFullText();
}

function complexStatements(
  ctx: TypeContext,
  type: ComplexType,
  name: string,
  sink: DiagnosticSink,
  kinds: TsMorph["StructureKind"],
  used: Set<string>,
): Statement[] {
  const where = `{${type.name.ns}}${type.name.local}`;
  if (type.wcf?.shape === "array") {
    return [{ kind: kinds.TypeAlias, isExported: true, name, type: ctx.expr({ kind: "named", name: type.name }, used), docs: docs(type.doc, `WCF collection \`${type.name.local}\`: on the wire a wrapper with one \`${type.wcf.item.name}\` element per item.`) }];
  }
  if (type.wcf?.shape === "dictionary") {
    return [{ kind: kinds.TypeAlias, isExported: true, name, type: ctx.dictionaryExpr(type.wcf.value, used), docs: docs(type.doc, `WCF dictionary: on the wire a list of \`${type.wcf.entry.local}\` entries with \`Key\` and \`Value\`.`) }];
  }
  if (type.anyElement) {
    sink.warn("any-content", "xs:any content is accepted on the wire but not represented in the generated type", where, type.location);
  }
  const family = ctx.typeFamily(type.name);
  const discriminator = family
    ? [{ name: "$type", hasQuestionToken: true, type: family.map(stringLiteral).join(" | "), docs: docs(`The value's actual type, when it is one derived from \`${name}\` (sent as \`xsi:type\`; set on decoded values of a derived type).`) }]
    : [];
  const properties = ctx.members(type, used).map((m) => ({
    name: m.key,
    hasQuestionToken: m.optional,
    type: m.type,
    docs: m.field ? docs(m.field.doc, representationNote(ctx, m.field)) : [],
  }));
  return [
    {
      kind: kinds.Interface,
      isExported: true,
      name,
      extends: type.base && type.derivation === "extension" ? [ctx.tsName(type.base)] : [],
      properties: [...discriminator, ...properties],
      docs: docs(type.doc, type.abstract ? "Abstract: send one of the types derived from it." : undefined),
    },
  ];
}

function simpleStatements(
  ctx: TypeContext,
  type: SimpleType,
  name: string,
  kinds: TsMorph["StructureKind"],
  used: Set<string>,
): Statement[] {
  const actual = type.actualType ? `.NET type: \`${type.actualType.local}\`.` : undefined;
  const enumBody = type.variety === "enumeration" ? type : type.variety === "list" && type.itemType?.kind === "inline" && type.itemType.type.kind === "simple" && type.itemType.type.variety === "enumeration" ? type.itemType.type : undefined;
  if (enumBody?.enumeration) {
    const isFlags = type.variety === "list";
    const values = enumBody.enumeration;
    const union = values.map((v) => stringLiteral(v.value)).join(" | ");
    const lines = [`/** ${isFlags ? `The members of \`${name}\`, by name.` : `The values of \`${name}\`, by name.`} */`, `export const ${name} = {`];
    for (const v of values) {
      const note = [v.doc, v.wcfValue !== undefined ? `Value ${v.wcfValue}.` : undefined].filter(Boolean).join(" ");
      if (note) lines.push(`  /** ${docText(note).replace(/\n/g, " ")} */`);
      lines.push(`  ${propertyKey(v.value)}: ${stringLiteral(v.value)},`);
    }
    lines.push("} as const;");
    const flagsNote = isFlags ? "Flags: a set of members, written on the wire as a space-separated list." : undefined;
    return [
      { kind: kinds.TypeAlias, isExported: true, name, type: isFlags ? `(${union})[]` : union, docs: docs(type.doc, flagsNote, actual) },
      lines.join("\n"),
    ];
  }
  return [{ kind: kinds.TypeAlias, isExported: true, name, type: ctx.simpleExpr(type, used), docs: docs(type.doc, actual) }];
}
