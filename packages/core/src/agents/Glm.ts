/**
 * `glm`: Claude Code pointed at Zhipu's Anthropic-compatible endpoint, authenticated with
 * `ANTHROPIC_AUTH_TOKEN` (sent as `Authorization: Bearer`). Zhipu's coding plan is also a key, so the
 * key is passed for both billing modes; there is no CLI login to fall back on.
 */
import * as Claude from "./Claude.js"
import type { Cli, CliSettings } from "./Cli.js"

export const DEFAULT_BASE_URL = "https://open.bigmodel.cn/api/anthropic"

export const make = (settings: CliSettings): Cli =>
  Claude.make(
    { ...settings, baseUrl: settings.baseUrl ?? DEFAULT_BASE_URL },
    { vendor: "glm", auth: "ANTHROPIC_AUTH_TOKEN", keyAlways: true }
  )
