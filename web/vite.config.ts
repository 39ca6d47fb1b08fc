import { defineConfig } from "vite";

// The bundle is embedded in the Go binary (web/embed.go) and committed:
// file names carry content hashes, so a rebuild of the same sources writes
// the same files, and scripts/test.sh fails when web/dist is stale.
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // No inline scripts or styles: the page's CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: { "/graphql": "http://127.0.0.1:8080" },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
