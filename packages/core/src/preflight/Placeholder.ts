/**
 * Values that look like a secret's slot but hold no secret: documentation placeholders, environment
 * references, template variables, masked or repeated characters. A finding whose value is one of these
 * is dropped, so `password = "changeme"`, `${API_KEY}`, `xxxx` and `<your-token>` pass preflight.
 */

const WORDS = [
  "changeme", "change_me", "change-me", "placeholder", "example", "sample", "dummy", "redacted", "replace",
  "your_", "your-", "yourtoken", "yourpassword", "secret_here", "insert", "todo", "fixme", "notreal",
  "not-a-real", "fake", "test123", "password123", "passw0rd", "xxxxx", "<", ">", "****", "...", "…"
]

/** Whether `value` (the matched secret or an assigned value) is a placeholder rather than a secret. */
export const isPlaceholder = (value: string): boolean => {
  const v = value.trim().replace(/^["'`]|["'`]$/g, "")
  if (v === "") return true
  const lower = v.toLowerCase()
  if (WORDS.some((w) => lower.includes(w))) return true
  // A label, not a value: `"password": "Password"`, `token = "none"`.
  if (/^(pass(word|wd)?|pwd|secret|token|api[_-]?key|key|none|null|nil|undefined|true|false|required|optional)$/.test(lower)) return true
  // ${VAR}, $VAR, {{ var }}, %(var)s, %s, <%= var %>, @VAR@
  if (/\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*|\{\{[^}]*\}\}|%\([^)]*\)s|%s|<%=|@[A-Z_]+@/.test(v)) return true
  // process.env.X, os.environ["X"], getenv("X"), ENV["X"], System.getenv
  if (/process\.env|os\.environ|getenv|ENV\[|env\(|secrets\./i.test(v)) return true
  // One repeated character (xxxx, 0000, ----) or a run of x/X/* masking most of the value.
  if (/^(.)\1+$/.test(v)) return true
  if ((v.match(/[xX*]/g)?.length ?? 0) >= v.length / 2) return true
  return false
}
