/** Tasks in every interesting state, made through the API and the real worker (command vendor). */
import { type Api, eventually } from "./Api.js"

const statusOf = async (api: Api, key: string) => (await api.tasks.get.query({ key })).status

const run = async (api: Api, title: string, command: string, extra: Record<string, unknown> = {}) => {
  const task = await api.tasks.create.mutate({ title, description: command, vendor: "command", gitFlow: "untracked", ...extra } as never)
  await api.tasks.enqueue.mutate({ key: task.key })
  return task.key
}

export const seed = async (api: Api) => {
  const idle = [
    { title: "Fix the flaky login test", priority: 2, labels: ["tests", "auth"], vendor: "anthropic" },
    { title: "Bump eslint to 9 and fix the new warnings", priority: 3, labels: ["deps"], vendor: "openai" },
    { title: "Document the retry policy in the README", priority: 4, labels: ["docs"], vendor: "google" },
    { title: "Add an index for the task search", priority: 1, labels: ["db", "perf"], vendor: "glm" }
  ]
  for (const t of idle) await api.tasks.create.mutate(t as never)
  const reviewed = await run(api, "Regenerate the API client", "echo generating client; sleep 1; echo wrote 14 files; echo all checks passed; echo ok > client.ts", { labels: ["codegen"] })
  const failed = await run(api, "Type-check the billing module", "echo 'src/billing.ts(42,7): error TS2345: Argument of type string is not assignable to number' >&2; exit 2", { labels: ["types"], priority: 2 })
  await eventually(async () => ["review", "failed"].includes(await statusOf(api, reviewed)) && ["failed", "review"].includes(await statusOf(api, failed)), 120_000, "the short tasks to finish")
  const cancelled = await run(api, "Rebuild the search index", "sleep 120")
  await eventually(async () => (await statusOf(api, cancelled)) === "running", 60_000, "the task to start")
  await api.tasks.cancel.mutate({ key: cancelled })
  const running = await run(
    api,
    "Migrate the settings page to the new forms",
    "for i in $(seq 1 600); do echo \"step $i: compiling src/module$i.ts\"; sleep 0.4; done",
    { labels: ["ui", "refactor"], priority: 2 }
  )
  await eventually(async () => (await statusOf(api, running)) === "running", 60_000, "the long task to start")
  await seedLibrary(api, reviewed)
  return { running, reviewed, failed, cancelled }
}

/** Templates, an idea tree and schedules, so those pages show what they hold. */
const seedLibrary = async (api: Api, taskKey: string) => {
  const lint = await api.templates.create.mutate({
    name: "Nightly lint fix",
    title: "Fix all lint warnings",
    description: "Run the linter with --fix, then fix what it cannot fix by itself. Do not change behaviour.",
    settings: { priority: 4, labels: ["lint", "nightly"], vendor: "anthropic", gitFlow: "pr" }
  } as never)
  await api.templates.create.mutate({
    name: "Dependency bump",
    title: "Bump dependencies",
    description: "Update dependencies within their semver ranges; run the tests; summarise the changelogs.",
    settings: { priority: 3, labels: ["deps"], vendor: "openai", gitFlow: "pr", maxTurns: 40 }
  } as never)
  const folder = await api.ideas.create.mutate({ kind: "folder", title: "Q3 reliability" } as never)
  const idea = await api.ideas.create.mutate({ parentId: folder.id, title: "Retry webhooks with backoff", body: "Deliveries that fail with 5xx are retried with exponential backoff, at most 6 times over an hour." } as never)
  await api.ideas.create.mutate({ parentId: idea.id, title: "Store delivery attempts", body: "A table of attempts with status code and latency." } as never)
  await api.ideas.create.mutate({ parentId: idea.id, title: "Dead-letter view in the admin UI", body: "" } as never)
  await api.ideas.create.mutate({ kind: "folder", title: "Developer experience" } as never)
  await api.schedules.create.mutate({ name: "Nightly lint", expression: "02:30", timezone: "Europe/Berlin", target: { _tag: "FromTemplate", templateId: lint.id } } as never)
  await api.schedules.create.mutate({ name: "Regenerate client", expression: "every 6h", target: { _tag: "EnqueueTask", taskKey } } as never)
}
