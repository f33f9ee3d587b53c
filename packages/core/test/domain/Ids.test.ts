import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { keyPrefix, RepoName, TaskKey } from "../../src/domain/Ids.js"

const decodeKey = Schema.decodeUnknownEither(TaskKey)

describe("TaskKey", () => {
  it("every accepted key is safe as a file name, a branch suffix and a shell word", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (raw) => {
        const decoded = decodeKey(raw)
        if (Either.isRight(decoded)) {
          expect(decoded.right).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/)
          expect(decoded.right).not.toContain("..")
          expect(decoded.right).not.toContain("/")
        }
      }),
      { numRuns: 2000 }
    )
  })

  it("refuses any key with a character outside letters, digits, - and _", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.constantFrom(" ", ".", "/", "\\", ";", "&", "|", "$", "`", "'", "\"", "\n", "~", "^", ":", "?", "*", "[", "@", "{"),
        fc.string({ maxLength: 20 }),
        (before, bad, after) => Either.isLeft(decodeKey(`A${before}${bad}${after}`))
      ),
      { numRuns: 1000 }
    )
  })

  it("generated-key prefixes are themselves valid key material", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (name) => {
        const decodedName = Schema.decodeUnknownEither(RepoName)(name)
        const key = `${keyPrefix(Either.isRight(decodedName) ? decodedName.right : null)}-12`
        return Either.isRight(decodeKey(key))
      })
    )
    expect(keyPrefix("api-server")).toBe("APISERVER")
    expect(keyPrefix(null)).toBe("TASK")
  })
})
