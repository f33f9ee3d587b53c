import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { makeExtractor } from "../../src/repomap/Extract.js"
import { languageOfPath, languageOfShebang } from "../../src/repomap/Languages.js"
import * as TestRepo from "./TestRepo.js"

// The definitions a reader of each file would list: name and kind, in source order.
const golden: Record<string, { language: string; defs: ReadonlyArray<string> }> = {
  "shapes.ts": {
    language: "typescript",
    defs: [
      "interface Shape", "type ShapeKind", "enum Unit", "constant DEFAULT_UNIT", "class Circle", "method constructor",
      "method area", "class Polygon", "method sides", "function totalArea", "constant makeSquare", "class Geometry",
      "constant describe", "module Units", "function convert"
    ]
  },
  "Button.tsx": { language: "tsx", defs: ["interface ButtonProps", "function Button", "constant IconButton"] },
  "server.js": {
    language: "javascript",
    defs: ["constant http", "constant DEFAULT_PORT", "class Router", "method constructor", "method add", "method handle",
      "function createServer", "function healthCheck"]
  },
  "inventory.py": {
    language: "python",
    defs: ["variable MAX_ITEMS", "class Item", "function restock", "class Inventory", "function __init__", "function add",
      "function find", "function load_inventory"]
  },
  "store.go": {
    language: "go",
    defs: ["variable ErrNotFound", "constant DefaultCapacity", "type Store", "type Getter", "function NewStore", "method Get",
      "method Put"]
  },
  "lexer.rs": {
    language: "rust",
    defs: ["constant MAX_TOKEN_LEN", "enum Token", "class Lexer", "interface Tokenize", "function tokens", "function new",
      "function next_token", "function fmt", "type TokenStream", "module tests", "function token"]
  },
  "Account.java": {
    language: "java",
    defs: ["class Account", "method Account", "method deposit", "method getBalance", "interface Listener", "method onChange",
      "enum Status", "class Statement"]
  },
  "Ledger.kt": {
    language: "kotlin",
    defs: ["constant CURRENCY", "type Amount", "class Entry", "class Journal", "function record", "class Ledger", "function record",
      "function balance", "class LedgerFactory", "function empty", "function formatAmount"]
  },
  "OrderService.cs": {
    language: "csharp",
    defs: ["module Shop.Orders", "interface IOrderRepository", "method Find", "class Order", "enum OrderState", "class Money",
      "type OrderPlaced", "class OrderService", "method PlaceOrder", "method History"]
  },
  "cart.rb": {
    language: "ruby",
    defs: ["module Shop", "constant TAX_RATE", "class Cart", "method initialize", "method add", "method total", "method empty"]
  },
  "UserController.php": {
    language: "php",
    defs: ["module App\\Http", "constant MAX_PAGE", "interface Authorizer", "method allows", "interface Paginates", "method page",
      "class UserController", "method index", "method create", "function helper_format"]
  },
  "list.c": {
    language: "c",
    defs: ["constant LIST_MAX", "function LIST_EMPTY", "type node_t", "class node", "class list", "enum list_status",
      "variable list_count", "function list_new", "function list_push"]
  },
  "matrix.hpp": {
    language: "cpp",
    defs: ["module linalg", "class Matrix", "function Matrix", "method at", "method rows", "class Shape", "function identity",
      "type Vector"]
  },
  "deploy.sh": { language: "bash", defs: ["function log", "function build_release", "function sync_files"] },
  "schema.sql": { language: "sql", defs: ["type tasks", "type tasks_title_idx", "type open_tasks", "function touch_task"] }
}

const extractAll = Effect.promise(async () => {
  const extractor = await makeExtractor()
  const sources = TestRepo.languageFixtures()
  const out: Record<string, { language: string; via: string; defs: Array<string> }> = {}
  for (const [name, source] of Object.entries(sources)) {
    const language = languageOfPath(name)!
    await extractor.load([language])
    const tags = extractor.extract(name, language, source)
    out[name] = { language: tags.language, via: tags.via, defs: tags.defs.map((d) => `${d.kind} ${d.name}`) }
  }
  extractor.dispose()
  return out
})

describe("Extract", () => {
  it.effect("finds the expected definitions in a real source file of each language", () =>
    Effect.gen(function* () {
      const found = yield* extractAll
      assert.deepStrictEqual(Object.keys(found).sort(), Object.keys(golden).sort())
      for (const [name, expected] of Object.entries(golden)) {
        assert.strictEqual(found[name]!.language, expected.language, name)
        assert.strictEqual(found[name]!.via, expected.language === "sql" ? "regex" : "tree-sitter", name)
        assert.deepStrictEqual(found[name]!.defs, expected.defs, name)
      }
    }))

  it.effect("keeps the definitions of a file with syntax errors", () =>
    Effect.promise(async () => {
      const extractor = await makeExtractor()
      const language = languageOfPath("broken.ts")!
      await extractor.load([language])
      const source = [
        "export class Parser {",
        "  parse(text: string) {",
        "    if (text.length > 0 {", // missing parenthesis
        "      return text",
        "  }",
        "}",
        "export function tokenize(text: string): string[] { return text.split(' ') }",
        "export interface Token { readonly kind: string"
      ].join("\n")
      const names = extractor.extract("broken.ts", language, source).defs.map((d) => d.name)
      extractor.dispose()
      assert.includeMembers(names, ["Parser", "tokenize", "Token"])
    }))

  it.effect("falls back to regexes when a grammar does not load", () =>
    Effect.promise(async () => {
      const extractor = await makeExtractor()
      const python = { id: "python", grammar: { pkg: "tree-sitter-wasms", file: "out/tree-sitter-missing.wasm" } } as const
      await extractor.load([python])
      const tags = extractor.extract("inventory.py", python, TestRepo.languageFixtures()["inventory.py"]!)
      extractor.dispose()
      assert.strictEqual(tags.via, "regex")
      assert.includeMembers(tags.defs.map((d) => d.name), ["Item", "restock", "Inventory", "load_inventory", "MAX_ITEMS"])
    }))

  it("knows scripts without an extension by their #! line", () => {
    assert.strictEqual(languageOfShebang("#!/usr/bin/env bash")?.id, "bash")
    assert.strictEqual(languageOfShebang("#!/usr/bin/python3")?.id, "python")
    assert.strictEqual(languageOfShebang("no shebang"), undefined)
  })
})
