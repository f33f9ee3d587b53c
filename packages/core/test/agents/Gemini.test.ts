import { cliPath } from "../support/AgentClis.js"
import { scenarios } from "./scenarios.js"

scenarios({ vendor: "google", bin: cliPath("gemini"), mock: (f) => f.google })
