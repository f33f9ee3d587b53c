/** The readable message of an API error (the server words its refusals for people). */
const dataCode = (error: unknown): string | undefined => (error as { data?: { code?: string } } | null)?.data?.code

/** The server does not offer this procedure (yet): pages show a quiet note instead of an error. */
export const missing = (error: unknown): boolean =>
  error instanceof Error && dataCode(error) === "NOT_FOUND" && /no procedure|no "(query|mutation|subscription)"/i.test(error.message)

export const errorText = (error: unknown): string => {
  if (missing(error)) return "Not available on this server yet."
  if (dataCode(error) === "UNAUTHORIZED") return "Log in to continue."
  if (error instanceof Error) return error.message
  return String(error)
}
