/**
 * A live subscription as a Solid primitive: opened while `input()` is not null, re-opened when it
 * changes, closed on cleanup. Reports the connection state so pages can show "live" / "reconnecting".
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

export const createLive = <I, T>(open: Open<I, T>, input: Accessor<I | null>, onData: (value: T) => void): Accessor<LiveState> => {
  const [state, setState] = createSignal<LiveState>("connecting")
  createEffect(() => {
    const value = input()
    if (value === null) return
    setState("connecting")
    const subscription = open(value, {
      onStarted: () => setState("live"),
      onData,
      onError: () => setState("reconnecting"),
      onConnectionStateChange: (s) => setState(s.state === "pending" ? "live" : s.state === "connecting" ? "reconnecting" : "closed")
    })
    onCleanup(() => subscription.unsubscribe())
  })
  return state
}
