import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import type { AgentEvent } from "../../src/agents/AgentBackend.js"
import * as Throttle from "../../src/agents/Throttle.js"

const message = (text: string): AgentEvent => ({ type: "agent_message", text })
const tool = (i: number): AgentEvent => ({ type: "agent_tool_use", tool: "Bash", summary: `echo ${i}` })

describe("Throttle", () => {
  it("merges consecutive messages, cuts long texts and caps a batch with a count of what was left out", () => {
    const out = Throttle.batch([message("a"), message("b"), tool(1), message("x".repeat(50)), ...Array.from({ length: 30 }, (_, i) => tool(i))], 10, 20)
    assert.deepStrictEqual(out[0], message("a\nb"))
    assert.deepStrictEqual(out[1], tool(1))
    const third = out[2]!
    assert.strictEqual(third.type === "agent_message" ? third.text.length : 0, 20)
    assert.strictEqual(out.length, 10)
    assert.deepStrictEqual(out[9], { type: "log_line", stream: "system", line: "24 more agent events not shown here (see the run log)" })
  })

  it.live("a chatty agent's burst reaches the sink as a few writes, and what is queued at close is still delivered", () =>
    Effect.gen(function*() {
      const delivered: Array<AgentEvent> = []
      const throttle = yield* Throttle.make((e) => Effect.sync(() => void delivered.push(e)), { intervalMs: 50 })
      for (let i = 0; i < 500; i++) yield* throttle.offer(message(`chunk ${i}`))
      yield* throttle.offer(tool(1))
      yield* throttle.close
      yield* throttle.offer(tool(2)) // after close: dropped
      assert.isAtMost(delivered.length, 6)
      const text = delivered.flatMap((e) => (e.type === "agent_message" ? [e.text] : [])).join("\n")
      assert.include(text, "chunk 0")
      assert.deepStrictEqual(delivered.at(-1), tool(1))
    }).pipe(Effect.scoped))
})
