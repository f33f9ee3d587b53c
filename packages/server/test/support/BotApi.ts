/**
 * A Telegram Bot API server on loopback, faithful to the parts the bot uses: `POST /bot<token>/<method>`
 * with JSON bodies, answers `{ok, result}` or `{ok: false, error_code, description, parameters}`.
 * Methods: getMe, deleteWebhook, getUpdates (long poll honouring offset and timeout), setMyCommands,
 * sendMessage, editMessageText, editMessageReplyMarkup, answerCallbackQuery. A wrong token gets 401.
 * MarkdownV2 text is parsed as Telegram does: an unescaped reserved character is a 400 "can't parse
 * entities", so a test sees exactly what a chat would show. Failures can be scripted per method:
 * a 429 with `retry_after`, or a 502 from the proxy in front (an HTML body, as nginx sends).
 */
import { Effect } from "effect"
import * as http from "node:http"
import type { AddressInfo } from "node:net"

export interface SentMessage {
  readonly messageId: number
  readonly chatId: number
  /** The text as the chat shows it (markup removed, escapes resolved). */
  readonly text: string
  readonly buttons: ReadonlyArray<{ readonly text: string; readonly data: string }>
}

type Failure = { readonly status: 429; readonly retryAfter: number } | { readonly status: 502 }

const RESERVED = "_*[]()~`>#+-=|{}.!"

/** Telegram's MarkdownV2 rules, enough to validate and render: returns the plain text or an error. */
export const parseMarkdownV2 = (input: string): { text: string } | { error: string } => {
  let text = ""
  const open: Array<string> = []
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!
    if (c === "\\") {
      const next = input[i + 1]
      if (next === undefined) return { error: "Can't parse entities: text must not end with a backslash" }
      text += next
      i++
      continue
    }
    if (c === "`") {
      // Inside code only ` and \ are reserved.
      let j = i + 1
      for (; j < input.length && input[j] !== "`"; j++) {
        if (input[j] === "\\") j++
        text += input[j] ?? ""
      }
      if (j >= input.length) return { error: "Bad Request: can't parse entities: Can't find end of Code entity" }
      i = j
      continue
    }
    const two = input.slice(i, i + 2)
    const marker = two === "__" || two === "||" ? two : "*_~".includes(c) ? c : null
    if (marker !== null) {
      if (open.at(-1) === marker) open.pop()
      else open.push(marker)
      i += marker.length - 1
      continue
    }
    if (c === "[") {
      open.push("[")
      continue
    }
    if (c === "]" && open.at(-1) === "[" && input[i + 1] === "(") {
      open.pop()
      const end = input.indexOf(")", i + 2)
      if (end < 0) return { error: "Can't parse entities: can't find end of a URL" }
      i = end
      continue
    }
    if (RESERVED.includes(c)) {
      return { error: `Bad Request: can't parse entities: Character '${c}' is reserved and must be escaped with the preceding '\\'` }
    }
    text += c
  }
  return open.length === 0 ? { text } : { error: `Bad Request: can't parse entities: Can't find end of the entity starting with '${open.at(-1)}'` }
}

export const make = (token: string) =>
  Effect.acquireRelease(
    Effect.async<BotApi>((resume) => {
      const api = new BotApi(token)
      api.server.listen(0, "127.0.0.1", () => resume(Effect.succeed(api)))
    }),
    (api) => Effect.promise(() => api.close())
  )

export class BotApi {
  readonly server: http.Server
  readonly sent: Array<SentMessage> = []
  readonly edits: Array<{ readonly chatId: number; readonly messageId: number }> = []
  readonly answers: Array<{ readonly id: string; readonly text: string }> = []
  commands: ReadonlyArray<{ readonly command: string; readonly description: string }> = []
  readonly calls: Array<string> = []
  private readonly updates: Array<Record<string, unknown> & { update_id: number }> = []
  private readonly waiters = new Set<() => void>()
  private readonly failures = new Map<string, Array<Failure>>()
  private nextUpdateId = 1
  private nextMessageId = 1

  constructor(private readonly token: string) {
    this.server = http.createServer((req, res) => {
      let body = ""
      req.on("data", (chunk: Buffer) => (body += chunk.toString()))
      req.on("end", () => void this.handle(req, res, body))
    })
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  /** The next `count` calls of `method` fail with `failure`. */
  failNext(method: string, failure: Failure, count = 1): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array<Failure>(count).fill(failure)])
  }

  /** A user in `chatId` sends `text` (a leading /command gets its bot_command entity). */
  sendText(chatId: number, text: string, username = "alice"): void {
    const command = /^\/\w+/.exec(text)
    this.push({
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: "private" },
        from: { id: chatId, is_bot: false, first_name: username, username },
        text,
        ...(command === null ? {} : { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] })
      }
    })
  }

  /** A user in `chatId` presses an inline button with `data` under the bot's message `messageId`. */
  pressButton(chatId: number, messageId: number, data: string, username = "alice"): void {
    this.push({
      callback_query: {
        id: String(this.nextUpdateId * 1000),
        from: { id: chatId, is_bot: false, first_name: username, username },
        chat_instance: "1",
        data,
        message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private" }, text: "…" }
      }
    })
  }

  close(): Promise<void> {
    for (const wake of this.waiters) wake()
    return new Promise((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }

  private push(update: Record<string, unknown>): void {
    this.updates.push({ update_id: this.nextUpdateId++, ...update })
    for (const wake of this.waiters) wake()
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "")
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" })
      res.end(JSON.stringify(payload))
    }
    if (match === null) return reply(404, { ok: false, error_code: 404, description: "Not Found" })
    if (match[1] !== this.token) return reply(401, { ok: false, error_code: 401, description: "Unauthorized" })
    const method = match[2]!
    this.calls.push(method)
    const failure = this.failures.get(method)?.shift()
    if (failure?.status === 429) {
      return reply(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${failure.retryAfter}`, parameters: { retry_after: failure.retryAfter } })
    }
    if (failure?.status === 502) {
      res.writeHead(502, { "content-type": "text/html" })
      return res.end("<html><body><h1>502 Bad Gateway</h1></body></html>")
    }
    const params = body === "" ? {} : JSON.parse(body) as Record<string, unknown>
    const ok = (result: unknown) => reply(200, { ok: true, result })
    const bad = (description: string) => reply(400, { ok: false, error_code: 400, description })
    switch (method) {
      case "getMe":
        return ok({ id: 42, is_bot: true, first_name: "DevServer", username: "devserver_test_bot" })
      case "deleteWebhook":
        return ok(true)
      case "setMyCommands":
        this.commands = params.commands as BotApi["commands"]
        return ok(true)
      case "getUpdates":
        return ok(await this.getUpdates(Number(params.offset ?? 0), Number(params.timeout ?? 0), Number(params.limit ?? 100)))
      case "sendMessage": {
        const rendered = params.parse_mode === "MarkdownV2" ? parseMarkdownV2(String(params.text)) : { text: String(params.text) }
        if ("error" in rendered) return bad(rendered.error)
        const markup = params.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> } | undefined
        const message: SentMessage = {
          messageId: this.nextMessageId++,
          chatId: Number(params.chat_id),
          text: rendered.text,
          buttons: (markup?.inline_keyboard ?? []).flat().map((b) => ({ text: b.text, data: b.callback_data }))
        }
        this.sent.push(message)
        return ok({ message_id: message.messageId, date: Math.floor(Date.now() / 1000), chat: { id: message.chatId, type: "private" }, text: message.text })
      }
      case "editMessageText":
      case "editMessageReplyMarkup":
        this.edits.push({ chatId: Number(params.chat_id), messageId: Number(params.message_id) })
        return ok(true)
      case "answerCallbackQuery":
        this.answers.push({ id: String(params.callback_query_id), text: String(params.text ?? "") })
        return ok(true)
      default:
        return reply(404, { ok: false, error_code: 404, description: "Not Found: method not found" })
    }
  }

  private getUpdates(offset: number, timeoutSeconds: number, limit: number) {
    // Confirmed updates (below the offset) are forgotten, as Telegram does.
    while (this.updates.length > 0 && this.updates[0]!.update_id < offset) this.updates.shift()
    const ready = () => this.updates.slice(0, limit)
    if (ready().length > 0 || timeoutSeconds === 0) return Promise.resolve(ready())
    return new Promise<Array<unknown>>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.waiters.delete(done)
        resolve(ready())
      }
      const timer = setTimeout(done, timeoutSeconds * 1000)
      this.waiters.add(done)
    })
  }
}
