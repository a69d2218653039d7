/**
 * Diagnostics: every problem the generator reports names the document, the position (line:column, when known),
 * the construct it is about and what the user can do. Errors stop generation; warnings are collected and printed.
 */

/** Where a construct lives: the document (path or URL) and a 1-based line/column. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  /** Stable machine-readable code, e.g. `xml-malformed`, `type-missing`. */
  code: string;
  message: string;
  /** The construct the diagnostic is about, e.g. `xs:element TicketIds` or a QName `{ns}local`. */
  construct?: string;
  location?: SourceLocation;
}

/** Formats a location as `file:line:col`. */
export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return "";
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  return text;
}

/** One line per diagnostic: `file:line:col: error code: message (construct)`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation(d.location);
  const construct = d.construct ? ` [${d.construct}]` : "";
  return `${where ? where + ": " : ""}${d.severity} ${d.code}: ${d.message}${construct}`;
}

/** Thrown for input the generator cannot turn into code; carries one or more error diagnostics. */
export class GeneratorError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic | Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map(formatDiagnostic).join("\n"));
    this.name = "GeneratorError";
    this.diagnostics = list;
  }
}

/** Collects warnings during a run; errors are thrown as {@link GeneratorError} at the point they are found. */
export class DiagnosticSink {
  readonly warnings: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  warn(code: string, message: string, construct?: string, location?: SourceLocation): void {
    const d: Diagnostic = { severity: "warning", code, message, construct, location };
    const key = formatDiagnostic(d);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.warnings.push(d);
  }

  /** Throws an error diagnostic. */
  fail(code: string, message: string, construct?: string, location?: SourceLocation): never {
    throw new GeneratorError({ severity: "error", code, message, construct, location });
  }
}

/**
 * What the CLI prints for an error that is not a diagnostic — a bug in wsdlgen: what happened, how to report it,
 * and the stack trace only when asked for (`--verbose`).
 */
export function internalErrorText(e: unknown, verbose: boolean): string {
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const lines = [`wsdlgen: internal error: ${what}`];
  if (verbose && e instanceof Error && e.stack) lines.push(e.stack);
  lines.push(
    "This is a bug in wsdlgen, not a problem with your input. Please report it with the command line and, if you can",
    `share it, the WSDL${verbose ? "" : "; run the command again with --verbose to include the stack trace"}.`,
  );
  return lines.join("\n") + "\n";
}
