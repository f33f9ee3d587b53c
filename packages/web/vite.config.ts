import { defineConfig } from "vite"
import solid from "vite-plugin-solid"

/** The dashboard build: served by packages/server from `dist/`; `vite dev` proxies the API to a running server. */
export default defineConfig({
  plugins: [solid()],
  build: { outDir: "dist", target: "es2022", sourcemap: false, chunkSizeWarningLimit: 300 },
  server: { proxy: { "/trpc": "http://127.0.0.1:7420", "/healthz": "http://127.0.0.1:7420" } }
})
