/**
 * oclif's Config, loaded without its warnings on stderr. oclif reports a plugin that fails to
 * load (a command that throws at import, a broken package) with `process.emitWarning`: an
 * 8-line block before every command, built-in ones too, after which the plugin's command is
 * merely "not found". An unreadable plugin folder (HOME pointing at a file) gets a 2-line Node
 * warning on every run. Here those warnings are held while the Config loads and become
 * records: the plugin's command then fails with `plugin X failed to load: REASON`, `s3 plugins`
 * warns in one line per plugin, and every other command stays quiet. With DEBUG set, oclif's
 * own warnings are printed as they were.
 */
import {Config} from '@oclif/core/config'
import {clip, firstLine} from '../lib/text.js'
import {ignoreLinkedManifests} from './linked-manifest.js'

export interface PluginFailure {
  /** The plugin's name, when oclif's warning says it. */
  plugin?: string
  /** The command ids that could not be loaded. */
  commands: string[]
  /** The first line of the error, shortened. */
  reason: string
}

export interface QuietConfig {
  config: Config
  /** Plugins, or commands of plugins, that failed to load. */
  failures: PluginFailure[]
  /** Why the plugin folder (the data dir) could not be read, when it could not (not when it is absent). */
  dataDirProblem?: string
}

type Warning = Error & {code?: string; detail?: string; path?: string}

/** Config.load(entry), oclif's warnings held and read. */
export async function loadConfigQuietly(entry: string): Promise<QuietConfig> {
  ignoreLinkedManifests()
  if (process.env.DEBUG) return {config: await Config.load(entry), failures: []}
  const held: Parameters<typeof process.emitWarning>[] = []
  const emitWarning = process.emitWarning
  process.emitWarning = ((...args: Parameters<typeof process.emitWarning>) => void held.push(args)) as typeof process.emitWarning
  let config: Config
  try {
    config = await Config.load(entry)
  } finally {
    process.emitWarning = emitWarning
  }
  const out: QuietConfig = {config, failures: []}
  for (const args of held) {
    const warning = [args[0], args[1]].find((a): a is Warning => a instanceof Error)
    if (!warning) {
      emitWarning.apply(process, args) // not oclif's report of a plugin: Node's usual warning
      continue
    }
    const reason = clip(firstLine(warning.message) || warning.name, 200)
    if (warning.code && warning.path?.startsWith(config.dataDir)) {
      out.dataDirProblem = reason
      continue
    }
    const detail = warning.detail ?? ''
    // oclif names the CLI itself when a whole plugin failed (its package, its folder): no name then.
    const named = /^plugin: (.+)$/m.exec(detail)?.[1]
    const plugin = named === config.name ? undefined : named
    const command = /^task: findCommand \((.+)\)$/m.exec(detail)?.[1]
    const known = out.failures.find((f) => f.plugin !== undefined && f.plugin === plugin && f.reason === reason)
    if (known && command) known.commands.push(command)
    else out.failures.push({plugin, commands: command ? [command] : [], reason})
  }
  return out
}

/** The one line for a plugin's failure: "plugin s3-plugin-du failed to load: REASON". */
export function failureLine(failure: PluginFailure): string {
  return failure.plugin ? `plugin ${failure.plugin} failed to load: ${failure.reason}` : `a plugin failed to load: ${failure.reason}`
}

/**
 * A command of a plugin, loaded before it runs: a plugin with a manifest lists its commands
 * without importing them, so an import that throws shows only now. The error is the one line
 * of a plugin that failed to load, with its exit code.
 */
export async function loadPluginCommand(config: Config, id: string, exitCode: number): Promise<void> {
  const command = config.findCommand(id)
  if (!command || command.pluginType === 'core') return
  try {
    await command.load()
  } catch (error) {
    const reason = clip(firstLine(String((error as Error)?.message ?? error)) || 'unknown error', 200)
    throw pluginError(failureLine({plugin: command.pluginName, commands: [id], reason}), exitCode)
  }
}

/** An error reported as `s3: error: LINE` with this exit code (see oclif-error.ts). */
export function pluginError(line: string, exitCode: number): Error {
  return Object.assign(new Error(line), {oclif: {exit: exitCode}})
}

/** The failure of a plugin that provides the command `id` (colons or spaces), if one failed to load it. */
export function failureOfCommand(failures: PluginFailure[], id: string): PluginFailure | undefined {
  const wanted = id.replaceAll(' ', ':')
  return failures.find((f) => f.commands.includes(wanted))
}
