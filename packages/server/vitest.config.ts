import * as path from "node:path"
import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: {
    // Tests run against core's sources, so they never see a stale build.
    alias: [{ find: /^@devserver\/core\/(.*)$/, replacement: path.resolve(import.meta.dirname, "../core/src/$1") }]
  },
  test: {
    name: "server",
    include: ["test/**/*.test.ts"],
    // The command tests run the real `devserver` binary: bundle it first.
    globalSetup: ["../cli/test/support/buildCli.ts", "../core/test/support/globalSetup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
})
