import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { scanText } from "../../src/preflight/SecretScan.js"
import { lookalikes, positives } from "./SecretCorpus.js"

describe("secret scan", () => {
  it.effect("corpus over 40 seeds: random bodies of every shape (rates printed)", () =>
    Effect.gen(function*() {
      let secrets = 0
      let looks = 0
      const missed: Array<string> = []
      const flagged: Array<string> = []
      for (let i = 1; i <= 40; i++) {
        for (const s of positives(i * 7919)) {
          secrets++
          if (!(yield* scanText(s.text, s.file)).some((f) => f.kind === s.kind)) missed.push(`${s.name}: ${s.text.slice(0, 40)}`)
        }
        for (const s of lookalikes(i * 104729)) {
          looks++
          if ((yield* scanText(s.text, s.file)).length > 0) flagged.push(`${s.name}: ${s.text.slice(0, 40)}`)
        }
      }
      console.log(`secret scan, 40 seeds: false negatives ${missed.length}/${secrets} (${(100 * missed.length / secrets).toFixed(2)} %), false positives ${flagged.length}/${looks} (${(100 * flagged.length / looks).toFixed(2)} %)`)
      if (missed.length + flagged.length > 0) console.log([...missed.map((m) => `missed ${m}`), ...flagged.map((f) => `flagged ${f}`)].join("\n"))
      expect(missed.length / secrets).toBeLessThanOrEqual(0.01)
      expect(flagged.length / looks).toBeLessThanOrEqual(0.02)
    }), 120_000)

  it.effect("corpus: every realistic fake secret is found with its kind; look-alikes pass (rates printed)", () =>
    Effect.gen(function*() {
      const pos = positives()
      const neg = lookalikes()
      const missed: Array<string> = []
      const flagged: Array<string> = []
      for (const s of pos) {
        const found = yield* scanText(s.text, s.file)
        if (!found.some((f) => f.kind === s.kind)) missed.push(`${s.name} → ${JSON.stringify(found.map((f) => f.kind))}`)
        for (const f of found) expect(f.masked).toMatch(/^[^*]{0,4}\*{4}$/)
      }
      for (const s of neg) {
        const found = yield* scanText(s.text, s.file)
        if (found.length > 0) flagged.push(`${s.name} → ${found.map((f) => f.rule).join(", ")}`)
      }
      const fn = missed.length / pos.length
      const fp = flagged.length / neg.length
      console.log(`secret scan corpus: ${pos.length} secrets, ${neg.length} look-alikes; false negatives ${missed.length}/${pos.length} (${(fn * 100).toFixed(1)} %), false positives ${flagged.length}/${neg.length} (${(fp * 100).toFixed(1)} %)`)
      // Built with knowledge of the rules, so the bar is strict: nothing missed, at most 1 in 20 flagged.
      expect(missed).toEqual([])
      expect(fp, flagged.join("; ")).toBeLessThanOrEqual(0.05)
    }))

  it.effect("line numbers map back to the file's own lines; a multi-line private key is reported at its header", () =>
    Effect.gen(function*() {
      const key = positives().find((s) => s.name === "rsa private key")!.text
      const text = ["const a = 1", key, 'DB_PASSWORD = "changeme"', "BOT=1234567890:AA" + "bCdEfGhIjKlMnOpQrStUvWxYz01234567"].join("\n")
      const lines = text.split("\n").map((_, i) => 100 + i * 2)
      const found = yield* scanText(text, "mixed.txt", lines)
      expect(found.map((f) => [f.line, f.kind])).toEqual([[102, "private_key"], [100 + 2 * (text.split("\n").length - 1), "telegram_bot_token"]])
    }))
})
