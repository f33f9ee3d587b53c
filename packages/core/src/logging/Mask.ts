/** Masking of known secret values in text that goes to a log, an event or a file. */

/** Replaces every occurrence of the given secret values in a line by `[redacted]`. */
export const masker = (secrets: ReadonlyArray<string>) => (line: string): string =>
  secrets.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join("[redacted]") : out), line)
