import { describe, expect, it } from "@effect/vitest"
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Queue, Scope, Exit } from "effect"
import * as Notifications from "../../src/store/Notifications.js"
import * as TestDatabase from "../support/TestDatabase.js"

const layer = Notifications.layer.pipe(Layer.provideMerge(TestDatabase.layerEmpty))

/** The next payload, or "none" after three seconds. */
const next = (queue: Queue.Dequeue<string>) =>
  Queue.take(queue).pipe(Effect.timeoutTo({ duration: "3 seconds", onTimeout: () => "none", onSuccess: (p) => p }))

describe("Notifications", () => {
  {
    it.live("a subscriber that ends does not silence the others on the same channel", () =>
      Effect.gen(function*() {
        const notifications = yield* Notifications.Notifications
        const sql = yield* SqlClient.SqlClient
        const short = yield* Scope.make()
        const a = yield* Scope.extend(notifications.subscribe("devserver_test"), yield* Effect.scope)
        const b = yield* Scope.extend(notifications.subscribe("devserver_test"), short)
        yield* Effect.sleep("300 millis") // the channel's LISTEN is established once
        yield* sql`select pg_notify('devserver_test', 'one')`
        expect([yield* next(a), yield* next(b)]).toEqual(["one", "one"])
        yield* Scope.close(short, Exit.void)
        yield* Effect.sleep("200 millis")
        yield* sql`select pg_notify('devserver_test', 'two')`
        expect(yield* next(a)).toBe("two")
        const c = yield* Scope.extend(notifications.subscribe("devserver_test"), yield* Effect.scope)
        yield* sql`select pg_notify('devserver_test', 'three')`
        expect([yield* next(a), yield* next(c)]).toEqual(["three", "three"])
      }).pipe(Effect.scoped, Effect.provide(layer)))
  }
})
