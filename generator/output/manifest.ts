/**
 * The manifest, `.wsdlgen-manifest.json` in the output folder: the files the run wrote. The next run removes
 * files it lists that are no longer produced, and `--check` reports them. It holds no paths outside the folder,
 * times or versions, so it is as deterministic as the generated files and is committed with them.
 *
 * It is read as untrusted input (it is committed, and can be edited): an entry that is not a plain relative path
 * inside the output folder (`../x`, `/etc/x`, `a/./b`) is ignored, with a warning, and never removed.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { unsafeRelativePath } from "./paths.js";

export const MANIFEST_FILE = ".wsdlgen-manifest.json";
const MANIFEST_FORMAT = 1;

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  /** Files written, relative to the output folder, sorted. */
  files: string[];
}

/** The previous run's manifest, with the entries that are not safe relative paths left out (and warned about). */
export async function readManifest(outDir: string): Promise<{ manifest?: Manifest; warnings: Diagnostic[] }> {
  const file = path.join(outDir, MANIFEST_FILE);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(file, "utf8")) as Manifest;
  } catch {
    return { warnings: [] };
  }
  if (manifest?.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files)) return { warnings: [] };
  const ignored = manifest.files.filter((f) => unsafeRelativePath(f) !== undefined);
  const warnings: Diagnostic[] = ignored.map((f) => ({
    severity: "warning",
    code: "manifest-entry-ignored",
    message: `${JSON.stringify(f)} is not a path inside the output folder; it is ignored (never removed)`,
    location: { file },
  }));
  return { manifest: { format: MANIFEST_FORMAT, files: manifest.files.filter((f) => !ignored.includes(f)) }, warnings };
}

export function renderManifest(files: string[]): string {
  const manifest: Manifest = { format: MANIFEST_FORMAT, files: [...files].sort() };
  return JSON.stringify(manifest, null, 2) + "\n";
}
