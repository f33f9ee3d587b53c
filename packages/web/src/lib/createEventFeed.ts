/**
 * A task's events (or the global feed): everything stored after `from`, then live ones. The server
 * resumes a dropped stream after the last id it delivered; ids are checked here too, so a replayed
 * event is counted in `duplicates` and shown once.
 */
import type { PipelineEvent } from "@devserver/core/domain/PipelineEvent"
import { type Accessor, batch, createSignal } from "solid-js"
import { api, type Inputs } from "../api/client.js"
import { createLive, type LiveHandlers } from "./createLive.js"

/** An event as it arrives over JSON. */
export type EventRow = Omit<PipelineEvent, "at"> & { readonly at: string }

type Tracked = { readonly id: string; readonly data: EventRow }

export interface FeedOptions {
  readonly taskKey?: string
  /** Start after this id (0 = the whole history). */
  readonly after?: number
  /** Keep at most this many events (the oldest are dropped). */
  readonly keep?: number
}

export const createEventFeed = (options: Accessor<FeedOptions | null>) => {
  const [events, setEvents] = createSignal<Array<EventRow>>([], { equals: false })
  const [duplicates, setDuplicates] = createSignal(0)
  let lastId = 0
  let pending: Array<EventRow> = []
  let scheduled = false
  // Events arrive in bursts (log lines): one DOM update per burst keeps a busy log cheap.
  const flush = () => {
    scheduled = false
    const keep = options()?.keep ?? Infinity
    const batchOf = pending
    pending = []
    batch(() =>
      setEvents((list) => {
        list.push(...batchOf)
        if (list.length > keep) list.splice(0, list.length - keep)
        return list
      })
    )
  }
  const onData = (tracked: Tracked) => {
    const event = tracked.data
    if (event.id <= lastId) {
      setDuplicates((n) => n + 1)
      return
    }
    lastId = event.id
    pending.push(event)
    if (!scheduled) {
      scheduled = true
      queueMicrotask(flush)
    }
  }
  const input = () => {
    const o = options()
    if (o === null) return null
    lastId = o.after ?? 0
    pending = []
    setEvents([])
    setDuplicates(0)
    return { ...(o.taskKey === undefined ? {} : { taskKey: o.taskKey }), lastEventId: o.after === undefined ? null : String(o.after) }
  }
  const state = createLive(
    (i: Inputs["events"]["subscribe"], h: LiveHandlers<Tracked>) => api.events.subscribe.subscribe(i, h),
    input,
    onData,
    // re-opened after an error: from the last event shown
    (i) => ({ ...i, lastEventId: String(lastId) })
  )
  return { events, state, duplicates }
}
