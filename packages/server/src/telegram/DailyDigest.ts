/**
 * Sends the daily digest through a notifier once per day, at the `digestAt` setting's time (read
 * live). The time of the last digest sent is stored (`notifier_cursors`, `<notifier>:digest`), so a
 * restart neither repeats today's digest nor loses one whose time passed while DevServer was down
 * (it is sent once on start). A notifier's very first start sends none.
 */
import { SqlClient } from "@effect/sql"
import { Digest, toNotification } from "@devserver/core/notify/Digest"
import type { NotifierService } from "@devserver/core/notify/Notifier"
import { nextFire, parse } from "@devserver/core/queue/ScheduleExpression"
import { Settings } from "@devserver/core/store/Settings"
import { Clock, Duration, Effect, Either, Schedule } from "effect"

/** The latest fire time at or before `now`. */
const lastFireBefore = (spec: Parameters<typeof nextFire>[0], now: Date): Date => {
  let fire = nextFire(spec, new Date(now.getTime() - 25 * 3_600_000), new Date(0))
  for (let next = nextFire(spec, fire, new Date(0)); next <= now; next = nextFire(spec, next, new Date(0))) fire = next
  return fire
}

export const runDigests = (notifier: NotifierService) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const settings = yield* Settings
    const digest = yield* Digest
    const name = `${notifier.name}:digest`
    const nowMs = Clock.currentTimeMillis
    yield* sql`insert into notifier_cursors (name, after_id) values (${name}, ${yield* nowMs}) on conflict (name) do nothing`

    const tick = Effect.gen(function*() {
      const at = yield* settings.get("digestAt")
      const spec = at === null ? null : Either.getOrNull(parse(at.time, at.timezone))
      if (spec === null) return Duration.minutes(1)
      const now = new Date(yield* nowMs)
      const [row] = yield* sql<{ afterId: string }>`select after_id::text as "afterId" from notifier_cursors where name = ${name}`
      if (Number(row?.afterId ?? 0) < lastFireBefore(spec, now).getTime() && (yield* settings.get("notifications")).digest) {
        yield* notifier.send(toNotification(yield* digest.summary()))
        yield* sql`update notifier_cursors set after_id = ${now.getTime()}, updated_at = now() where name = ${name}`
      }
      // Wake at the next fire, and at least every minute to see a changed setting.
      return Duration.millis(Math.min(60_000, Math.max(1_000, nextFire(spec, now, new Date(0)).getTime() - now.getTime())))
    })
    yield* tick.pipe(
      Effect.retry(Schedule.exponential("1 second").pipe(Schedule.union(Schedule.spaced("1 minute")))),
      Effect.flatMap(Effect.sleep),
      Effect.forever,
      Effect.forkScoped
    )
  })
