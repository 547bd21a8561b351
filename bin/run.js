#!/usr/bin/env node
import {Config, run, settings} from '@oclif/core'
import {commandLineOf, normalizeArgv} from '../dist/cli/argv.js'

// Plugins ship compiled JavaScript: never try to transpile a linked plugin's TypeScript
// (and never warn about it on every run).
settings.enableAutoTranspile = false

async function main() {
  const argv = process.argv.slice(2)
  // One word has nothing to move or join: `s3 --help` and `s3 --version` start as fast as ever.
  if (argv.length < 2) return run(argv, import.meta.url)
  // oclif's Config knows every command id, plugins' too; the argv step needs them before oclif
  // reads argv (global options before the command, `s3 object put`: see src/cli/argv.ts).
  const config = await Config.load(import.meta.url)
  const {S3Command} = await import('../dist/base-command.js')
  await run(normalizeArgv(argv, commandLineOf(config, S3Command.baseFlags)), config)
}

// No top-level await: with stdout closed early (`s3 --help | head -1`) a write may never
// settle, and Node would then exit 13 instead of the command's own code.
main().catch(async (error) => {
  // The one place for errors our commands did not report themselves (oclif's own commands).
  const {exitWith} = await import('../dist/cli/oclif-error.js')
  exitWith(error)
})
