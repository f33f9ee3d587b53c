/** Resource exhaustion and signals: disk, memory, kills and timeouts. */
import type { Rule } from "./Rule.js"

export const systemRules: ReadonlyArray<Rule> = [
  {
    id: "system/disk-full",
    class: "disk_full",
    tool: null,
    match: /^.*(?:No space left on device|ENOSPC|Disk quota exceeded).*$/m,
    hint: "The disk is full: free space (build caches, node_modules, target/) before retrying; do not change the code."
  }
]
