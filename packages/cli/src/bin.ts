#!/usr/bin/env node
/**
 * The `devserver` entry. `--version` is answered here without loading anything else; every other
 * command loads the CLI (and, lazily, only the modules that command uses).
 */
import { VERSION } from "./Version.js"

const args = process.argv.slice(2)
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) console.log(VERSION)
else await import("./Main.js")
