/**
 * List prices (USD per million input / output tokens) of the models the system LLM is commonly set
 * to. A model not listed has an unknown cost (null), never a guessed one.
 */
const PER_MILLION: ReadonlyArray<readonly [RegExp, number, number]> = [
  [/^claude-(opus-4|3-opus)/, 15, 75],
  [/^claude-(sonnet-4|3-7-sonnet|3-5-sonnet)/, 3, 15],
  [/^claude-(haiku-4|3-5-haiku)/, 0.8, 4],
  [/^gpt-5-mini/, 0.25, 2],
  [/^gpt-5-nano/, 0.05, 0.4],
  [/^gpt-5/, 1.25, 10],
  [/^gpt-4\.1-mini/, 0.4, 1.6],
  [/^gpt-4\.1/, 2, 8],
  [/^gpt-4o-mini/, 0.15, 0.6],
  [/^gpt-4o/, 2.5, 10],
  [/^gemini-2\.5-pro/, 1.25, 10],
  [/^gemini-2\.5-flash/, 0.3, 2.5],
  [/^glm-4\.6/, 0.6, 2.2]
]

/** The cost of a call, or null when the model's price or the token counts are unknown. */
export const costUsd = (model: string, inputTokens: number | null, outputTokens: number | null): number | null => {
  const price = PER_MILLION.find(([pattern]) => pattern.test(model))
  if (price === undefined || inputTokens === null || outputTokens === null) return null
  return (inputTokens * price[1] + outputTokens * price[2]) / 1_000_000
}
