/**
 * A run's changes to the output folder, applied all together or not at all.
 *
 * 1. Stage: the changed files are written under `<out>/.wsdlgen-staging/new/` (same file system, so a rename moves
 *    them), with the writing process's id in `.wsdlgen-staging/owner`. Nothing the user sees has changed yet.
 * 2. Commit: `.wsdlgen-staging/journal.json` (written to a `.part` file, then renamed) lists the files to move in
 *    and the files to remove. Its appearance is the commit point.
 * 3. Swap: each staged file is renamed over its destination, then the removals are done, then the staging folder
 *    is removed.
 *
 * Interrupted before the commit (a signal, an error), the staging folder is removed and the output folder is as
 * it was (folders the run created for it are removed too, when empty). Past the commit, a signal waits until the
 * swap is finished (renames only, milliseconds). If the process dies anyway (SIGKILL, a crash), the next run
 * that writes to the folder finds the staging folder first: with a journal it completes the swap (renames are
 * repeatable: a staged file already moved is skipped), without one it removes the staged files. A staging folder
 * whose owner process is alive, and that was made in the last ten minutes (a run stages in seconds; an older one
 * whose process id is in use again is abandoned), belongs to a concurrent run, and is an error instead. Nothing is
 * fsync'ed: this protects against interruption, not against losing power.
 */
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { GeneratorError, type Diagnostic } from "../diagnostics.js";
import { describeFsError, entryKind, insideOutput, makeFolders, outputError, unsafeRelativePath } from "./paths.js";
import { pauseForTest, stopIfInterrupted } from "./signals.js";

export const STAGING_FOLDER = ".wsdlgen-staging";
const JOURNAL = "journal.json";
const OWNER = "owner";
const STAGED = "new";
const JOURNAL_FORMAT = 1;
/** How long a staging folder whose owner process is alive counts as a concurrent run's. */
const BUSY_MS = 10 * 60 * 1000;

interface Journal {
  format: typeof JOURNAL_FORMAT;
  /** Files to move from `new/` into the output folder, relative to both. */
  write: string[];
  /** Files to remove from the output folder. */
  remove: string[];
}

/** The changes of one run: files to write (already known to differ) and files to remove. */
export interface Changes {
  write: { path: string; contents: string }[];
  remove: string[];
}

/** Output folders this process is writing to right now (another process's staging is told by its owner file). */
const writing = new Set<string>();

/** A path in the output folder that a journal may name: safe, and not inside the staging folder. */
function journalPath(rel: unknown): rel is string {
  return unsafeRelativePath(rel) === undefined && (rel as string).split("/")[0] !== STAGING_FOLDER;
}

function failed(what: string, e: unknown, file: string): GeneratorError {
  return e instanceof GeneratorError ? e : outputError("output-failed", `cannot ${what}: ${describeFsError(e)}`, file);
}

async function readJournal(staging: string): Promise<Journal | "unreadable" | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(staging, JOURNAL), "utf8");
  } catch {
    return undefined;
  }
  try {
    const journal = JSON.parse(text) as Journal;
    const valid =
      journal.format === JOURNAL_FORMAT &&
      Array.isArray(journal.write) &&
      Array.isArray(journal.remove) &&
      journal.write.every(journalPath) &&
      journal.remove.every(journalPath);
    return valid ? journal : "unreadable";
  } catch {
    return "unreadable";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes `dir` and its parents up to (not including) `root` while they are empty. */
async function removeEmptyFolders(dir: string, root: string): Promise<void> {
  for (let at = dir; at.startsWith(root + path.sep); at = path.dirname(at)) {
    if ((await readdir(at).catch(() => ["?"])).length) return;
    await rmdir(at).catch(() => undefined);
  }
}

/** Step 3, also used to complete an interrupted swap: moves the staged files in, removes the old ones. */
async function swap(root: string, journal: Journal): Promise<void> {
  const staging = path.join(root, STAGING_FOLDER);
  for (const [i, rel] of journal.write.entries()) {
    const from = path.join(staging, STAGED, ...rel.split("/"));
    const to = insideOutput(root, rel);
    if ((await entryKind(staging, `${STAGED}/${rel}`)) !== "file") continue; // moved in already
    if ((await entryKind(root, rel)) === "folder")
      throw outputError("output-in-the-way", `${to} is a folder; a generated file goes there`, to);
    try {
      await makeFolders(path.dirname(to));
      await rename(from, to);
    } catch (e) {
      throw failed(`move ${rel} into ${root} (the next run completes the swap)`, e, to);
    }
    if (i === 0) await pauseForTest("swapping");
  }
  for (const rel of journal.remove) {
    const file = insideOutput(root, rel);
    if ((await entryKind(root, rel)) !== "file") continue;
    try {
      await rm(file, { force: true });
    } catch (e) {
      throw failed(`remove ${file} (the next run completes the swap)`, e, file);
    }
    await removeEmptyFolders(path.dirname(file), root);
  }
  await rm(staging, { recursive: true, force: true });
}

/**
 * Before a run writes: completes or removes what an interrupted run left in the staging folder (see the module
 * comment). Returns a warning saying what was done, if anything was.
 */
export async function recoverStaging(outDir: string): Promise<Diagnostic[]> {
  const root = path.resolve(outDir);
  const staging = path.join(root, STAGING_FOLDER);
  const kind = await entryKind(root, STAGING_FOLDER).catch((e: unknown) => {
    if (e instanceof GeneratorError && e.diagnostics[0]?.code === "output-symlink")
      throw outputError(
        "output-symlink",
        `${staging} is a symbolic link, not wsdlgen's staging folder; remove it`,
        staging,
      );
    throw e;
  });
  if (kind === undefined) return [];
  if (kind !== "folder")
    throw outputError("output-in-the-way", `${staging} is not wsdlgen's staging folder; remove it`, staging);
  const ownerFile = path.join(staging, OWNER);
  const owner = Number((await readFile(ownerFile, "utf8").catch(() => "")).trim());
  const recent = async () => Date.now() - ((await stat(ownerFile).catch(() => undefined))?.mtimeMs ?? 0) < BUSY_MS;
  if (owner > 0 && (owner === process.pid ? writing.has(root) : isAlive(owner) && (await recent())))
    throw outputError(
      "output-busy",
      `another wsdlgen run (process ${owner}) is writing to ${root}; if none is, remove ${staging}`,
      staging,
    );
  const warn = (message: string): Diagnostic[] => [
    { severity: "warning", code: "output-recovered", message, location: { file: staging } },
  ];
  const journal = await readJournal(staging);
  if (journal && journal !== "unreadable") {
    writing.add(root);
    try {
      await swap(root, journal);
    } finally {
      writing.delete(root);
    }
    return warn(`an interrupted run had begun replacing files; its swap was completed (${journal.write.length} files)`);
  }
  await rm(staging, { recursive: true, force: true }).catch((e: unknown) => {
    throw failed(`remove ${staging}`, e, staging);
  });
  return warn(
    journal === "unreadable"
      ? "an interrupted run left a journal that cannot be read; its staged files were removed"
      : "an interrupted run had staged files without replacing any; they were removed",
  );
}

/** Applies a run's changes to the output folder: stage, commit, swap (see the module comment). */
export async function applyChanges(outDir: string, changes: Changes): Promise<void> {
  const root = path.resolve(outDir);
  const staging = path.join(root, STAGING_FOLDER);
  const created = await makeFolders(root);
  const undo = async () => {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    for (const dir of [...created].reverse()) await rmdir(dir).catch(() => undefined);
  };
  try {
    await mkdir(staging);
  } catch (e) {
    await undo();
    if ((e as NodeJS.ErrnoException).code === "EEXIST")
      throw outputError("output-busy", `another wsdlgen run is writing to ${root} (${staging} appeared)`, staging);
    throw failed(`create ${staging}`, e, staging);
  }
  writing.add(root);
  try {
    const journal: Journal = { format: JOURNAL_FORMAT, write: [], remove: changes.remove };
    try {
      await writeFile(path.join(staging, OWNER), `${process.pid}\n`);
      for (const file of changes.write) {
        stopIfInterrupted("nothing was changed");
        const staged = insideOutput(path.join(staging, STAGED), file.path);
        await makeFolders(path.dirname(staged));
        await writeFile(staged, file.contents, "utf8");
        journal.write.push(file.path);
        if (journal.write.length === 1) await pauseForTest("staging");
      }
      await pauseForTest("staged");
      stopIfInterrupted("nothing was changed");
      const part = path.join(staging, `${JOURNAL}.part`);
      await writeFile(part, JSON.stringify(journal), "utf8");
      await rename(part, path.join(staging, JOURNAL));
    } catch (e) {
      await undo();
      throw failed(`stage the output in ${staging} (nothing was changed)`, e, staging);
    }
    // The commit point is passed: a signal now waits until the swap is done.
    await swap(root, journal);
  } finally {
    writing.delete(root);
  }
}
