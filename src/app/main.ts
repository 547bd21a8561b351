/**
 * The CLI's start, the one entry of both bins: bin/run.js (the built CLI, once the compile
 * cache is on) and bin/dev.js (the TypeScript sources through tsx). argv through argv.ts, then
 * oclif's run; oclif's own errors through oclif-error.ts.
 *
 * oclif is imported by its parts, not from '@oclif/core': its index checks Node's version
 * against oclif's engines with semver (47 modules, read on every start), a check our own
 * `engines` (Node >= 20) makes moot.
 */
import {run} from '@oclif/core/run'
import {settings} from '@oclif/core/settings'
import {EXIT} from '../exit-codes.js'
import {commandLineOf, missingCommand, normalizeArgv, optionMissingValue} from './argv.js'
import {noteTypedCommand} from '../cli/original-forms.js'
import {failureLine, failureOfCommand, loadConfigQuietly, loadPluginCommand, pluginError, type QuietConfig} from './plugin-failures.js'
import {missingCommandMessage, missingValueMessage} from './usage.js'

export interface EntryOptions {
  /**
   * bin/dev.js: commands, hooks and help are read from src/ (oclif maps dist/ to src/ by
   * tsconfig.json, tsx compiles them), not from a build that may be stale or absent.
   */
  development?: boolean
}

/** Runs the command line `argv`; `entry` is the URL of the bin, from which oclif finds the package. */
export function main(argv: string[], entry: string, {development = false}: EntryOptions = {}): Promise<void> {
  useSources(development)
  return start(argv, entry).catch(async (error) => {
    // The one place for errors our commands did not report themselves (oclif's own commands).
    const {exitWith} = await import('./oclif-error.js')
    exitWith(error)
  })
}

function useSources(development: boolean): void {
  // The build: plugins ship compiled JavaScript, so never try to transpile a linked plugin's
  // TypeScript (and never warn about it on every run). bin/dev.js: oclif maps dist/ paths to
  // src/ (tsconfig.json's outDir and rootDir), which tsx compiles; set here rather than by
  // NODE_ENV=development, which would add oclif's development-only warnings to the output.
  settings.enableAutoTranspile = development
}

async function start(argv: string[], entry: string): Promise<void> {
  // oclif's Config knows every command id, plugins' too (loaded without oclif's warnings about
  // broken plugins: see plugin-failures.ts).
  const loaded = await loadConfigQuietly(entry)
  const {config} = loaded
  // One word has nothing to move or join: `s3 --help` and `s3 --version` start as fast as ever.
  if (argv.length < 2 && !isLoneOption(argv[0])) {
    noteTypedCommand(argv[0])
    await checkPlugins(loaded, argv[0])
    return void await run(argv, config)
  }
  // The argv step needs the ids before oclif reads argv (global options before the command,
  // `s3 object put`: see argv.ts).
  const {S3Command} = await import('../base-command.js')
  const line = commandLineOf(config, S3Command.baseFlags)
  const lacking = optionMissingValue(argv, line)
  if (lacking) return reportUsage(missingValueMessage(config.bin, S3Command.baseFlags, lacking))
  if (missingCommand(argv, line)) return reportUsage(missingCommandMessage(config.bin, S3Command.baseFlags))
  const normalized = normalizeArgv(argv, line)
  noteTypedCommand(normalized[0])
  await checkPlugins(loaded, normalized[0])
  await run(normalized, config)
}

/** `s3 -v`: an option alone, which may be a global one with no command after it (not --help, --version). */
function isLoneOption(token: string | undefined): boolean {
  return token !== undefined && token.startsWith('-') && !['--help', '-h', '--version'].includes(token)
}

/** Options and no command (`s3 -c s3.yaml`, `s3 --config`): the usage line and why, exit 2, as the original's argparse did. */
function reportUsage(message: string): void {
  process.stderr.write(message)
  process.exitCode = EXIT.USAGE
}

/**
 * What a broken plugin costs: its own command fails in one line (exit 11), the `plugins`
 * commands warn in one line per plugin, and every other command says nothing.
 */
async function checkPlugins({config, failures, dataDirProblem}: QuietConfig, id: string | undefined): Promise<void> {
  if (!id || id.startsWith('-')) return
  if (/^plugins(:|$)/.test(id)) {
    if (dataDirProblem) process.stderr.write(`s3: warning: cannot read the plugins folder ${config.dataDir}: ${dataDirProblem}\n`)
    for (const failure of failures) process.stderr.write(`s3: warning: ${failureLine(failure)}\n`)
    return
  }
  const failure = failureOfCommand(failures, id)
  if (failure && !config.findCommand(id.replaceAll(' ', ':'))) throw pluginError(failureLine(failure), EXIT.PLUGIN)
  await loadPluginCommand(config, id, EXIT.PLUGIN)
}
