/**
 * Worker-thread entry for parallel extraction: receives batches of sources, answers their tags.
 *
 * @internal
 */
import { parentPort } from "node:worker_threads"
import { makeExtractor } from "./Extract.js"
import type { Job, JobResult } from "./Pool.js"

const extractor = makeExtractor()

parentPort?.on("message", async (job: Job) => {
  const ex = await extractor
  const languages = new Map(job.items.map((item) => [item.language.id, item.language]))
  await ex.load(languages.values())
  const result: JobResult = { id: job.id, tags: job.items.map((item) => ex.extract(item.path, item.language, item.source)) }
  parentPort?.postMessage(result)
})
