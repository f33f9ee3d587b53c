/**
 * Progress for long commands: on a terminal, a status line on stderr while the work runs (erased when
 * it ends); when piped, nothing, so scripts read only the result lines.
 */
import { Effect } from "effect"

const tty = () => process.stderr.isTTY === true

/** Runs `effect` with `label…` and a spinner on a terminal. */
export const around = <A, E, R>(label: string, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
  if (!tty()) return effect
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
  const started = Date.now()
  let i = 0
  const draw = () => process.stderr.write(`\r${frames[i++ % frames.length]} ${label}… ${Math.round((Date.now() - started) / 1000)}s`)
  return Effect.acquireUseRelease(
    Effect.sync(() => (draw(), setInterval(draw, 100))),
    () => effect,
    (timer) => Effect.sync(() => (clearInterval(timer), process.stderr.write("\r\x1b[2K")))
  )
}
