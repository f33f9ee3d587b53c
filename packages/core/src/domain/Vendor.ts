import { Schema } from "effect"

/** Vendors shipped with DevServer. */
export const BuiltinVendor = Schema.Literal("anthropic", "glm", "google", "openai", "command")
export type BuiltinVendor = typeof BuiltinVendor.Type

/** A vendor id; custom vendors registered through the SDK use the same shape. */
export const Vendor = Schema.String.pipe(
  Schema.pattern(/^[a-z][a-z0-9-]{0,31}$/, { message: () => "a vendor is a lower-case id such as 'anthropic'" })
)

/** A model name as the vendor spells it (`claude-sonnet-4-5`, `gpt-5-codex`, `glm-4.6`). */
export const Model = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}$/, { message: () => "a model name has no spaces or shell characters" })
)

export const BillingMode = Schema.Literal("api", "subscription")
export type BillingMode = typeof BillingMode.Type
