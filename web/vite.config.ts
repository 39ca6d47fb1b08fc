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
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      input: { index: "index.html", graphiql: "graphiql.html" },
      // GraphiQL's React packages say "use client", which means nothing here.
      onwarn(w, warn) {
        if (w.code !== "MODULE_LEVEL_DIRECTIVE") warn(w);
      },
    },
  },
  server: {
    proxy: { "/graphql": "http://127.0.0.1:8080" },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
