// Build step (after tsc): bundles the `wsdlgen` executable. tsc writes one ES module per source file; loading the
// ~110 modules a run needs (the generator's, the runtime's, fast-xml-parser's) costs Node four thread-pool round
// trips each, which dominate the wall time of a short run on a busy machine. dist/generator/bin.js is replaced by
// a bundle of the same code: the entry (all a no-op run loads) and, under dist/generator/bin-chunks/, what the
// commands load on demand (`import()` stays a chunk of its own). The packages wsdlgen loads with `require` or only
// for some commands stay outside (ts-morph, Handlebars, yargs); the rest of dist/ (the programmatic API and its
// types) is left as tsc wrote it.
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { rolldown } from "rolldown";

const generatorDir = fileURLToPath(new URL("../dist/generator/", import.meta.url));
const chunks = "bin-chunks";
rmSync(`${generatorDir}${chunks}`, { recursive: true, force: true });

const bundle = await rolldown({
  input: `${generatorDir}bin.js`,
  platform: "node",
  external: [/^node:/, /^ts-morph$/, /^handlebars(\/.*)?$/, /^yargs(\/.*)?$/],
  // the tsc output is the input; nothing to tree-shake across packages that would change behaviour
  treeshake: true,
});
await bundle.write({
  dir: generatorDir,
  format: "esm",
  entryFileNames: "bin.js",
  chunkFileNames: `${chunks}/[name]-[hash].js`,
  sourcemap: true, // for stack traces (node --enable-source-maps) and profiles (test/bench/profile.mjs)
});
await bundle.close();
