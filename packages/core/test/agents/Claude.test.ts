import { cliPath } from "../support/AgentClis.js"
import { scenarios } from "./scenarios.js"

scenarios({ vendor: "anthropic", bin: cliPath("claude"), mock: (f) => f.anthropic })
