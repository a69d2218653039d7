#!/usr/bin/env node
/** The `wsdlgen` executable. */
import { hideBin } from "yargs/helpers";
import { main } from "./cli.js";

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`wsdlgen: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
