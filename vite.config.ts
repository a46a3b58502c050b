/**
 * Builds the web page (src/web) into dist/web, which wrangler serves as static assets
 * beside the API (wrangler.toml [assets]). `npm run dev:web` runs Vite's dev server with
 * hot reload and forwards /api to a `npm run dev` Worker on :8787.
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: "src/web",
  plugins: [react()],
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    // The page is small; one JS and one CSS file load faster than a tree of chunks.
    target: "es2022",
    reportCompressedSize: false,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8787" },
  },
});
