/**
 * SIGINT and SIGTERM while a run has files of its own in flight (staged output, a swap under way, a temporary
 * file). Only then are handlers installed, and the signal is deferred: the work in flight asks `interruption()`
 * between its steps, removes what it staged (or, once the swap has begun, finishes it), and when the last holder
 * is done the signal takes its normal course — it is raised again, so a process without handlers of its own ends
 * by it (exit status 130 or 143 in a shell). A process that listens to the signal itself was told already, so
 * nothing is raised again; the interrupted run then rejects with an `interrupted` error. A second signal while one
 * is deferred is not deferred (whatever was left half-done is completed or removed by the next run). Outside these
 * windows no handler is installed and the default applies: nothing of ours is on disk to clean up.
 *
 * `WSDLGEN_TEST_PAUSE_AT=<point>` makes a run stop at that point of its output stage, say so on stderr and wait
 * (up to 30 s, or until a signal): a seam for tests that interrupt a run at a known moment.
 */
import { GeneratorError } from "../diagnostics.js";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

let holders = 0;
let received: NodeJS.Signals | undefined;
let hostListens = false;
const wakers = new Set<() => void>();

function install(): void {
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

function onSignal(signal: NodeJS.Signals): void {
  if (received !== undefined) {
    if (hostListens) return;
    uninstall();
    process.kill(process.pid, signal);
    return;
  }
  received = signal;
  hostListens = process.listenerCount(signal) > 1;
  for (const wake of wakers) wake();
}

/** The signal received while output was in flight, if any. */
export function interruption(): NodeJS.Signals | undefined {
  return received;
}

/** Throws an `interrupted` error when a signal arrived; `left` says in what state the output was left. */
export function stopIfInterrupted(left: string): void {
  if (received === undefined) return;
  throw new GeneratorError({ severity: "error", code: "interrupted", message: `interrupted by ${received}: ${left}` });
}

/** Runs `work` with SIGINT/SIGTERM deferred (see the module comment); holders nest. */
export async function deferSignals<T>(work: () => Promise<T>): Promise<T> {
  if (holders++ === 0) {
    received = undefined;
    hostListens = false;
    install();
  }
  try {
    return await work();
  } finally {
    if (--holders === 0) {
      uninstall();
      const signal = received;
      received = undefined;
      if (signal !== undefined && !hostListens) process.kill(process.pid, signal);
    }
  }
}

/** The test seam: waits at `point` when `WSDLGEN_TEST_PAUSE_AT` names it (see the module comment). */
export async function pauseForTest(point: string): Promise<void> {
  if (process.env.WSDLGEN_TEST_PAUSE_AT !== point) return;
  process.stderr.write(`wsdlgen: test pause at ${point}\n`);
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      wakers.delete(done);
      resolve();
    };
    const timer = setTimeout(done, 30_000);
    wakers.add(done);
    if (received !== undefined) done();
  });
}
