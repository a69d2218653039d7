// A private copy of the built generator for the benchmark: dist/, templates/ and runtime/dist/ copied to
// test/.tmp/bench/wsdlgen/ when the bench starts, so that a `npm run build` started elsewhere while the bench runs
// (the build deletes dist/ first) cannot break or skew the runs. The copy resolves its dependencies from the
// repository's node_modules (Node walks up the folders) and finds its templates next to its dist/, as the package
// itself does.
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";

export function snapshotWsdlgen(root, into) {
  rmSync(into, { recursive: true, force: true });
  for (let attempt = 1; ; attempt++) {
    try {
      if (!existsSync(path.join(root, "dist/generator/bin.js"))) throw new Error("dist/generator/bin.js is missing");
      cpSync(path.join(root, "dist"), path.join(into, "dist"), { recursive: true });
      cpSync(path.join(root, "templates"), path.join(into, "templates"), { recursive: true });
      cpSync(path.join(root, "package.json"), path.join(into, "package.json"));
      // the runtime package, which the codec bench loads from the copy (codec-worker.mjs)
      cpSync(path.join(root, "runtime/dist"), path.join(into, "runtime/dist"), { recursive: true });
      cpSync(path.join(root, "runtime/package.json"), path.join(into, "runtime/package.json"));
      if (!existsSync(path.join(into, "dist/generator/bin.js")))
        throw new Error("the copy has no dist/generator/bin.js");
      return path.join(into, "dist/generator/bin.js");
    } catch (e) {
      // a concurrent build may be rewriting dist/: wait for it a little
      if (attempt >= 20) throw new Error(`cannot copy the built generator: ${e.message}; run \`npm run build\``);
      rmSync(into, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
}
