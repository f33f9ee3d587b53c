/**
 * Files that must never be delivered whatever they contain: environment files, credential stores and
 * private key files. Templates of environment files (`.env.example`, `.env.sample`, `.env.template`)
 * are documentation and pass; their contents still go through the secret scan.
 */
import * as path from "node:path"

const NAMES = new Set([
  ".env", ".netrc", "_netrc", ".pgpass", ".htpasswd", ".git-credentials", "credentials", "credentials.json",
  "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "secrets.yml", "secrets.yaml", ".secrets"
])
const EXTENSIONS = new Set([".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk", ".kdbx"])
const TEMPLATES = /\.(example|sample|template|dist|defaults?)$/

/** Why `file` is forbidden, or undefined when it may be delivered. */
export const forbiddenReason = (file: string): string | undefined => {
  const base = path.posix.basename(file).toLowerCase()
  if (base === ".env" || (base.startsWith(".env.") && !TEMPLATES.test(base))) return "environment file"
  if (base.endsWith(".env") && !TEMPLATES.test(base)) return "environment file"
  if (NAMES.has(base)) return base.startsWith("id_") ? "private key file" : "credential file"
  if (/^service[-_]?account.*\.json$/.test(base)) return "credential file"
  if (EXTENSIONS.has(path.posix.extname(base))) return "private key or keystore file"
  return undefined
}
