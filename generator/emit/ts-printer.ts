/**
 * Printing TypeScript with ts-morph. The emitters build plain-data structures (a ts-morph structure whose `kind`
 * is named rather than the enum number), so ts-morph — whose bundled TypeScript compiler is most of a cold run's
 * start-up — is loaded only here, only when a file is printed, and each file is printed in one call to ts-morph's
 * structure printer (`printStructure`): no Project, no source file, nothing parsed back or type-checked.
 *
 * ts-morph is CommonJS and is loaded with `require` (createRequire), not `import()`: through the ESM loader, Node
 * would first scan its ~12 MB of JavaScript with cjs-module-lexer for named exports (about 80 ms of a cold run).
 * It is compiled from V8's code cached by an earlier run (compile-cache.ts).
 *
 * (Printing in a worker thread that loads ts-morph while the WSDL is parsed was measured: no faster on two cores,
 * ~30 MB more memory, so it is not done.)
 */
import { createRequire } from "node:module";
import { withCompileCache } from "./compile-cache.js";

/** A declaration as plain data: a ts-morph structure whose `kind` is named, not the enum number. */
export type PlainStructure = { kind: "typeAlias" | "interface" } & Record<string, unknown>;
/** Statements: structures, raw text, or {@link BLANK_LINE}. */
export type PlainStatement = PlainStructure | string;
/** Marks a blank line between declarations (ts-morph only separates block-like statements by itself). */
export const BLANK_LINE = "\u0000blank-line";

type TsMorph = typeof import("ts-morph");

let tsMorph: TsMorph | undefined;
/** ts-morph, loaded on first use. */
export function loadTsMorph(): TsMorph {
  return (tsMorph ??= withCompileCache(() => createRequire(import.meta.url)("ts-morph") as TsMorph));
}

/** Prints plain statements to a source file's text (the name is not used; the signature predates the printer). */
export async function printSourceFile(_fileName: string, statements: PlainStatement[]): Promise<string> {
  const { printStructure, StructureKind } = loadTsMorph();
  const kinds = { typeAlias: StructureKind.TypeAlias, interface: StructureKind.Interface } as const;
  const structures = statements.map((s) =>
    s === BLANK_LINE
      ? (writer: import("ts-morph").CodeBlockWriter) => void writer.blankLineIfLastNot()
      : typeof s === "string"
        ? s
        : ({ ...s, kind: kinds[s.kind] } as unknown as import("ts-morph").StatementStructures),
  );
  return printStructure(
    { kind: StructureKind.SourceFile, statements: structures },
    { indentNumberOfSpaces: 2, newLine: "\n", useSingleQuote: false },
  );
}
