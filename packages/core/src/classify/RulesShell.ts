/**
 * Generic shell failures: a missing command, a refused permission. Tried right after git's rules: a missing
 * command or a refused permission explains the errors a runtime prints about it (`spawn x ENOENT`).
 */
import type { Rule } from "./Rule.js"

export const shellRules: ReadonlyArray<Rule> = [
  {
    id: "npm/missing-script",
    class: "command_not_found",
    tool: "npm",
    match: /npm (?:error|ERR!) Missing script: "?(?<script>[^"\n]+)"?/,
    hint: "package.json has no \"{script}\" script: run an existing script (npm run lists them) or fix the repository's configured command."
  },
  {
    id: "shell/command-not-found",
    class: "command_not_found",
    tool: "shell",
    match: /: (?<command>[^\s:]+): command not found|^(?:\/bin\/)?(?:ba|z|da)?sh: (?:\d+: |line \d+: )?(?<command2>[^\s:]+): (?:command )?not found|^env: ['‘]?(?<command3>[^'‘’\s:]+)['’]?: No such file or directory|spawn (?<command4>\S+) ENOENT|zsh: command not found: /m,
    hint: "A command is not installed or not on PATH: use a command the project already has (its package scripts, its toolchain), or install the dev dependency; retrying will not install it."
  },
  {
    id: "shell/permission-denied",
    class: "permission_denied",
    tool: "shell",
    match: /Permission denied|EACCES|Operation not permitted|EPERM: operation not permitted/,
    hint: "The operation was refused by file permissions: write only inside the task's worktree, and run scripts with their interpreter (sh script.sh) instead of chmod or sudo."
  }
]
