/**
 * Which actions an agent may take on its own and which need a person first: data rules over the
 * action's text (a shell command, a tool call summary), most specific first. Side effects beyond the
 * worktree block: publishing, deploying, spending money, sending messages, pushing or deleting
 * remote state, destroying data outside the worktree. Everything else is allowed.
 */
export interface DecisionRule {
  readonly id: string
  readonly pattern: RegExp
  /** Why a person must decide, shown with the decision. */
  readonly why: string
}

export const rules: ReadonlyArray<DecisionRule> = [
  { id: "publish.package", pattern: /\b(npm|pnpm|yarn)\s+publish\b|\bcargo\s+publish\b|\btwine\s+upload\b|\bgem\s+push\b|\bdotnet\s+nuget\s+push\b|\bmvn\b.*\bdeploy\b/, why: "publishes a package to a public registry" },
  { id: "git.remote", pattern: /\bgit\s+push\b|\bgit\s+remote\s+(add|set-url|remove)\b|\bgh\s+(pr|release|repo)\s+(create|merge|delete)\b/, why: "changes a remote repository (delivery is DevServer's job)" },
  { id: "deploy", pattern: /\b(kubectl\s+(apply|delete|rollout)|helm\s+(install|upgrade|uninstall)|terraform\s+(apply|destroy)|vercel\s+(--prod|deploy)|fly\s+deploy|serverless\s+deploy|docker\s+push)\b/, why: "deploys or changes infrastructure" },
  { id: "cloud.mutation", pattern: /\b(aws|gcloud|az)\s+\S+\s+(create|delete|put|update|deploy|rm|terminate)/, why: "changes cloud resources (may cost money)" },
  { id: "payment", pattern: /\bstripe\s+\S+\s+(create|update|delete)\b|api\.stripe\.com|\bpaypal\b.*\b(payment|payout)/i, why: "moves money" },
  { id: "message.send", pattern: /\b(sendmail|mailx?|mutt)\b|api\.telegram\.org\/bot|hooks\.slack\.com|discord(app)?\.com\/api\/webhooks|api\.twilio\.com|smtp\./i, why: "sends a message to people" },
  { id: "http.mutation", pattern: /\bcurl\b[^|;&]*(-X\s*(POST|PUT|PATCH|DELETE)|--data|-d\s)|\bhttp\s+(POST|PUT|PATCH|DELETE)\b|\bwget\b[^|;&]*--post/i, why: "writes to a remote service" },
  { id: "destroy.outside", pattern: /\brm\s+-[a-z]*r[a-z]*f?\s+(\/|~|\$HOME)(\s|$)|\bmkfs\b|\bdd\s+if=.*\bof=\/dev\//, why: "destroys data outside the worktree" },
  { id: "database.drop", pattern: /\b(drop\s+(database|schema)|truncate\s+table)\b.*\b(prod|production)\b|\bpsql\b.*(prod|production)/i, why: "changes a production database" }
]

export interface Verdict {
  readonly verdict: "allow" | "block"
  readonly rule: string | null
  readonly why: string | null
}

/** The verdict for an action the agent wants to take. */
export const judge = (action: string): Verdict => {
  const rule = rules.find((r) => r.pattern.test(action))
  return rule === undefined ? { verdict: "allow", rule: null, why: null } : { verdict: "block", rule: rule.id, why: rule.why }
}
