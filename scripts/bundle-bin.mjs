// Build step (after tsc): bundles the `wsdlgen` executable. tsc writes one ES module per source file; loading the
// ~110 modules a run needs (the generator's, the runtime's, fast-xml-parser's) costs Node four thread-pool round
// trips each, which dominate the wall time of a short run on a busy machine. dist/generator/bin.js is replaced by
// a bundle of the same code: the entry (all a no-op run loads) and, under dist/generator/bin-chunks/, what the
// commands load on demand (`import()` stays a chunk of its own). The packages wsdlgen loads with `require` or only
// for some commands stay outside (ts-morph, Handlebars, yargs); the rest of dist/ (the programmatic API and its
// types) is left as tsc wrote it.
import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rolldown } from "rolldown";

const generatorDir = fileURLToPath(new URL("../dist/generator/", import.meta.url));
const chunks = "bin-chunks";
rmSync(`${generatorDir}${chunks}`, { recursive: true, force: true });

const options = {
  input: `${generatorDir}bin.js`,
  platform: "node",
  external: [/^node:/, /^ts-morph$/, /^handlebars(\/.*)?$/, /^yargs(\/.*)?$/],
};

// The run cache's fingerprint of the generator's code (output/run-cache.ts) is computed here, from every module
// the bundle is made of (the runtime's and fast-xml-parser's included), so that a no-op run does not read and
// hash them all again: a first pass lists the modules, the second bundles with the fingerprint in place.
const fingerprint = createHash("sha256");
const modules = [];
const listModules = {
  name: "list-modules",
  buildEnd() {
    for (const id of this.getModuleIds()) if (path.isAbsolute(id)) modules.push(id);
  },
};
const first = await rolldown({ ...options, plugins: [listModules] });
await first.generate({ format: "esm" }); // in memory: the build lists the modules
await first.close();
const root = path.dirname(path.dirname(generatorDir));
for (const file of modules.sort())
  fingerprint
    .update(`${path.relative(root, file)}\0`)
    .update(readFileSync(file))
    .update("\0");
if (modules.length < 50) throw new Error(`bundle-bin: only ${modules.length} modules found for the fingerprint`);

const bundle = await rolldown({
  ...options,
  transform: { define: { "globalThis.WSDLGEN_CODE_FINGERPRINT": JSON.stringify(fingerprint.digest("hex")) } },
});
await bundle.write({
  dir: generatorDir,
  format: "esm",
  entryFileNames: "bin.js",
  chunkFileNames: `${chunks}/[name]-[hash].js`,
  sourcemap: true, // for stack traces (node --enable-source-maps) and profiles (test/bench/profile.mjs)
});
await bundle.close();
