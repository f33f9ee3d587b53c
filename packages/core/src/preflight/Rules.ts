/**
 * Secret rules for what the secretlint preset does not cover: GitLab, Stripe and Google API keys,
 * Telegram bot tokens, Anthropic admin keys, OpenAI keys without the preset's marker, SendGrid keys
 * the preset's pattern misses, short PEM
 * private keys, and hard-coded passwords (assignments of a literal to a password-like name).
 * Each rule is a regular secretlint rule, so every finding goes through one engine.
 */
import type { SecretLintRuleCreator, SecretLintSourceCode } from "@secretlint/types"
import { isPlaceholder } from "./Placeholder.js"

interface Pattern {
  readonly id: string
  readonly regex: RegExp
  /** The capture group holding the secret (0 = the whole match). */
  readonly group?: number
}

/** Stable rule ids and the kind each reports (the `kind` of a finding). */
export const KINDS: Record<string, string> = {
  GitLabToken: "gitlab_token",
  StripeKey: "stripe_key",
  GoogleApiKey: "google_api_key",
  TelegramBotToken: "telegram_bot_token",
  AnthropicAdminKey: "anthropic_key",
  OpenAiKey: "openai_key",
  SendGridKey: "sendgrid_key",
  PemPrivateKey: "private_key",
  HardcodedPassword: "password"
}

const NAME = String.raw`(?:pass(?:word|wd|phrase)?|pwd|secret|(?:api|access|auth|private|secret|client)[_-]?(?:key|token|secret)|token)`

const PATTERNS: ReadonlyArray<Pattern> = [
  { id: "GitLabToken", regex: /\bgl(?:pat|dt|ptt|rt|cbt|oas|soat|ft|imt)-[0-9A-Za-z_-]{20,}(?:\.[0-9A-Za-z_-]+)*/g },
  { id: "StripeKey", regex: /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,}\b|\bwhsec_[0-9A-Za-z]{32,}\b/g },
  { id: "GoogleApiKey", regex: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { id: "TelegramBotToken", regex: /(?<![0-9])[0-9]{8,10}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g },
  { id: "AnthropicAdminKey", regex: /\bsk-ant-(?:admin|oat|sid)\d\d-[A-Za-z0-9_-]{60,}/g },
  { id: "OpenAiKey", regex: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|\bsk-[A-Za-z0-9]{48}\b/g },
  // The preset's SendGrid rule misses keys with '-' in the first part or more than one '-'/'_'.
  { id: "SendGridKey", regex: /(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g },
  {
    id: "PemPrivateKey",
    regex: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[ \t]*\r?\n(?:[A-Za-z0-9-]+:[^\n]*\n|[ \t]*\r?\n)*[ \t]*[A-Za-z0-9+/=]{40,}/g
  },
  {
    id: "HardcodedPassword",
    // name = "literal" in code, or NAME=value / name: value alone on a config line
    regex: new RegExp(
      String.raw`(?:^|[^A-Za-z0-9])["']?[A-Za-z0-9_.-]*${NAME}["']?\s*(?::=|=>|[:=])\s*(?:(["'\x60])([^"'\x60\s]{6,200})\1|([^\s"'\x60;,(){}<>\[\]]{8,200})\s*$)`,
      "gim"
    )
  }
]

const passwordValue = (m: RegExpMatchArray): { value: string; at: number } | undefined => {
  const quoted = m[2]
  const bare = m[3]
  const value = quoted ?? bare
  if (value === undefined) return undefined
  // A bare config value needs more than lowercase letters (`password: string`, `token: required`).
  if (bare !== undefined && /^[a-z_.]+$/.test(bare)) return undefined
  // YAML aliases and tags (`*anchor`, `!vault`) point elsewhere.
  if (bare !== undefined && /^[*&!]/.test(bare)) return undefined
  // Identifiers and paths, not literals: `token = config.token`, `secret: ./keys/dev`.
  if (bare !== undefined && /^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+$|^\.{0,2}\//.test(bare)) return undefined
  return { value, at: (m.index ?? 0) + m[0].lastIndexOf(value) }
}

const scan = (pattern: Pattern, source: SecretLintSourceCode): Array<{ range: readonly [number, number] }> => {
  const out: Array<{ range: readonly [number, number] }> = []
  for (const m of source.content.matchAll(pattern.regex)) {
    const hit = pattern.id === "HardcodedPassword"
      ? passwordValue(m)
      : { value: m[pattern.group ?? 0] ?? "", at: (m.index ?? 0) + m[0].lastIndexOf(m[pattern.group ?? 0] ?? "") }
    if (hit === undefined || isPlaceholder(hit.value)) continue
    out.push({ range: [hit.at, hit.at + hit.value.length] })
  }
  return out
}

const messages = Object.fromEntries(Object.keys(KINDS).map((id) => [id, { en: () => `found ${KINDS[id]!.replace(/_/g, " ")}` }]))

/** The extra rules as one secretlint rule. */
export const extraRules: SecretLintRuleCreator = {
  messages,
  meta: { id: "devserver/extra-secrets", type: "scanner", recommended: true, supportedContentTypes: ["text"] },
  create(context) {
    const t = context.createTranslator(messages)
    return {
      file(source) {
        for (const pattern of PATTERNS) {
          for (const { range } of scan(pattern, source)) context.report({ message: t(pattern.id as never), range })
        }
      }
    }
  }
}
