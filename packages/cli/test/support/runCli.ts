/** Runs the built `devserver` binary against a given database, like a user at a shell. */
import { execa } from "execa"
import * as path from "node:path"

const bin = path.resolve(import.meta.dirname, "../../dist/bin.js")

export interface CliResult {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

export const runCli = async (
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  input?: string
): Promise<CliResult> => {
  const result = await execa(process.execPath, [bin, ...args], {
    env,
    reject: false,
    ...(input === undefined ? { stdin: "ignore" as const } : { input })
  })
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr }
}
