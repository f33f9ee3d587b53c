import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    name: "web",
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/support/buildAll.ts"],
    testTimeout: 240_000,
    hookTimeout: 180_000,
    // Each file runs its own `devserver start` and Chromium: one at a time on a 2-core machine.
    fileParallelism: false
  }
})
