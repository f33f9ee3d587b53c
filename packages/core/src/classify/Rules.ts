/**
 * The built-in rules in the order they are tried, most specific first: the agent CLIs' own failures
 * (their transcripts may quote any tool output), then resource exhaustion, kills, time limits and
 * crashes (they explain every error printed after them), git, missing commands and refused
 * permissions, then each toolchain's diagnostics (a compiler's before the test runner or package
 * script that ran it).
 */
import type { Rule } from "./Rule.js"
import { agentRules } from "./RulesAgent.js"
import { dotnetRules } from "./RulesDotnet.js"
import { goRules } from "./RulesGo.js"
import { jvmRules } from "./RulesJvm.js"
import { nativeRules, sanitizerRules } from "./RulesNative.js"
import { nodeRules } from "./RulesNode.js"
import { pythonRules } from "./RulesPython.js"
import { rustRules } from "./RulesRust.js"
import { shellRules } from "./RulesShell.js"
import { systemRules } from "./RulesSystem.js"
import { typeScriptRules } from "./RulesTypeScript.js"
import { vcsRules } from "./RulesVcs.js"

export const rules: ReadonlyArray<Rule> = [
  ...agentRules,
  ...systemRules,
  ...sanitizerRules,
  ...vcsRules,
  ...shellRules,
  ...typeScriptRules,
  ...pythonRules,
  ...nodeRules,
  ...rustRules,
  ...goRules,
  ...jvmRules,
  ...nativeRules,
  ...dotnetRules
]
