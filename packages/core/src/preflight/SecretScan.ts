/**
 * The secret scanner: the secretlint recommended preset plus DevServer's extra rules (`Rules.ts`),
 * run over text that is about to leave the machine. A finding names the file, the line, the rule and
 * a kind (`aws_access_key`, `private_key`, …) and carries at most a masked prefix of the secret, never
 * the secret itself. Values that are placeholders (`Placeholder.ts`) are not findings.
 */
import { lintSource } from "@secretlint/core"
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend"
import { Effect, Schema } from "effect"
import { isPlaceholder } from "./Placeholder.js"
import { extraRules, KINDS } from "./Rules.js"

/** One secret found on one line. */
export const Finding = Schema.Struct({
  file: Schema.String,
  line: Schema.Int,
  rule: Schema.String,
  kind: Schema.String,
  /** The first characters of the secret followed by `****`; never more than 4 characters of it. */
  masked: Schema.String
})
export type Finding = typeof Finding.Type

const PRESET_KINDS: Record<string, string> = {
  AWSAccessKeyID: "aws_access_key",
  AWSSecretAccessKey: "aws_secret_key",
  GITHUB_TOKEN: "github_token",
  SLACK_TOKEN: "slack_token",
  IncomingWebhook: "slack_webhook",
  OPENAI_TOKEN: "openai_key",
  ANTHROPIC_API_KEY: "anthropic_key",
  LINEAR_API_TOKEN: "linear_token",
  OPS_TOKEN: "1password_token",
  SENDGRID_KEY: "sendgrid_key",
  SHOPIFY_KEY: "shopify_key",
  Npmrc_authToken: "npm_token",
  NPM_ACCESS_TOKEN: "npm_token",
  PackageJSON_xOauthToken: "npm_token",
  PrivateKeyJSON: "gcp_service_account",
  MongoDBConnection: "database_url",
  MySQLConnection: "database_url",
  PostgreSQLConnection: "database_url",
  PrivateKey: "private_key",
  BasicAuth: "basic_auth",
  NPM_TOKEN: "npm_token",
  GCPServiceAccountKey: "gcp_service_account"
}

const kindOf = (ruleId: string, messageId: string): string =>
  KINDS[messageId] ?? PRESET_KINDS[messageId] ??
    `${ruleId.replace(/^@secretlint\/secretlint-rule-/, "")}_${messageId}`.toLowerCase().replace(/[^a-z0-9]+/g, "_")

const config = {
  rules: [
    {
      id: "@secretlint/secretlint-rule-preset-recommend",
      rule: recommended,
      // Access key ids are scanned too; account ids identify, they do not authenticate.
      rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true }, allowMessageIds: ["AWSAccountID"] }]
    },
    { id: "devserver/extra-secrets", rule: extraRules }
  ]
}

/** The masked prefix of a secret: up to 4 characters, fewer for short values. */
export const mask = (secret: string): string => `${secret.slice(0, Math.min(4, Math.floor(secret.length / 4)))}****`

/** Line number (1-based) of each offset, from the offsets of line starts. */
const lineAt = (starts: ReadonlyArray<number>, offset: number) => {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid]! <= offset) lo = mid
    else hi = mid - 1
  }
  return lo + 1
}

/**
 * Scans `text` as if every line were an added line of `file`; `lineNumbers` maps the n-th line of
 * `text` to its real line number (default: itself). Findings are sorted by line, one per line, rule and kind.
 */
export const scanText = (text: string, file: string, lineNumbers?: ReadonlyArray<number>): Effect.Effect<ReadonlyArray<Finding>> =>
  Effect.promise(() =>
    lintSource({
      source: { content: text, filePath: file, contentType: "text" },
      options: { config, noPhysicFilePath: true }
    })
  ).pipe(
    Effect.map((result) => {
      const starts = [0]
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1)
      const seen = new Set<string>()
      const findings: Array<Finding> = []
      for (const m of result.messages) {
        const secret = text.slice(m.range[0], m.range[1])
        if (isPlaceholder(secret)) continue
        const n = lineAt(starts, m.range[0])
        const line = lineNumbers?.[n - 1] ?? n
        const kind = kindOf(m.ruleId, m.messageId)
        const key = `${line}\0${kind}`
        if (seen.has(key)) continue
        seen.add(key)
        const rule = m.ruleId === "devserver/extra-secrets" ? `devserver/${m.messageId}` : `${m.ruleId}/${m.messageId}`
        findings.push({ file, line, rule, kind, masked: mask(secret) })
      }
      // The generic password rule only speaks for lines no specific rule explained.
      const specific = new Set(findings.filter((f) => f.kind !== "password").map((f) => f.line))
      return findings.filter((f) => f.kind !== "password" || !specific.has(f.line)).sort((a, b) => a.line - b.line)
    })
  )
