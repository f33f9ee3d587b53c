/**
 * A pool of extraction workers, for cold builds with much to parse. Parsing is CPU-bound and
 * tree-sitter's wasm runtime is single-threaded, so each worker thread has its own runtime.
 *
 * The pool exists only when the compiled worker entry (`ExtractWorker.js`) is present, that is when
 * running from the built package; from TypeScript sources (tests) extraction stays on the calling thread.
 *
 * @internal
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import { fileURLToPath } from "node:url"
import { Worker } from "node:worker_threads"
import type { LanguageSpec } from "./Languages.js"
import type { FileTags } from "./Tags.js"

/** One source to extract. */
export interface JobItem {
  readonly path: string
  readonly language: LanguageSpec
  readonly source: string
}
export interface Job {
  readonly id: number
  readonly items: ReadonlyArray<JobItem>
}
export interface JobResult {
  readonly id: number
  readonly tags: ReadonlyArray<FileTags>
}

export interface Pool {
  /** Extracts all items across the workers; `cancelled` is polled between batches. */
  readonly run: (items: ReadonlyArray<JobItem>, cancelled: () => boolean) => Promise<Array<FileTags | undefined>>
  readonly close: () => Promise<void>
}

const entry = new URL("./ExtractWorker.js", import.meta.url)

/** A pool of `size` workers (default: one per core), or `undefined` when it cannot run here. */
export const makePool = (size = Os.availableParallelism()): Pool | undefined => {
  if (size < 2 || entry.protocol !== "file:" || !Fs.existsSync(fileURLToPath(entry))) return undefined
  let workers: Array<Worker> | undefined
  const start = () => (workers ??= Array.from({ length: size }, () => new Worker(entry)))
  // an idle pool must not keep the process alive; a running one must
  const hold = (all: ReadonlyArray<Worker>, held: boolean) => all.forEach((w) => (held ? w.ref() : w.unref()))
  return {
    run: (items, cancelled) =>
      new Promise((resolve, reject) => {
        const all = start()
        hold(all, true)
        const results = new Array<FileTags | undefined>(items.length)
        const batch = Math.max(1, Math.min(64, Math.ceil(items.length / (all.length * 4))))
        let next = 0
        let busy = 0
        const feed = (worker: Worker) => {
          if (cancelled() || next >= items.length) {
            if (busy === 0) {
              hold(all, false)
              resolve(results)
            }
            return
          }
          const id = next
          next = Math.min(items.length, next + batch)
          busy++
          worker.postMessage({ id, items: items.slice(id, next) } satisfies Job)
        }
        for (const worker of all) {
          worker.removeAllListeners("message").removeAllListeners("error")
          worker.on("message", (result: JobResult) => {
            result.tags.forEach((t, k) => (results[result.id + k] = t))
            busy--
            feed(worker)
          })
          worker.once("error", (error) => {
            hold(all, false)
            reject(error)
          })
          feed(worker)
        }
      }),
    close: async () => {
      if (workers) await Promise.all(workers.map((w) => w.terminate()))
      workers = undefined
    }
  }
}
