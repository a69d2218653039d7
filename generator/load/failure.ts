/** How the loader fails: a {@link GeneratorError} naming the place that references the document it could not load. */
import { GeneratorError, type SourceLocation } from "../diagnostics.js";

/** Where a document is referenced from (an import, include or redefine), for diagnostics. */
export interface Referrer {
  construct: string;
  location: SourceLocation;
}

export function fail(code: string, message: string, location: SourceLocation, construct?: string): never {
  throw new GeneratorError({ severity: "error", code, message, construct, location });
}
