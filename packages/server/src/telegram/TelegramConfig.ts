/**
 * The Telegram bot's configuration, read once while its layer is built: the bot token (a secret),
 * the chats it answers and notifies, an optional self-hosted Bot API server, and an optional webhook
 * (long polling by default).
 */
import { Config, ConfigError, Either, Option, type Redacted } from "effect"

export interface TelegramConfig {
  /** `TELEGRAM_BOT_TOKEN`; no bot runs without it. */
  readonly token: Redacted.Redacted<string>
  /** `TELEGRAM_CHAT_IDS` (comma-separated): the only chats answered and notified. */
  readonly chatIds: ReadonlyArray<number>
  /** `TELEGRAM_API_ROOT`: a self-hosted Bot API server (default Telegram's). */
  readonly apiRoot: string | null
  /** `TELEGRAM_WEBHOOK_URL` (+ `TELEGRAM_WEBHOOK_PORT`): receive updates by webhook instead of long polling. */
  readonly webhook: { readonly url: string; readonly port: number } | null
}

const chatIds = Config.string("TELEGRAM_CHAT_IDS").pipe(
  Config.withDefault(""),
  Config.mapOrFail((text) => {
    const ids = text.split(",").map((s) => s.trim()).filter((s) => s !== "")
    const bad = ids.find((s) => !/^-?\d{1,20}$/.test(s))
    return bad === undefined
      ? Either.right(ids.map(Number))
      : Either.left(ConfigError.InvalidData(["TELEGRAM_CHAT_IDS"], `'${bad}' is not a chat id (numbers, comma-separated)`))
  })
)

/** The configuration, or None when `TELEGRAM_BOT_TOKEN` is not set (no bot). */
export const config: Config.Config<Option.Option<TelegramConfig>> = Config.all({
  token: Config.option(Config.redacted("TELEGRAM_BOT_TOKEN")),
  chatIds,
  apiRoot: Config.option(Config.string("TELEGRAM_API_ROOT")),
  webhookUrl: Config.option(Config.string("TELEGRAM_WEBHOOK_URL")),
  webhookPort: Config.integer("TELEGRAM_WEBHOOK_PORT").pipe(Config.withDefault(8443))
}).pipe(Config.map(({ apiRoot, chatIds, token, webhookPort, webhookUrl }) =>
  Option.map(token, (token) => ({
    token,
    chatIds,
    apiRoot: Option.getOrNull(apiRoot),
    webhook: Option.match(webhookUrl, { onNone: () => null, onSome: (url) => ({ url, port: webhookPort }) })
  }))
))
