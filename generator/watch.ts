/**
 * `--watch`: regenerate when a local WSDL/XSD, a template or the config changes (debounced); remote WSDLs are
 * polled at an interval. An error is reported by the run itself and watching goes on.
 */
import { watch as fsWatch, type FSWatcher } from "node:fs";
import path from "node:path";
import { findConfig } from "./config.js";
import { isUrl } from "./load/url.js";
import { lastRunInputs } from "./output/output-folder.js";

export interface WatchOptions {
  wsdl?: string[];
  config?: string;
  templates?: string;
  /** Milliseconds to wait for more changes before regenerating (default 200). */
  debounceMs?: number;
  /** Milliseconds between polls of remote WSDLs (default 60 000). */
  pollMs?: number;
  /** Stops watching when aborted (tests); otherwise watching lasts until the process ends. */
  signal?: AbortSignal;
  /** Output folders whose run caches list the documents last read (found from the config when not given). */
  outDirs?: string[];
}

/** Watches the inputs and calls `run` after changes; resolves when `signal` aborts. */
export async function watch(options: WatchOptions, run: () => Promise<void>): Promise<void> {
  const debounceMs = options.debounceMs ?? 200;
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  let watchers: FSWatcher[] = [];
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        await run().catch((e: unknown) =>
          process.stderr.write(`wsdlgen: ${e instanceof Error ? e.message : String(e)}\n`),
        );
        await rewatch();
      });
    }, debounceMs);
  };
  const targets = async (): Promise<string[]> => {
    const files = new Set<string>();
    const configFile = options.wsdl?.length ? undefined : (options.config ?? findConfig());
    if (configFile) files.add(path.resolve(configFile));
    for (const w of options.wsdl ?? []) files.add(isUrl(w) ? w : path.resolve(w));
    for (const out of options.outDirs ?? []) for (const input of await lastRunInputs(out)) files.add(input);
    if (options.templates) files.add(path.resolve(options.templates));
    return [...files];
  };
  const rewatch = async () => {
    for (const w of watchers) w.close();
    watchers = [];
    for (const target of await targets()) {
      if (isUrl(target)) continue;
      try {
        watchers.push(fsWatch(target, { recursive: false }, schedule));
      } catch {
        // a file that does not exist (yet) is picked up by the next successful run
      }
    }
  };
  await rewatch();
  const remote = (options.wsdl ?? []).filter(isUrl);
  const poll = remote.length ? setInterval(schedule, options.pollMs ?? 60_000) : undefined;
  process.stderr.write(`wsdlgen: watching for changes (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    if (options.signal?.aborted) return resolve();
    options.signal?.addEventListener("abort", () => resolve());
  });
  clearTimeout(timer);
  if (poll) clearInterval(poll);
  for (const w of watchers) w.close();
  await running;
}
