/**
 * Paths inside the output folder, proven so before anything is written or removed. A path a run writes or removes
 * is given relative to the output folder with `/` separators; it must be a plain relative path (no empty, `.` or
 * `..` segment, no backslash, no drive or NUL), it must stay inside the folder after `path.resolve`, and no folder
 * or file on the way below the output folder may be a symbolic link: wsdlgen never writes or removes through one
 * (the output folder itself may be a link; that is the user's choice of where output goes).
 *
 * Folders are created one level at a time, never with `mkdir({ recursive: true })`: each level is checked, and
 * the folders a run created are known, so an interrupted run can remove them again.
 */
import { lstat, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { GeneratorError } from "../diagnostics.js";

/** Why a path relative to the output folder is not one wsdlgen may write or remove, or undefined when it is. */
export function unsafeRelativePath(rel: unknown): string | undefined {
  if (typeof rel !== "string" || rel === "") return "not a path";
  if (rel.includes("\\") || rel.includes("\0")) return "a backslash or NUL in it";
  if (rel.startsWith("/") || /^[A-Za-z]:/.test(rel)) return "absolute";
  if (rel.split("/").some((s) => s === "" || s === "." || s === "..")) return "an empty, . or .. segment";
  return undefined;
}

export function outputError(code: string, message: string, file: string): GeneratorError {
  return new GeneratorError({ severity: "error", code, message, location: { file } });
}

/** An fs error's code and message, for a diagnostic. */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const message = e instanceof Error ? e.message : String(e);
  return code ? `${code} (${message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "")})` : message;
}

/**
 * The absolute path of `rel` inside `root` (the output folder): throws when `rel` is not a safe relative path or
 * resolves outside `root`.
 */
export function insideOutput(root: string, rel: string): string {
  const problem = unsafeRelativePath(rel);
  const base = path.resolve(root);
  const full = path.resolve(base, ...rel.split("/"));
  const back = path.relative(base, full);
  if (problem || !back || back === ".." || back.startsWith(`..${path.sep}`) || path.isAbsolute(back))
    throw outputError(
      "output-outside",
      `refusing to write ${JSON.stringify(rel)}: ${problem ?? "outside"} ${base}`,
      base,
    );
  return full;
}

async function lstatOrUndefined(p: string) {
  try {
    return await lstat(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw outputError("output-failed", `cannot read ${p}: ${describeFsError(e)}`, p);
  }
}

/**
 * What is at `rel` below `root`, checking every level on the way: a symbolic link is an error, so is a file where
 * a folder must be. Returns "file", "folder", or undefined when nothing is there (or a folder on the way is missing).
 */
export async function entryKind(root: string, rel: string): Promise<"file" | "folder" | undefined> {
  const full = insideOutput(root, rel);
  const segments = rel.split("/");
  let at = path.resolve(root);
  for (const [i, segment] of segments.entries()) {
    at = path.join(at, segment);
    const stats = await lstatOrUndefined(at);
    if (!stats) return undefined;
    if (stats.isSymbolicLink())
      throw outputError(
        "output-symlink",
        `${at} is a symbolic link; wsdlgen does not write or remove through links below the output folder (remove it)`,
        at,
      );
    const last = i === segments.length - 1;
    if (last) return stats.isDirectory() ? "folder" : stats.isFile() ? "file" : undefined;
    if (!stats.isDirectory())
      throw outputError("output-in-the-way", `${at} is in the way of ${full}: a folder must be there`, at);
  }
  return undefined;
}

/**
 * Creates the folder `dir` (absolute) and any missing parents, one level at a time; returns the folders it created,
 * outermost first. Each existing level must be a folder (or, above `root`, a link to one).
 */
export async function makeFolders(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    let stats;
    try {
      stats = await stat(at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT")
        throw outputError("output-failed", `cannot create ${dir}: ${describeFsError(e)}`, at);
    }
    if (stats) {
      if (!stats.isDirectory()) throw outputError("output-not-folder", `${at} is not a folder`, at);
      break;
    }
    if (path.dirname(at) === at) break;
    missing.unshift(at);
  }
  const created: string[] = [];
  for (const at of missing) {
    try {
      await mkdir(at);
      created.push(at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw outputError("output-failed", `cannot create ${at}: ${describeFsError(e)}`, at);
    }
  }
  return created;
}
