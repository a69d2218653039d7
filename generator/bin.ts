#!/usr/bin/env node
/**
 * The `wsdlgen` executable. A no-op `generate` is answered before anything else is loaded; a `generate` the fast
 * path can read runs without yargs; everything else goes through the full CLI.
 */
import { generateCommandOf } from "./cli-options.js";
import { answerIfUnchanged, parseGenerateArgs } from "./fast-path.js";

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
      process.stderr.write(`wsdlgen: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
