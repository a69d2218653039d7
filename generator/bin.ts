#!/usr/bin/env node
/**
 * The `wsdlgen` executable. A no-op `generate` is answered before anything else is loaded; a `generate` the fast
 * path can read runs without yargs; everything else goes through the full CLI.
 */
import { generateCommandOf } from "./cli-options.js";
import { internalErrorText } from "./diagnostics.js";
import { answerIfUnchanged, parseGenerateArgs } from "./fast-path.js";

// Output into a pipe that was closed (`wsdlgen generate … | head -1`) is not an error of the run: the rest of what
// would be printed is dropped and the run goes on to its end (its files, its exit code), without a stack trace.
// The handler is added when the stream is first used: creating process.stdout loads Node's net (a pipe) or tty
// module (~5 ms), which a quiet run that prints nothing does without.
const ignoreEpipe = (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE") throw e;
};
for (const name of ["stdout", "stderr"] as const) {
  const descriptor = Object.getOwnPropertyDescriptor(process, name);
  if (!descriptor?.get || !descriptor.configurable) process[name].on("error", ignoreEpipe);
  else
    Object.defineProperty(process, name, {
      ...descriptor,
      get() {
        Object.defineProperty(process, name, descriptor);
        return process[name].on("error", ignoreEpipe);
      },
    });
}

const argv = process.argv.slice(2);
const generateValues = parseGenerateArgs(argv);
const generateCommand = generateValues && generateCommandOf(generateValues);
if (!(generateCommand && (await answerIfUnchanged(generateCommand)))) {
  const run = generateCommand
    ? import("./cli-generate.js").then(({ runGenerate }) => runGenerate(generateCommand))
    : import("./cli.js").then(({ main }) => main(argv));
  run.then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(internalErrorText(e, argv.includes("--verbose") || argv.includes("-v")));
      process.exitCode = 1;
    },
  );
}
