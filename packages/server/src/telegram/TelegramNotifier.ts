/**
 * Notifications as Telegram messages to every allow-listed chat, in MarkdownV2 with the text
 * escaped; the Approve / Reject of a plan or a decision become inline buttons. Bot API failures map to `NotifyError`:
 * 429 → `RateLimited` with Telegram's `retry_after`, 5xx and network failures → `Unavailable`
 * (both retried by the feed), other refusals → `Rejected`. A retried notification is not sent again
 * to the chats that already got it.
 */
import type { Notification } from "@devserver/core/notify/Notification"
import { NotifyError, type NotifierService } from "@devserver/core/notify/Notifier"
import { Effect } from "effect"
import type { Telegram } from "telegraf"
import type { InlineKeyboardMarkup } from "telegraf/types"
import { bold, escape, link } from "./MarkdownV2.js"

export const NAME = "telegram"

/** Telegram allows at most 64 bytes of callback data. */
const MAX_CALLBACK_BYTES = 64

/** A button's callback data: `approve:KEY` for a plan, `decision-approve:ID` for a decision. */
export const callbackData = (a: Notification["actions"][number]): string =>
  a.decisionId === undefined ? `${a.action}:${a.taskKey}` : `decision-${a.action}:${a.decisionId}`

/** The message text of a notification. */
export const render = (n: Notification): string =>
  [bold(n.headline), ...n.lines.map(escape), ...(n.link === null ? [] : [link("Open pull request", n.link)])].join("\n")

/** Inline buttons for the notification's actions (none when a task key is too long for callback data). */
export const keyboard = (n: Notification): InlineKeyboardMarkup | undefined => {
  const buttons = n.actions.map((a) => ({ text: a.label, callback_data: callbackData(a) }))
  if (buttons.length === 0 || buttons.some((b) => Buffer.byteLength(b.callback_data) > MAX_CALLBACK_BYTES)) return undefined
  return { inline_keyboard: [buttons] }
}

/** Translates a telegraf failure once, at this edge. */
export const toNotifyError = (error: unknown): NotifyError => {
  const e = error as { code?: unknown; response?: { error_code?: number; description?: string; parameters?: { retry_after?: number } } }
  const status = e.response?.error_code ?? (typeof e.code === "number" ? e.code : undefined)
  const detail = e.response?.description ?? (error instanceof Error ? error.message : String(error))
  if (status === 429) {
    const retryAfter = e.response?.parameters?.retry_after
    return new NotifyError({ notifier: NAME, reason: "RateLimited", detail, ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter * 1000 }) })
  }
  if (status === undefined || status >= 500) return new NotifyError({ notifier: NAME, reason: "Unavailable", detail })
  return new NotifyError({ notifier: NAME, reason: "Rejected", detail })
}

export const make = (telegram: Telegram, chatIds: ReadonlyArray<number>): NotifierService => {
  // Chats that already got a notification whose delivery is being retried (by event id).
  const delivered = new Map<number, Set<number>>()
  const send = (n: Notification) =>
    Effect.gen(function*() {
      const done = delivered.get(n.eventId) ?? new Set<number>()
      delivered.set(n.eventId, done)
      const reply_markup = keyboard(n)
      for (const chatId of chatIds) {
        if (done.has(chatId)) continue
        yield* Effect.tryPromise({
          try: () => telegram.sendMessage(chatId, render(n), { parse_mode: "MarkdownV2", ...(reply_markup === undefined ? {} : { reply_markup }) }),
          catch: toNotifyError
        })
        done.add(chatId)
      }
      delivered.delete(n.eventId)
    })
  return { name: NAME, send }
}
