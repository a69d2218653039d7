import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const runtime = (file: string) => fileURLToPath(new URL(`./runtime/src/${file}`, import.meta.url));

export default defineConfig({
  // The generator and generated code import the runtime package by name; tests resolve it to its sources.
  resolve: {
    alias: [
      { find: /^@wsdlgen\/runtime$/, replacement: runtime("index.ts") },
      { find: /^@wsdlgen\/runtime\/([\w-]+)$/, replacement: runtime("$1.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["node_modules/**", "test/.tmp/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
