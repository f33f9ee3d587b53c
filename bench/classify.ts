/**
 * Classifier benchmark: how long `Classifier.classify` takes on awkward inputs and on every fixture.
 *   npx tsx bench/classify.ts [--runs 200]
 * Inputs: empty, 200 KB of binary noise, a 1 MB log with the error at its end, a 50,000-line log with
 * the error in the middle (before the 12,000-character tail), a 1 MB line without spaces or newlines
 * (the regex worst case), and each fixture under packages/core/test/classify/fixtures. Prints the
 * median and the 99th percentile per input (after a warm-up), then the slowest fixtures.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { classify } from "../packages/core/src/classify/Classifier.js"

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 200
const fixtures = path.resolve(import.meta.dirname, "../packages/core/test/classify/fixtures")

const tscError = "src/total.ts(2,14): error TS2322: Type 'number' is not assignable to type 'string'.\n"
const noise = (lines: number) => Array.from({ length: lines }, (_, i) => `[build] compiled module ${i} of the bundle in 3ms\n`).join("")
const binary = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919 + 13) % 256)).toString("latin1")

const inputs: ReadonlyArray<readonly [string, string]> = [
  ["empty", ""],
  ["binary 200 KB", binary],
  ["1 MB log, error at the end", noise(21_000) + tscError],
  ["50,000 lines, error in the middle", noise(25_000) + tscError + noise(25_000)],
  ["1 MB single line, no spaces", "a(".repeat(500_000)]
]

const measure = (text: string) => {
  for (let i = 0; i < 20; i++) classify(text)
  const samples: Array<number> = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    classify(text)
    samples.push(performance.now() - started)
  }
  samples.sort((a, b) => a - b)
  return { median: samples[Math.floor(runs / 2)]!, p99: samples[Math.min(runs - 1, Math.floor(runs * 0.99))]! }
}

const ms = (n: number) => `${n.toFixed(3)} ms`
console.log(`| input | size | class | median | p99 |\n|---|---|---|---|---|`)
for (const [name, text] of inputs) {
  const { median, p99 } = measure(text)
  console.log(`| ${name} | ${(text.length / 1024).toFixed(0)} KB | ${classify(text).class} | ${ms(median)} | ${ms(p99)} |`)
}

const perFixture = fs.readdirSync(fixtures).filter((f) => f.endsWith(".txt")).map((file) => {
  const text = fs.readFileSync(path.join(fixtures, file), "utf8")
  return { file, ...measure(text.slice(text.indexOf("# ---\n") + 6)) }
}).sort((a, b) => b.median - a.median)
const medians = perFixture.map((f) => f.median).sort((a, b) => a - b)
console.log(`\n${perFixture.length} fixtures: median of medians ${ms(medians[Math.floor(medians.length / 2)]!)}, slowest:`)
for (const f of perFixture.slice(0, 5)) console.log(`  ${f.file}: median ${ms(f.median)}, p99 ${ms(f.p99)}`)
