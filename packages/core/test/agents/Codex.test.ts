import { cliPath } from "../support/AgentClis.js"
import { scenarios } from "./scenarios.js"

scenarios({ vendor: "openai", bin: cliPath("codex"), mock: (f) => f.openai })
