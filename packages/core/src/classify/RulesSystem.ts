/**
 * Resource exhaustion, signals and time limits, whatever the tool: they explain every other error
 * printed after them, so they are tried before any tool's diagnostics.
 */
import type { Rule } from "./Rule.js"

const noCodeChange = "do not change the code for this"

export const systemRules: ReadonlyArray<Rule> = [
  {
    id: "system/disk-full",
    class: "disk_full",
    tool: null,
    match: /No space left on device|Disk quota exceeded|ENOSPC(?!: System limit for number of file watchers)/,
    hint: `The disk is full: free space (build caches, node_modules, target/, tmp files) or stop; ${noCodeChange}.`
  },
  {
    id: "node/heap-out-of-memory",
    class: "out_of_memory",
    tool: "node",
    match: /JavaScript heap out of memory|Reached heap limit Allocation failed/,
    hint: "Node ran out of heap: look for an unbounded loop or collection in the code under test; raise --max-old-space-size only if the data really is that large."
  },
  {
    id: "java/out-of-memory",
    class: "out_of_memory",
    tool: "java",
    match: /java\.lang\.OutOfMemoryError/,
    hint: "The JVM ran out of heap: look for an unbounded collection or recursion first; raise -Xmx only if the data really is that large."
  },
  {
    id: "python/memory-error",
    class: "out_of_memory",
    tool: "python",
    match: /^MemoryError\b/m,
    hint: "Python ran out of memory: stream or chunk the data instead of loading it whole, and look for an unbounded list."
  },
  {
    id: "native/allocation-failed",
    class: "out_of_memory",
    tool: null,
    match: /memory allocation of \d+ bytes failed|runtime: out of memory|std::bad_alloc|Cannot allocate memory|Out of memory: Killed process|out of memory allocating/,
    hint: "The process ran out of memory: find the allocation that grows without bound (a loop, a recursive call, a huge buffer) and bound it."
  },
  {
    id: "go/test-timeout",
    class: "timeout",
    tool: "go",
    match: /panic: test timed out after \S+/,
    hint: "A Go test hung past the -timeout: find the blocking call (channel, lock, network) in the test named below; do not just raise the timeout."
  },
  {
    id: "jest/test-timeout",
    class: "timeout",
    tool: "jest",
    match: /Exceeded timeout of \d+ ms for a (?:test|hook)/,
    hint: "A test never finished: an awaited promise never settles or done() is never called; fix the hang, do not raise the timeout."
  },
  {
    id: "vitest/test-timeout",
    class: "timeout",
    tool: "vitest",
    match: /Error: (?:Test|Hook) timed out in \d+ms/,
    hint: "A test never finished: an awaited promise never settles; fix the hang in the test or the code it calls, do not raise the timeout."
  },
  {
    id: "process/timed-out",
    class: "timeout",
    tool: null,
    match: /\btimed out after\b|\bTimeoutExpired\b|\bCommand timed out\b|Timed out waiting for/i,
    hint: "The command ran past its time limit: look for a hang (waiting on input, a server, a lock, an endless loop) and make it terminate; do not just raise the limit."
  },
  {
    id: "process/killed",
    class: "killed",
    tool: null,
    match: /\bKilled\b|signal: killed|SIGKILL|exit code 137|exited with code 137/,
    hint: "The process was killed (SIGKILL, often the memory limit): reduce memory use or parallelism (fewer test workers, smaller inputs) and rerun."
  }
]
