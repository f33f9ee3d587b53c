import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    projects: ["packages/core", "packages/cli", "packages/server", "packages/web"],
    // vitest's default on a 2-core machine is one worker (cores - 1): every file in turn. Most of the
    // suite's time is spent waiting on child processes (agent CLIs, git, PostgreSQL, model servers), so
    // two files at once keep both cores busy; the web project still runs its files one at a time.
    pool: "forks",
    maxWorkers: 2,
    minWorkers: 1
  }
})
