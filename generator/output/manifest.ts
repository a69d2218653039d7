/**
 * The manifest, `.wsdlgen-manifest.json` in the output folder: the files the run wrote. The next run removes
 * files it lists that are no longer produced, and `--check` reports them. It holds no paths outside the folder,
 * times or versions, so it is as deterministic as the generated files and is committed with them.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

export const MANIFEST_FILE = ".wsdlgen-manifest.json";
const MANIFEST_FORMAT = 1;

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  /** Files written, relative to the output folder, sorted. */
  files: string[];
}

export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(path.join(outDir, MANIFEST_FILE), "utf8")) as Manifest;
    return manifest.format === MANIFEST_FORMAT && Array.isArray(manifest.files) ? manifest : undefined;
  } catch {
    return undefined;
  }
}

export function renderManifest(files: string[]): string {
  const manifest: Manifest = { format: MANIFEST_FORMAT, files: [...files].sort() };
  return JSON.stringify(manifest, null, 2) + "\n";
}
