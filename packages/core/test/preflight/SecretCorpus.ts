/**
 * A corpus of realistic fake secrets (right prefixes, lengths and alphabets, random bodies from a
 * seeded generator, so no real secret and no literal key sits in this file) and of look-alikes that
 * must pass: placeholders, environment references, public keys, certificates, hashes, ids.
 */

// mulberry32: a small, well-mixed seeded generator
let seed = 0x5eed
const next = () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return (t ^ (t >>> 14)) >>> 0
}
const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[next() % alphabet.length]).join("")
const UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
const AN = `${UP}abcdefghijklmnopqrstuvwxyz0123456789`
const B64URL = `${AN}-_`
const B64 = `${AN}+/`
const HEX = "0123456789abcdef"

export interface Sample {
  readonly name: string
  readonly file: string
  readonly text: string
  /** The kind a scanner must report (positives only). */
  readonly kind?: string
}

const pem = (label: string, lines: number) =>
  [`-----BEGIN ${label}-----`, ...Array.from({ length: lines }, () => pick(B64, 64)), `${pick(B64, 20)}==`, `-----END ${label}-----`].join("\n")

/** Same seed, same corpus; other seeds give other random bodies of the same shapes. */
export const positives = (from = 0x5eed): ReadonlyArray<Sample> => (seed = from, [
  { name: "anthropic api key", file: "src/llm.ts", kind: "anthropic_key", text: `const key = "sk-ant-api03-${pick(B64URL, 93)}AA"` },
  { name: "anthropic key in .env style", file: "config/app.ini", kind: "anthropic_key", text: `ANTHROPIC_API_KEY=sk-ant-api03-${pick(B64URL, 93)}AA` },
  { name: "anthropic admin key", file: "ops/admin.py", kind: "anthropic_key", text: `ADMIN = "sk-ant-admin01-${pick(B64URL, 93)}AA"` },
  { name: "openai project key", file: "app.py", kind: "openai_key", text: `openai.api_key = "sk-proj-${pick(B64URL, 74)}T3BlbkFJ${pick(B64URL, 74)}"` },
  { name: "openai legacy key", file: "notebook.py", kind: "openai_key", text: `client = OpenAI(api_key="sk-${pick(AN, 20)}T3BlbkFJ${pick(AN, 20)}")` },
  { name: "openai project key without marker", file: "bot.js", kind: "openai_key", text: `const OPENAI = 'sk-proj-${pick(B64URL, 120)}'` },
  { name: "aws access key id", file: "deploy.sh", kind: "aws_access_key", text: `export AWS_ACCESS_KEY_ID=AKIA${pick(`${UP}234567`, 16)}` },
  { name: "aws secret access key", file: "credentials.txt", kind: "aws_secret_key", text: `aws_secret_access_key = ${pick(B64, 40)}` },
  { name: "github classic token", file: "ci.yml", kind: "github_token", text: `  token: ghp_${pick(AN, 36)}` },
  { name: "github fine-grained token", file: "scripts/release.ts", kind: "github_token", text: `const gh = "github_pat_${pick(AN, 22)}_${pick(AN, 59)}"` },
  { name: "github app token", file: "action.js", kind: "github_token", text: `auth: "ghs_${pick(AN, 36)}",` },
  { name: "gitlab token", file: ".gitlab-ci.yml", kind: "gitlab_token", text: `  GITLAB_TOKEN: glpat-${pick(B64URL, 20)}` },
  { name: "slack bot token", file: "notify.go", kind: "slack_token", text: `token := "xoxb-${pick("0123456789", 12)}-${pick("0123456789", 13)}-${pick(AN, 24)}"` },
  { name: "slack webhook", file: "alerts.py", kind: "slack_webhook", text: `HOOK = "https://hooks.slack.com/services/T${pick(UP, 8)}/B${pick(UP, 10)}/${pick(AN, 24)}"` },
  { name: "google api key", file: "maps.js", kind: "google_api_key", text: `const MAPS_KEY = "AIza${pick(B64URL, 35)}";` },
  { name: "stripe live secret key", file: "billing.rb", kind: "stripe_key", text: `Stripe.api_key = "sk_live_${pick(AN, 24)}"` },
  { name: "stripe restricted key", file: "billing.ts", kind: "stripe_key", text: `stripe(\`rk_live_${pick(AN, 99)}\`)` },
  { name: "telegram bot token", file: "bot/config.py", kind: "telegram_bot_token", text: `BOT_TOKEN = "${pick("123456789", 10)}:AA${pick(B64URL, 33)}"` },
  { name: "telegram token in url", file: "notify.sh", kind: "telegram_bot_token", text: `curl https://api.telegram.org/bot${pick("123456789", 9)}:AA${pick(B64URL, 33)}/sendMessage` },
  { name: "rsa private key", file: "deploy/key.txt", kind: "private_key", text: pem("RSA PRIVATE KEY", 10) },
  { name: "pkcs8 private key", file: "tls/server.txt", kind: "private_key", text: pem("PRIVATE KEY", 6) },
  { name: "openssh private key", file: "id.txt", kind: "private_key", text: pem("OPENSSH PRIVATE KEY", 5) },
  { name: "ec private key (short)", file: "ec.txt", kind: "private_key", text: pem("EC PRIVATE KEY", 1) },
  { name: "encrypted private key", file: "enc.txt", kind: "private_key", text: pem("ENCRYPTED PRIVATE KEY", 8) },
  { name: "password in code", file: "src/db.ts", kind: "password", text: `const password = "Tr0ub4dor&${pick(AN, 4)}"` },
  { name: "password in .env", file: "config/dev.env", kind: "password", text: `DB_PASSWORD=h${pick(AN, 10)}7!` },
  { name: "password in yaml", file: "docker-compose.yml", kind: "password", text: `      POSTGRES_PASSWORD: S3cure-${pick(AN, 8)}` },
  { name: "api key in json", file: "settings.json", kind: "password", text: `  "api_key": "${pick(HEX, 32)}",` },
  { name: "client secret in python", file: "oauth.py", kind: "password", text: `CLIENT_SECRET = '${pick(AN, 30)}'` },
  { name: "database url with password", file: "knexfile.js", kind: "database_url", text: `connection: "postgres://admin:${pick(AN, 12)}@db.internal:5432/app"` },
  { name: "npm token", file: ".npmrc", kind: "npm_token", text: `//registry.npmjs.org/:_authToken=npm_${pick(AN, 36)}` },
  { name: "sendgrid key", file: "mail.php", kind: "sendgrid_key", text: `$key = "SG.${pick(B64URL, 22)}.${pick(B64URL, 43)}";` }
])

export const lookalikes = (from = 0x10c4): ReadonlyArray<Sample> => (seed = from, [
  { name: "changeme password", file: "config.py", text: `password = "changeme"` },
  { name: "env reference", file: ".env.example", text: "API_KEY=${API_KEY}" },
  { name: "compose env reference", file: "docker-compose.yml", text: "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}" },
  { name: "xxxx token", file: "README.md", text: `api_key = "xxxx"` },
  { name: "angle-bracket placeholder", file: "docs/setup.md", text: "token: <your-token>" },
  { name: "your-api-key", file: "docs/setup.md", text: `export OPENAI_API_KEY="your-api-key-here"` },
  { name: "masked key", file: "docs/setup.md", text: `ANTHROPIC_API_KEY=sk-ant-api03-****************` },
  { name: "empty password", file: "settings.py", text: `PASSWORD = ""` },
  { name: "typed field", file: "src/types.ts", text: "  password: string" },
  { name: "redacted field", file: "src/types.ts", text: "  readonly token: Redacted.Redacted<string>" },
  { name: "process.env", file: "src/config.ts", text: "const password = process.env.DB_PASSWORD" },
  { name: "python environ", file: "settings.py", text: `SECRET_KEY = os.environ["SECRET_KEY"]` },
  { name: "function call", file: "auth.ts", text: "const token = await getToken(user)" },
  { name: "property read", file: "client.ts", text: "  apiKey: config.apiKey," },
  { name: "ui message", file: "form.tsx", text: `errors.password = "Password must have 8 characters"` },
  { name: "i18n key", file: "en.json", text: `  "password": "Password",` },
  { name: "token type", file: "oauth.ts", text: `token_type = "bearer"` },
  { name: "public key", file: "keys/deploy.pub", text: pem("PUBLIC KEY", 6) },
  { name: "certificate", file: "tls/ca.crt", text: pem("CERTIFICATE", 12) },
  { name: "ssh public key", file: "authorized_keys", text: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${pick(B64, 43)} ci@example.com` },
  { name: "documented private key header", file: "docs/tls.md", text: "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----" },
  { name: "aws documentation key", file: "docs/aws.md", text: "aws_access_key_id = AKIAIOSFODNN7EXAMPLE" },
  { name: "git commit sha", file: "CHANGELOG.md", text: `Fixed in ${pick(HEX, 40)}.` },
  { name: "uuid", file: "fixtures.json", text: `{ "id": "${pick(HEX, 8)}-${pick(HEX, 4)}-4${pick(HEX, 3)}-a${pick(HEX, 3)}-${pick(HEX, 12)}" }` },
  { name: "lockfile integrity", file: "package-lock.json", text: `      "integrity": "sha512-${pick(B64, 86)}==",` },
  { name: "time of day", file: "cron.txt", text: "run at 12:30:00 daily" },
  { name: "db url with env password", file: "config.ts", text: "url: `postgres://app:${process.env.PGPASSWORD}@localhost/app`" },
  { name: "db url placeholder", file: "README.md", text: "DATABASE_URL=postgres://user:password@localhost:5432/db" },
  { name: "bearer from env", file: "call.sh", text: `curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user` },
  { name: "secret file path", file: "app.yml", text: "secret: ./secrets/dev.key" },
  { name: "github token placeholder", file: "docs/ci.md", text: "GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX" },
  { name: "template variable", file: "deploy.yaml.j2", text: "password: {{ vault_db_password }}" },
  { name: "stripe docs", file: "docs/pay.md", text: "Set STRIPE_KEY to sk_live_... from the dashboard" },
  { name: "random base64 image", file: "logo.ts", text: `export const logo = "data:image/png;base64,${pick(B64, 120)}"` },
  { name: "version string", file: "package.json", text: `  "typescript": "5.9.3",` },
  { name: "telegram chat id", file: "bot.ts", text: "const chat = -1001234567890" },
  { name: "yaml alias", file: "config.yml", text: "  password: *default_db_password" },
  { name: "actions expression", file: ".github/workflows/ci.yml", text: "          token: ${{ secrets.GITHUB_TOKEN }}" },
  { name: "token endpoint", file: "oauth.py", text: `TOKEN_URL = "https://oauth2.example.org/token"` },
  { name: "k8s secret ref", file: "deploy.yaml", text: "            secretKeyRef: { name: db, key: password }" },
  { name: "min length setting", file: "policy.ts", text: "  passwordMinLength: 12," }
])
