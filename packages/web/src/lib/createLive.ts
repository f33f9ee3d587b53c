/**
 * A live subscription as a Solid primitive: opened while `input()` is not null, re-opened when it
 * changes or after it ended, closed on cleanup. Reports the connection state so pages can show "live" / "reconnecting".
 */
import { type Accessor, createEffect, createSignal, onCleanup } from "solid-js"

export type LiveState = "connecting" | "live" | "reconnecting" | "closed"

export interface LiveHandlers<T> {
  readonly onStarted: () => void
  readonly onData: (value: T) => void
  readonly onError: (error: unknown) => void
  readonly onComplete: () => void
  readonly onConnectionStateChange: (state: { state: "idle" | "connecting" | "pending"; error?: unknown }) => void
}

export type Open<I, T> = (input: I, handlers: LiveHandlers<T>) => { unsubscribe: () => void }

/** Waits before re-opening a subscription that ended: 1 s, doubling, at most 10 s. */
const reopenDelay = (failures: number) => Math.min(10_000, 1000 * 2 ** Math.min(failures, 4))

/**
 * Our streams never end on their own: one that ended in an error or was ended by a stopping server
 * (neither is retried by the link itself) is opened again after a pause, with `resume`'s input (e.g.
 * after the last event id seen).
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
    // the subscription whose end counts; ends of replaced or cleaned-up ones are ignored
    let current = 0
    const start = (from: I) => {
      const mine = ++current
      const ended = () => {
        if (mine !== current) return
        current++
        setState("reconnecting")
        subscription?.unsubscribe()
        timer = setTimeout(() => start(resume(value)), reopenDelay(failures++))
      }
      subscription = open(from, {
        onStarted: () => {
          failures = 0
          setState("live")
        },
        onData,
        onError: ended,
        onComplete: ended,
        onConnectionStateChange: (s) => {
          if (mine === current) setState(s.state === "pending" ? "live" : s.state === "connecting" ? "reconnecting" : "closed")
        }
      })
    }
    start(value)
    onCleanup(() => {
      current++
      clearTimeout(timer)
      subscription?.unsubscribe()
    })
  })
  return state
}
