/**
 * The Telegram bot (telegraf), a scoped layer: started by `devserver start` when `TELEGRAM_BOT_TOKEN`
 * is set, stopped with its scope. It answers only the allow-listed chats (`TELEGRAM_CHAT_IDS`):
 * anything from another chat is ignored before any handler runs. It publishes its commands as the
 * bot's menu, turns the Approve / Reject buttons of plan and decision notifications into core calls, and
 * sends notifications from the event log through `NotificationFeed` (resumable, so a restart
 * neither loses nor repeats them) and the daily digest at the `digestAt` setting's time.
 *
 * Long polling by default; telegraf retries a 429 (after Telegram's `retry_after`) or a 5xx of
 * `getUpdates` itself. Start-up calls (getMe, setMyCommands) are retried until they succeed.
 */
import * as Spend from "@devserver/core/budget/Spend"
import * as Decisions from "@devserver/core/decisions/Decisions"
import * as PlanGate from "@devserver/core/gates/PlanGate"
import * as Digest from "@devserver/core/notify/Digest"
import * as NotificationFeed from "@devserver/core/notify/NotificationFeed"
import { Effect, Exit, Fiber, FiberSet, Layer, Option, Redacted, Schedule } from "effect"
import { Telegraf } from "telegraf"
import { replyFor } from "./BotErrors.js"
import { type BotServices, commands } from "./BotCommands.js"
import { type ButtonServices, press } from "./BotButtons.js"
import { escape } from "./MarkdownV2.js"
import { config, type TelegramConfig } from "./TelegramConfig.js"
import * as TelegramNotifier from "./TelegramNotifier.js"
import { runDigests } from "./DailyDigest.js"

const backoff = Schedule.exponential("1 second").pipe(Schedule.union(Schedule.spaced("1 minute")))

const who = (from: { readonly id: number; readonly username?: string | undefined } | undefined) =>
  `telegram:${from?.username ?? from?.id ?? "unknown"}`

export const make = (cfg: TelegramConfig) =>
  Effect.gen(function*() {
    const run = yield* FiberSet.makeRuntimePromise<BotServices | ButtonServices>()
    const bot = new Telegraf(Redacted.value(cfg.token), { telegram: cfg.apiRoot === null ? {} : { apiRoot: cfg.apiRoot } })
    const allowed = new Set(cfg.chatIds)
    const reply = (effect: Effect.Effect<string, unknown, BotServices>) =>
      run(Effect.exit(effect)).then((exit) => (Exit.isSuccess(exit) ? exit.value : replyFor(exit.cause)))

    // Chats not on the list get nothing, and nothing they send reaches a handler.
    bot.use((ctx, next) => (ctx.chat !== undefined && allowed.has(ctx.chat.id) ? next() : Promise.resolve()))
    for (const c of commands) {
      bot.command(c.command, (ctx) =>
        reply(c.run(ctx.payload, who(ctx.from))).then((text) => ctx.reply(text, { parse_mode: "MarkdownV2" })).then(() => undefined))
    }
    bot.on("callback_query", async (ctx) => {
      const by = who(ctx.from)
      const effect = press("data" in ctx.callbackQuery ? ctx.callbackQuery.data : "", by)
      if (effect === null) return void (await ctx.answerCbQuery("Unknown action"))
      const exit = await run(Effect.exit(effect))
      await ctx.answerCbQuery(Exit.isSuccess(exit) ? exit.value : "Not done: see the message")
      if (Exit.isSuccess(exit)) await ctx.editMessageReplyMarkup(undefined).catch(() => undefined)
      await ctx.reply(Exit.isSuccess(exit) ? escape(exit.value) : replyFor(exit.cause), { parse_mode: "MarkdownV2" })
    })
    bot.catch((error) => void run(Effect.logWarning("telegram handler failed", error)))

    const call = <A>(what: string, f: () => Promise<A>) =>
      Effect.tryPromise(f).pipe(
        Effect.tapError(() => Effect.logWarning(`telegram ${what} failed; retrying`)),
        Effect.retry(backoff)
      )
    yield* call("setMyCommands", () => bot.telegram.setMyCommands(commands.map((c) => ({ command: c.command, description: c.description })))).pipe(
      Effect.forkScoped
    )
    // `launch` resolves only when the bot stops; a failed start (getMe, deleteWebhook) is retried.
    const launcher = yield* call("launch", () => bot.launch(cfg.webhook === null ? {} : { webhook: { domain: cfg.webhook.url, port: cfg.webhook.port } })).pipe(
      Effect.forkScoped
    )
    // On stop, let polling confirm the updates it handled (its last getUpdates), or Telegram would
    // hand them to the next start again (a button press applied twice).
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => bot.stop("shutdown")).pipe(
        Effect.ignore,
        Effect.zipRight(Fiber.await(launcher).pipe(Effect.timeout("5 seconds"), Effect.ignore))
      )
    )
    const notifier = TelegramNotifier.make(bot.telegram, cfg.chatIds)
    yield* Effect.flatMap(NotificationFeed.NotificationFeed, (feed) => feed.run(notifier))
    yield* runDigests(notifier)
    yield* Effect.logInfo(`telegram bot started for ${cfg.chatIds.length} chat(s)`)
  })

/**
 * The bot when `TELEGRAM_BOT_TOKEN` is set; nothing otherwise. Brings its own plan gate, decisions, spend,
 * digest and notification feed over the process's store, queue and read models.
 */
export const layerConfig = Layer.scopedDiscard(
  Effect.flatMap(config, Option.match({ onNone: () => Effect.void, onSome: make }))
).pipe(Layer.provide(Layer.mergeAll(PlanGate.layer, Decisions.layer, Spend.layer, Digest.layer, NotificationFeed.layer)))
