// Bundling generated clients for browsers with esbuild (a pinned devDependency), shared by the browser test
// (test/browser/ticket-client.test.ts) and `npm run bench` (the size of the client runtime bundle).
// `@wsdlgen/runtime` resolves through the repository's tsconfig.json paths to runtime/src, so what is bundled is
// the current source, built or not.
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The generated Ticket client (generated/Services88-Ticket) and everything it pulls in. */
export const TICKET_CLIENT_ENTRY = `export * from ${JSON.stringify(path.join(ROOT, "generated/Services88-Ticket/index.js"))};\n`;

/** Size limit of the minified, gzipped client runtime bundle: what it was with fast-xml-parser (35.8 KiB, 36,657 bytes), rounded up. */
export const CLIENT_BUNDLE_GZIP_LIMIT = 36 * 1024;

/**
 * Bundles a TypeScript entry (its source text; relative imports resolve from `resolveDir`) as one ES module for
 * the browser platform. Fails, as esbuild does, on an import of a Node built-in.
 */
export async function bundleForBrowser({ contents, resolveDir = ROOT, minify = false }) {
  const result = await build({
    stdin: { contents, resolveDir, loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const output = Object.values(result.metafile.outputs)[0];
  return { js: result.outputFiles[0].contents, inputs: Object.keys(output?.inputs ?? {}) };
}

/** The minified and the gzipped (level 9) size in bytes of the generated Ticket client's browser bundle. */
export async function clientBundleSize() {
  const { js, inputs } = await bundleForBrowser({ contents: TICKET_CLIENT_ENTRY, minify: true });
  return { minifiedBytes: js.byteLength, gzipBytes: gzipSync(js, { level: 9 }).byteLength, inputs };
}
