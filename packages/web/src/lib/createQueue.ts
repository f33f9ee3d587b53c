/** The queue as the server pushes it: a snapshot on subscribe, then one after every change. */
import { createSignal } from "solid-js"
import { api, type Outputs } from "../api/client.js"
import { createLive, type LiveHandlers } from "./createLive.js"

export type QueueStatus = Outputs["queue"]["status"]

export const createQueue = () => {
  const [status, setStatus] = createSignal<QueueStatus | undefined>(undefined)
  const state = createLive(
    (_: true, h: LiveHandlers<QueueStatus>) => api.queue.watch.subscribe(undefined, h),
    () => true as const,
    (value: QueueStatus) => setStatus(() => value)
  )
  return { status, state }
}
