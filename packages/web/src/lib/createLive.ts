/**
 * A live subscription as a Solid primitive: opened while `input()` is not null, re-opened when it
 * changes or after it ended in an error, closed on cleanup. Reports the connection state so pages can show "live" / "reconnecting".
 */
import { type Accessor, createEffect, createSignal, onCleanup } from "solid-js"

export type LiveState = "connecting" | "live" | "reconnecting" | "closed"

export interface LiveHandlers<T> {
  readonly onStarted: () => void
  readonly onData: (value: T) => void
  readonly onError: (error: unknown) => void
  readonly onConnectionStateChange: (state: { state: "idle" | "connecting" | "pending"; error?: unknown }) => void
}

export type Open<I, T> = (input: I, handlers: LiveHandlers<T>) => { unsubscribe: () => void }

/** Waits before re-opening a subscription that ended in an error: 1 s, doubling, at most 10 s. */
const reopenDelay = (failures: number) => Math.min(10_000, 1000 * 2 ** Math.min(failures, 4))

/**
 * `resume` gives the input for re-opening after an error (a stream that a restarting server ended
 * with an error is not retried by the link itself), e.g. with the last event id seen.
 */
export const createLive = <I, T>(
  open: Open<I, T>,
  input: Accessor<I | null>,
  onData: (value: T) => void,
  resume: (input: I) => I = (i) => i
): Accessor<LiveState> => {
  const [state, setState] = createSignal<LiveState>("connecting")
  createEffect(() => {
    const value = input()
    if (value === null) return
    setState("connecting")
    let subscription: { unsubscribe: () => void } | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    let failures = 0
    const start = (from: I) => {
      subscription = open(from, {
        onStarted: () => {
          failures = 0
          setState("live")
        },
        onData,
        onError: () => {
          setState("reconnecting")
          subscription?.unsubscribe()
          timer = setTimeout(() => start(resume(value)), reopenDelay(failures++))
        },
        onConnectionStateChange: (s) => setState(s.state === "pending" ? "live" : s.state === "connecting" ? "reconnecting" : "closed")
      })
    }
    start(value)
    onCleanup(() => {
      clearTimeout(timer)
      subscription?.unsubscribe()
    })
  })
  return state
}
