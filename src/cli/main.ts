/**
 * The CLI's start, called by bin/run.js once the compile cache is on: argv through argv.ts,
 * then oclif's run; oclif's own errors through oclif-error.ts.
 *
 * oclif is imported by its parts, not from '@oclif/core': its index checks Node's version
 * against oclif's engines with semver (47 modules, read on every start), a check our own
 * `engines` (Node >= 20) makes moot.
 */
import {Config} from '@oclif/core/config'
import {run} from '@oclif/core/run'
import {settings} from '@oclif/core/settings'
import {commandLineOf, normalizeArgv} from './argv.js'

// Plugins ship compiled JavaScript: never try to transpile a linked plugin's TypeScript
// (and never warn about it on every run).
settings.enableAutoTranspile = false

/** Runs the command line `argv`; `entry` is the URL of bin/run.js, from which oclif finds the package. */
export function main(argv: string[], entry: string): Promise<void> {
  return start(argv, entry).catch(async (error) => {
    // The one place for errors our commands did not report themselves (oclif's own commands).
    const {exitWith} = await import('./oclif-error.js')
    exitWith(error)
  })
}

async function start(argv: string[], entry: string): Promise<void> {
  // One word has nothing to move or join: `s3 --help` and `s3 --version` start as fast as ever.
  if (argv.length < 2) return void await run(argv, entry)
  // oclif's Config knows every command id, plugins' too; the argv step needs them before oclif
  // reads argv (global options before the command, `s3 object put`: see argv.ts).
  const config = await Config.load(entry)
  const {S3Command} = await import('../base-command.js')
  await run(normalizeArgv(argv, commandLineOf(config, S3Command.baseFlags)), config)
}
