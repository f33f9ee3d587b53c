import type * as http from "node:http"

/** Headers on every response: no framing, no sniffing, no referrer, scripts and data from this origin only. */
export const securityHeaders = (res: http.ServerResponse) => {
  res.setHeader("x-content-type-options", "nosniff")
  res.setHeader("x-frame-options", "DENY")
  res.setHeader("referrer-policy", "no-referrer")
  res.setHeader(
    "content-security-policy",
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
  )
}
