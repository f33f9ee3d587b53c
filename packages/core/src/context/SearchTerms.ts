/**
 * Turns free task text into a PostgreSQL `tsquery` that matches any of its words (OR), so a record
 * that shares some words with a task still ranks; stop words and punctuation are dropped by the
 * `english` configuration itself. Only letters and digits reach the query text, so no user input can
 * break its syntax.
 */
export const orQuery = (text: string, maxWords = 40): string | null => {
  const words = [...new Set(text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? [])].slice(0, maxWords)
  return words.length === 0 ? null : words.join(" | ")
}
