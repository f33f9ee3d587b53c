/**
 * The environment as the Settings page shows it: which DevServer variables are set, with every secret
 * masked here, in core, so no shell can send one on. Secrets show only whether they are set; URLs lose
 * their user, password and query. Read once, while the layer is built.
 */
import { Config, Context, Effect, Layer, Option } from "effect"

export type VariableKind = "secret" | "url" | "plain"

export interface EnvironmentEntry {
  readonly name: string
  readonly description: string
  readonly kind: VariableKind
  readonly set: boolean
  /** The value to show: null for secrets and unset variables; URLs without credentials. */
  readonly shown: string | null
}

export interface EnvironmentViewService {
  readonly list: () => ReadonlyArray<EnvironmentEntry>
}

export class EnvironmentView extends Context.Tag("@devserver/core/config/EnvironmentView")<EnvironmentView, EnvironmentViewService>() {}

const variables: ReadonlyArray<readonly [string, VariableKind, string]> = [
  ["DEVSERVER_DATA_DIR", "plain", "Data folder (database, worktrees, caches)"],
  ["DATABASE_URL", "url", "External PostgreSQL (else the embedded one)"],
  ["DEVSERVER_SECRET_KEY", "secret", "Key that encrypts stored repo tokens"],
  ["DEVSERVER_HOST", "plain", "Address the server listens on"],
  ["DEVSERVER_PORT", "plain", "Port the server listens on"],
  ["DEVSERVER_PASSWORD", "secret", "Login password"],
  ["DEVSERVER_SESSION_HOURS", "plain", "Session length after login"],
  ["ANTHROPIC_API_KEY", "secret", "Anthropic API key"],
  ["ANTHROPIC_BASE_URL", "url", "Anthropic endpoint"],
  ["OPENAI_API_KEY", "secret", "OpenAI API key"],
  ["OPENAI_BASE_URL", "url", "OpenAI endpoint"],
  ["GEMINI_API_KEY", "secret", "Google Gemini API key"],
  ["GOOGLE_GEMINI_BASE_URL", "url", "Gemini endpoint"],
  ["GLM_API_KEY", "secret", "Zhipu GLM API key"],
  ["GLM_BASE_URL", "url", "GLM endpoint"],
  ["TELEGRAM_BOT_TOKEN", "secret", "Telegram bot token"],
  ["TELEGRAM_CHAT_IDS", "plain", "Telegram chats allowed to talk to the bot"],
  ["TELEGRAM_API_ROOT", "url", "Self-hosted Telegram Bot API server"],
  ["DEVSERVER_GIT_AUTHOR_NAME", "plain", "Git author of the agents' commits"],
  ["DEVSERVER_GIT_AUTHOR_EMAIL", "plain", "Git author e-mail"]
]

/** The variables whose values are secrets, and those that are URLs (which may carry a password). */
export const secretVariables = variables.filter(([, kind]) => kind === "secret").map(([name]) => name)
export const urlVariables = variables.filter(([, kind]) => kind === "url").map(([name]) => name)

/** A URL without user, password, query or fragment; "(not a URL)" when it does not parse. */
export const maskUrl = (value: string): string => {
  try {
    const url = new URL(value)
    url.username = ""
    url.password = ""
    url.search = ""
    url.hash = ""
    return url.toString()
  } catch {
    return "(not a URL)"
  }
}

const shown = (kind: VariableKind, value: string) => (kind === "secret" ? null : kind === "url" ? maskUrl(value) : value)

export const make = Effect.gen(function*() {
  const entries = yield* Effect.forEach(variables, ([name, kind, description]) =>
    Effect.map(Effect.orElseSucceed(Config.option(Config.string(name)), () => Option.none<string>()), (value): EnvironmentEntry => ({
      name,
      description,
      kind,
      set: Option.isSome(value) && value.value !== "",
      shown: Option.isSome(value) && value.value !== "" ? shown(kind, value.value) : null
    })))
  return EnvironmentView.of({ list: () => entries })
})

export const layer = Layer.effect(EnvironmentView, make)
