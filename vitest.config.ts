import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const runtime = (file: string) => fileURLToPath(new URL(`./generator/runtime/${file}`, import.meta.url));

export default defineConfig({
  // Generated code imports the package's runtime by name; tests resolve it to the sources being tested.
  resolve: {
    alias: [
      { find: /^wsdlgen\/runtime$/, replacement: runtime("index.ts") },
      { find: /^wsdlgen\/runtime\/server$/, replacement: runtime("server.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["node_modules/**", "test/.tmp/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
