/**
 * The typed API client: queries and mutations batched over HTTP, subscriptions over SSE
 * (`httpSubscriptionLink`), which resumes a tracked stream from the last event id after a drop.
 */
import type { AppRouter } from "@devserver/server"
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client"
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server"

export type Outputs = inferRouterOutputs<AppRouter>
export type Inputs = inferRouterInputs<AppRouter>

/** A client for the API at `url` (same origin by default, so the session cookie goes along). */
export const makeClient = (url = "/trpc") =>
  createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url }),
        false: httpBatchLink({ url, maxURLLength: 4000 })
      })
    ]
  })

export type Client = ReturnType<typeof makeClient>

/** The app's one client. */
export const api: Client = makeClient()
