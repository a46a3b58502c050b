/**
 * Builds the web page (src/web) into dist/web, which wrangler serves as static assets
 * beside the API (wrangler.toml [assets]). `npm run dev:web` runs Vite's dev server with
 * hot reload and forwards /api to a `npm run dev` Worker on :8787. The build also writes the
 * `_headers` file of the page's security headers (src/api/security-headers.ts).
 */
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { assetHeadersFile } from "./src/api/security-headers.ts";

/**
 * Writes dist/web/_headers: Workers static assets send its headers with every asset and with the
 * page, so the page gets its Content-Security-Policy and framing rules without a Worker in front.
 */
function securityHeadersFile(): Plugin {
  return {
    name: "envdiff-security-headers",
    apply: "build",
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "_headers", source: assetHeadersFile() });
    },
  };
}

export default defineConfig({
  root: "src/web",
  plugins: [react(), securityHeadersFile()],
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    // The page is small; one JS and one CSS file load faster than a tree of chunks.
    target: "es2022",
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      "/api": {
        target: "http://127.0.0.1:8787",
        // The Worker refuses writes from another origin (src/api/same-origin.ts), and to it this page's
        // origin is :5173's. The browser's own Sec-Fetch-Site (same-origin, to :5173) still goes through.
        configure: (proxy) => proxy.on("proxyReq", (request) => request.removeHeader("origin")),
      },
    },
  },
});
