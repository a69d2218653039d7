#!/usr/bin/env node
/** The `wsdlgen` executable. A no-op `generate` is answered before the full CLI is loaded. */
import { tryNoOp } from "./fast-path.js";

const argv = process.argv.slice(2);
if (!(await tryNoOp(argv))) {
  const { main } = await import("./cli.js");
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`wsdlgen: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
