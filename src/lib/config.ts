/**
 * Finds and reads the user's configuration: cosmiconfig searches from the current folder
 * upward (s3.yaml, .s3rc..., package.json "s3"), or `--config PATH` names one file. The
 * seed's keys sit under a top-level `s3:` key. AWS_* environment variables override the file.
 */
import {existsSync, readFileSync, statSync} from 'node:fs'
import {ConfigError, type ConnectionOptions, validateOptions} from './options.js'
import {firstLine} from './text.js'

export const SEARCH_PLACES = [
  's3.yaml', 's3.yml', '.s3rc', '.s3rc.json', '.s3rc.yaml', '.s3rc.yml',
  's3.config.js', 's3.config.cjs', 's3.config.mjs', 'package.json',
]

export interface LoadedConfig {
  options: ConnectionOptions
  /** The file read, or null when everything came from the environment. */
  filepath: string | null
  /** Problems worth a warning that do not stop the work (a secret in a file others can read). */
  warnings: string[]
}

export interface LoadConfigOptions {
  /** An explicit file (`--config`): it must exist. */
  configPath?: string
  /** Where the upward search starts (default: the current folder). */
  cwd?: string
  env?: NodeJS.ProcessEnv
}

export async function loadConfig(opts: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const env = opts.env ?? process.env
  const found = await readConfigFile(opts)
  const where = found?.filepath ?? 'environment'
  const fromFile = found ? sectionOf(found.config, found.filepath) : {}
  const merged = {...fromFile, ...fromEnvironment(env)}
  if (!found && !merged.access_key_id) {
    throw new ConfigError(
      `no configuration found: no ${SEARCH_PLACES.slice(0, 2).join(' or ')} in ${opts.cwd ?? process.cwd()} or above; ` +
      'pass --config PATH or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY')
  }
  const options = validateOptions(merged, where)
  const warnings = found && 'secret_access_key' in fromFile ? exposureWarnings(found.filepath) : []
  return {options, filepath: found?.filepath ?? null, warnings}
}

/** A file holding a secret key that group or others may read (mode 0644, say) is worth a warning. */
function exposureWarnings(filepath: string): string[] {
  if (process.platform === 'win32') return []
  const mode = statSync(filepath, {throwIfNoEntry: false})?.mode ?? 0
  if ((mode & 0o044) === 0) return []
  return [`${filepath} holds a secret key and others can read it: run chmod 600 ${filepath}`]
}

async function readConfigFile(opts: LoadConfigOptions): Promise<{config: unknown; filepath: string} | null> {
  const {cosmiconfig} = await import('cosmiconfig')
  const explorer = cosmiconfig('s3', {searchPlaces: SEARCH_PLACES, packageProp: 's3', searchStrategy: 'global'})
  try {
    if (opts.configPath) {
      if (!existsSync(opts.configPath)) throw new ConfigError(`${opts.configPath}: config file not found`)
      const result = await explorer.load(opts.configPath)
      return {config: result?.config ?? null, filepath: opts.configPath}
    }
    const result = await explorer.search(opts.cwd)
    return result ? {config: result.config, filepath: result.filepath} : null
  } catch (error) {
    if (error instanceof ConfigError) throw error
    const file = opts.configPath ?? (error as {filepath?: string}).filepath ?? 'config'
    throw new ConfigError(`${file}: cannot parse: ${parseFailure(error, file)}`)
  }
}

/**
 * Why a config file did not parse, and where (line and column), without any excerpt of it:
 * parsers quote the offending line, which may hold the secret key.
 */
export function parseFailure(error: unknown, file: string): string {
  const e = error as {name?: string; reason?: string; mark?: {line: number; column: number}; message?: string}
  if (e.name === 'YAMLException' && e.reason) {
    return e.mark ? `${e.reason} at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : e.reason
  }
  // parse-json (cosmiconfig's JSON loader): "<reason> in JSON at position N while parsing '<excerpt>'".
  const json = String(e.message ?? '').match(/^(.*?) in JSON at position (\d+)/m)
  if (e.name === 'JSONError' && json) return `${json[1].trim()} at ${lineAndColumn(file, Number(json[2]))}`
  if (e.name === 'JSONError') return 'invalid JSON'
  // Other loaders (s3.config.js): drop cosmiconfig's "X Error in FILE:" line, keep the reason's first line.
  const lines = String(e.message ?? error).split('\n').filter((line) => !/ Error in .*:\s*$/.test(line))
  return firstLine(lines.join('\n')) || 'unknown error'
}

/** "line L, column C" of a character offset in a file (the file as read again; "position N" when it cannot be). */
function lineAndColumn(file: string, offset: number): string {
  try {
    const before = readFileSync(file, 'utf8').slice(0, offset).split('\n')
    return `line ${before.length}, column ${before[before.length - 1].length + 1}`
  } catch {
    return `position ${offset}`
  }
}

/** The `s3:` section of a file; package.json's "s3" property is that section already. */
function sectionOf(config: unknown, filepath: string): Record<string, unknown> {
  if (filepath.endsWith('package.json')) return (config ?? {}) as Record<string, unknown>
  if (typeof config !== 'object' || config === null || !('s3' in config)) {
    throw new ConfigError(`${filepath}: expected a top-level "s3:" key holding the settings`)
  }
  const section = (config as {s3: unknown}).s3
  if (typeof section !== 'object' || section === null) {
    throw new ConfigError(`${filepath}: "s3:" must hold a mapping of settings`)
  }
  return section as Record<string, unknown>
}

function fromEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {}
  const set = (key: string, ...names: string[]) => {
    const name = names.find((n) => env[n])
    if (name) out[key] = env[name] as string
  }
  set('access_key_id', 'AWS_ACCESS_KEY_ID')
  set('secret_access_key', 'AWS_SECRET_ACCESS_KEY')
  set('session_token', 'AWS_SESSION_TOKEN')
  set('region', 'AWS_REGION', 'AWS_DEFAULT_REGION')
  set('endpoint', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL')
  return out
}
