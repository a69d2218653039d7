#!/usr/bin/env node
/**
 * The `wsdlgen` executable. A no-op `generate` is answered before anything else is loaded; the plain forms of
 * `generate` run without yargs; everything else goes through the full CLI.
 */
import { createRequire } from "node:module";
import { parsePlainGenerate, tryNoOp } from "./fast-path.js";

const argv = process.argv.slice(2);
if (!(await tryNoOp(argv))) {
  // Cache V8's compiled code of the CommonJS dependencies (TypeScript inside ts-morph is ~9 MB) between runs.
  if (!process.env.WSDLGEN_NO_COMPILE_CACHE) createRequire(import.meta.url)("v8-compile-cache");
  const plain = parsePlainGenerate(argv);
  const run = plain
    ? import("./cli-generate.js").then(({ runGenerate }) => runGenerate(plain))
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
