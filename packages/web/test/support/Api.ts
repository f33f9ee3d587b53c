/** A tRPC client for scripts and tests in Node (the browser's own client is the app's). */
import type { AppRouter } from "@devserver/server"
import { createTRPCClient, httpBatchLink } from "@trpc/client"

export const makeApi = (url: string) => createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${url}trpc` })] })
export type Api = ReturnType<typeof makeApi>

/** Waits until `check` holds (polling is fine in a test's own waits, not in the app). */
export const eventually = async <A>(check: () => Promise<A | undefined | false>, timeoutMs = 30_000, what = "condition"): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
