/** Finds the JSON value in a model's answer: the whole text, a fenced block, or the first balanced object. */
export const extractJson = (text: string): unknown => {
  const attempts = [text.trim(), /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1]?.trim(), firstObject(text)]
  for (const candidate of attempts) {
    if (candidate === undefined || candidate === "") continue
    try {
      return JSON.parse(candidate)
    } catch {
      // try the next reading
    }
  }
  throw new Error("the answer holds no JSON object")
}

const firstObject = (text: string): string | undefined => {
  const start = text.indexOf("{")
  if (start < 0) return undefined
  let depth = 0
  let inString = false
  for (let i = start; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === "\\") i++
      else if (c === "\"") inString = false
    } else if (c === "\"") inString = true
    else if (c === "{") depth++
    else if (c === "}" && --depth === 0) return text.slice(start, i + 1)
  }
  return undefined
}
