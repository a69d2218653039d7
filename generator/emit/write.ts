/**
 * Writing output: every file is generated in memory first, so a failure writes nothing. Each changed file is
 * written to a temporary sibling and renamed over the old one (a reader never sees half a file); files whose
 * bytes are unchanged are not touched.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

export interface OutputFile {
  /** Path relative to the output folder, with `/` separators. */
  path: string;
  contents: string;
}

export interface WriteReport {
  written: string[];
  unchanged: string[];
}

export async function writeOutput(outDir: string, files: OutputFile[]): Promise<WriteReport> {
  const report: WriteReport = { written: [], unchanged: [] };
  for (const file of files) {
    const target = path.join(outDir, ...file.path.split("/"));
    let existing: string | undefined;
    try {
      existing = await readFile(target, "utf8");
    } catch {
      existing = undefined;
    }
    if (existing === file.contents) {
      report.unchanged.push(file.path);
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temp, file.contents, "utf8");
      await rename(temp, target);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
    report.written.push(file.path);
  }
  return report;
}
