/**
 * A custom notifier: your own channel for DevServer's notifications (task started, ready for review,
 * failed, failover, budget, …), fed from the event log with a resume point of its own.
 *
 *   npx tsx examples/custom-notifier.ts notifications.jsonl
 *
 * Appends each notification as one JSON line to the file (a real one would post to a webhook or a
 * chat) until Ctrl-C. Tasks may run anywhere (`devserver start`, another worker, another example):
 * notifications come from the database. Stop it and start it again: it continues after the last
 * notification it delivered, so nothing is lost and nothing arrives twice. On its first start it
 * begins with what happens from then on; history is not replayed. Uses DEVSERVER_DATA_DIR (or
 * DATABASE_URL) like `devserver start`.
 */
import { NodeRuntime } from "@effect/platform-node"
import { DevServer, EventStream, NotificationFeed, Notifier } from "@devserver/core"
import { Console, Effect, Layer } from "effect"
import * as fs from "node:fs"

const file = process.argv[2] ?? "notifications.jsonl"

/** The port is a stable name (the resume point is stored under it) and a `send` that may fail. */
const journal: Notifier.NotifierService = {
  name: "example-journal",
  send: (notification) =>
    Effect.try({
      try: () => fs.appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), ...notification })}\n`),
      // Unavailable is retried with backoff by the feed; Rejected would skip this notification.
      catch: (e) => new Notifier.NotifyError({ notifier: "example-journal", reason: "Unavailable", detail: String(e) })
    }).pipe(Effect.zipRight(Console.log(`${notification.kind}: ${notification.headline}`)))
}

const program = Effect.gen(function*() {
  yield* (yield* NotificationFeed.NotificationFeed).run(journal)
  yield* Console.log(`delivering notifications to ${file} (Ctrl-C stops)`)
  return yield* Effect.never
})

const layer = NotificationFeed.layer.pipe(Layer.provideMerge(EventStream.layer), Layer.provideMerge(DevServer.layer))

// runMain turns Ctrl-C (or SIGTERM) into an interruption: the feed stops after saving its resume point.
NodeRuntime.runMain(program.pipe(Effect.scoped, Effect.provide(layer)))
