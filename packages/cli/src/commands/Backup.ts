import { Command } from "@effect/cli"
import { Console, Effect } from "effect"
import { appLayer } from "../Config.js"
import * as Flags from "../Flags.js"
import { load } from "../Lazy.js"
import * as Progress from "../Progress.js"

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`)

export const backup = Command.make("backup", { file: Flags.text("file", "The archive to write (must not exist yet).") }, ({ file }) =>
  Effect.gen(function*() {
    const { backup } = yield* load(() => import("@devserver/core/ops/Backup"))
    const done = yield* Progress.around("writing the backup", backup(file))
    yield* Console.log(`backed up ${done.tables} tables (${done.rows} rows) and ${done.files} files to ${done.file} (${size(done.bytes)})`)
    yield* Console.log("repo tokens in it stay encrypted: keep the secret key (DEVSERVER_SECRET_KEY or <data folder>/secret.key) to restore them")
  })).pipe(
  Command.withDescription("Write the database, artifacts and logs to one archive; safe while DevServer runs."),
  Command.provide(appLayer)
)

export const restore = Command.make("restore", { file: Flags.text("file", "An archive written by devserver backup.") }, ({ file }) =>
  Effect.gen(function*() {
    const { restore } = yield* load(() => import("@devserver/core/ops/Restore"))
    const done = yield* Progress.around("restoring", restore(file))
    yield* Console.log(`restored ${done.tables} tables (${done.rows} rows) and ${done.files} files`)
  })).pipe(
  Command.withDescription("Restore an archive into an empty install (a non-empty one, or a damaged archive, is refused)."),
  Command.provide(appLayer)
)
