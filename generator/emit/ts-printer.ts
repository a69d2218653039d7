/**
 * Printing TypeScript with ts-morph. The emitters build plain-data structures (a ts-morph structure whose `kind`
 * is named rather than the enum number), so ts-morph — whose bundled TypeScript compiler is most of a cold run's
 * start-up — is loaded only here, only when a file is printed, and each file is printed in one call. Nothing is
 * type-checked.
 *
 * (Printing in a worker thread that loads ts-morph while the WSDL is parsed was measured: no faster on two cores,
 * ~30 MB more memory, so it is not done.)
 */

/** A declaration as plain data: a ts-morph structure whose `kind` is named, not the enum number. */
export type PlainStructure = { kind: "typeAlias" | "interface" } & Record<string, unknown>;
/** Statements: structures, raw text, or {@link BLANK_LINE}. */
export type PlainStatement = PlainStructure | string;
/** Marks a blank line between declarations (ts-morph only separates block-like statements by itself). */
export const BLANK_LINE = "\u0000blank-line";

type TsMorph = typeof import("ts-morph");

let tsMorph: Promise<TsMorph> | undefined;
export function loadTsMorph(): Promise<TsMorph> {
  return (tsMorph ??= import("ts-morph"));
}

/** Prints plain statements to a source file's text. */
export async function printSourceFile(fileName: string, statements: PlainStatement[]): Promise<string> {
  const { Project, StructureKind, IndentationText, QuoteKind, NewLineKind } = await loadTsMorph();
  const kinds = { typeAlias: StructureKind.TypeAlias, interface: StructureKind.Interface } as const;
  const structures = statements.map((s) =>
    s === BLANK_LINE
      ? (writer: import("ts-morph").CodeBlockWriter) => void writer.blankLineIfLastNot()
      : typeof s === "string"
        ? s
        : ({ ...s, kind: kinds[s.kind] } as unknown as import("ts-morph").StatementStructures),
  );
  const project = new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      quoteKind: QuoteKind.Double,
      newLineKind: NewLineKind.LineFeed,
    },
  });
  return project.createSourceFile(fileName, { statements: structures }).getFullText();
}
