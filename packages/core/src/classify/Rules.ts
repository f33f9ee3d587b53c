/**
 * The built-in rules in the order they are tried. Most specific first: the agent CLIs' own failures
 * and resource exhaustion before anything a tool prints, compiler diagnostics before the test runner
 * or build wrapper that ran the compiler, and generic shell failures last.
 */
import { agentRules } from "./RulesAgent.js"
import { nodeRules } from "./RulesNode.js"
import { pythonRules } from "./RulesPython.js"
import type { Rule } from "./Rule.js"
import { systemRules } from "./RulesSystem.js"
import { vcsRules } from "./RulesVcs.js"

export const rules: ReadonlyArray<Rule> = [...agentRules, ...systemRules, ...vcsRules, ...pythonRules, ...nodeRules]
