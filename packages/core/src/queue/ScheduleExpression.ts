/**
 * Schedule expressions: a 5- or 6-field cron expression (Effect's `Cron`), or a preset:
 * `@hourly`, `@daily`, `@weekly`, `@monthly`, `every 30m` / `every 2h` / `every 1d`, or `HH:MM` (that
 * minute of every day). Cron expressions and `HH:MM` are read in the schedule's IANA time zone;
 * `every N` intervals count from the schedule's creation.
 */
import { Cron, DateTime, Duration, Either, Option } from "effect"
import { InvalidInput } from "../domain/Errors.js"

export type ScheduleSpec =
  | { readonly _tag: "Cron"; readonly cron: Cron.Cron }
  | { readonly _tag: "Every"; readonly interval: Duration.Duration }

const presets: Record<string, string> = {
  "@hourly": "0 * * * *",
  "@daily": "0 0 * * *",
  "@weekly": "0 0 * * 0",
  "@monthly": "0 0 1 * *"
}
const units = { m: "minutes", h: "hours", d: "days" } as const

const invalid = (field: string, reason: string) => Either.left(new InvalidInput({ field, reason }))

/** Parses `expression` in `timezone`; InvalidInput names what is wrong. */
export const parse = (expression: string, timezone = "UTC"): Either.Either<ScheduleSpec, InvalidInput> => {
  const zone = DateTime.zoneMakeNamed(timezone)
  if (Option.isNone(zone)) return invalid("timezone", `unknown time zone '${timezone}'`)
  const text = expression.trim().toLowerCase()
  const every = /^every\s+(\d+)\s*([mhd])$/.exec(text)
  if (every) {
    const amount = Number(every[1])
    if (amount < 1) return invalid("expression", "the interval must be at least 1")
    return Either.right({ _tag: "Every", interval: Duration.decode(`${amount} ${units[every[2] as keyof typeof units]}`) })
  }
  const clock = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text)
  const cronText = clock ? `${Number(clock[2])} ${Number(clock[1])} * * *` : presets[text] ?? expression
  return Cron.parse(cronText, zone.value).pipe(
    Either.map((cron): ScheduleSpec => ({ _tag: "Cron", cron })),
    Either.mapLeft((error) => new InvalidInput({ field: "expression", reason: `not a cron expression or preset: ${error.message}` }))
  )
}

/** The first fire strictly after `after`; `anchor` is where `every N` intervals start counting. */
export const nextFire = (spec: ScheduleSpec, after: Date, anchor: Date): Date => {
  if (spec._tag === "Cron") return Cron.next(spec.cron, after)
  const step = Duration.toMillis(spec.interval)
  const elapsed = after.getTime() - anchor.getTime()
  const periods = elapsed < 0 ? 0 : Math.floor(elapsed / step) + 1
  return new Date(anchor.getTime() + periods * step)
}
