/** Reading remote mode from the command line and the environment, before any command runs. */
import { Effect, Exit, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import * as Mode from "../src/Mode.js"

const resolve = (args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  Effect.runSyncExit(Mode.resolve(Mode.extract(args, env), env))

const failure = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isFailure(exit) && exit.cause._tag === "Fail" ? (exit.cause.error as { message: string }).message : undefined

describe("Mode", () => {
  it("takes --server from anywhere before --, and --token-env only in remote mode (locally it is repo add's)", () => {
    expect(Mode.extract(["task", "list", "--server", "http://h:1", "--json"], {})).toEqual({ args: ["task", "list", "--json"], server: "http://h:1", tokenEnv: undefined })
    expect(Mode.extract(["--server=http://h:1", "--token-env", "T", "task", "list"], {})).toMatchObject({ args: ["task", "list"], tokenEnv: "T" })
    expect(Mode.extract(["repo", "add", "r", "--token-env", "FORGE"], {}).args).toEqual(["repo", "add", "r", "--token-env", "FORGE"])
    expect(Mode.extract(["task", "list", "--token-env", "T"], { DEVSERVER_SERVER: "http://h:1" })).toMatchObject({ args: ["task", "list"], tokenEnv: "T" })
    expect(Mode.extract(["task", "add", "--", "--server", "x"], {}).args).toEqual(["task", "add", "--", "--server", "x"])
  })

  it("is local without a server, remote with the base URL and a redacted token otherwise", () => {
    expect(resolve(["task", "list"])).toEqual(Exit.succeed({ _tag: "Local" }))
    const remote = resolve(["--server", "https://box.example:7420/devserver"], { DEVSERVER_TOKEN: " tok-123 " })
    expect(Exit.isSuccess(remote) && remote.value._tag === "Remote" && [remote.value.url, Redacted.value(remote.value.token!)])
      .toEqual(["https://box.example:7420/devserver/", "tok-123"])
    expect(String(Exit.isSuccess(remote) && remote.value._tag === "Remote" && remote.value.token)).not.toContain("tok-123")
    const named = resolve(["--token-env", "MINE"], { DEVSERVER_SERVER: "http://h:1", MINE: "t2" })
    expect(Exit.isSuccess(named) && named.value._tag === "Remote" && Redacted.value(named.value.token!)).toBe("t2")
  })

  it.each([
    [["--server"], "--server needs a URL, e.g. --server http://build-box:7420"],
    [["--server", "box:7420"], "--server needs http:// or https:// in front (e.g. http://box:7420)"],
    [["--server", "ftp://box"], "--server must start with http:// or https:// (it starts with ftp://)"],
    [["--server", "http://me:secret@box"], "--server must not carry credentials; put the API token in DEVSERVER_TOKEN"],
    [["--server", "http://box", "--token-env", "UNSET_HERE"], "invalid tokenEnv: --token-env names UNSET_HERE, which is not set"]
  ])("refuses %j with one line", (args, message) => {
    expect(failure(resolve(args))).toBe(message)
  })

  it("refuses commands that need the database here", () => {
    expect(Exit.isSuccess(Effect.runSyncExit(Mode.allowRemote(["devserver", "task", "list"])))).toBe(true)
    expect(failure(Effect.runSyncExit(Mode.allowRemote(["devserver", "migrate"])))).toMatch(/^'devserver migrate' works only on the machine with the database/)
  })
})
