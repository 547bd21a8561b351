/**
 * Finds and reads the user's configuration, in layers, the more specific first. Each setting
 * comes from the first layer that has it:
 *
 *   1. command-line flags (--endpoint-url, --region, --no-sign-request, --no-verify-ssl; --profile
 *      lifts its AWS profile right below them)
 *   2. the file named with --config
 *   3. an s3.yaml (.s3rc...) found from the current folder upward (not with --config)
 *   4. environment variables (AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL, AWS_REGION...)
 *   5. the per-user file, ~/.config/s3/config.yaml (not with --config)
 *   6. the AWS shared files' profile (AWS_PROFILE, else default)
 *   7. the AWS SDK's credential chain (SSO, credential_process, container, instance...), credentials only
 *
 * Where requests go stays with who signs them (see `connectionLimits`): the keys (and their
 * token) come from one layer; the endpoint never from a layer below the keys' one; the region
 * never from a layer below the endpoint's one. So keys exported in the shell never meet the
 * endpoint of a project's s3.yaml that has its own keys, nor the reverse. The original's keys
 * sit under a top-level `s3:` key.
 */
import {existsSync, readFileSync, statSync} from 'node:fs'
import {homedir} from 'node:os'
import path from 'node:path'
import {type AwsProfile, readAwsProfile} from './aws-shared-files.js'
import {COSMICONFIG_YAML_LOADERS, exceedsValueLimit, MAX_CONFIG_VALUES, readYamlConfig, searchYamlConfig} from './config-files.js'
import {processTimeout} from './credential-process.js'
import {anonymousCredentials, credentialProcessProvider, type CredentialProvider, sdkCredentials, staticCredentials} from './credentials.js'
import {ConfigError, type ConnectionOptions, validateOptions} from './options.js'
import {firstLine} from '../text.js'
import {ValueError} from '../types.js'

export const SEARCH_PLACES = [
  's3.yaml', 's3.yml', '.s3rc', '.s3rc.json', '.s3rc.yaml', '.s3rc.yml',
  's3.config.js', 's3.config.cjs', 's3.config.mjs', 'package.json',
]

/** The per-user file's names, in the per-user folder (cosmiconfig's global search places). */
export const USER_PLACES = ['config', 'config.json', 'config.yaml', 'config.yml', 'config.js', 'config.cjs', 'config.mjs']

/** A setting of the effective configuration, or `credentials`. */
export type SettingName = keyof ConnectionOptions | 'credentials' | 'profile'

export interface LoadedConfig {
  /** The settings; the keys are absent when the credentials come from a provider or are none. */
  options: ConnectionOptions
  /** The s3 file read (--config, discovered or per-user), or null when none was. */
  filepath: string | null
  /** Problems worth a warning that do not stop the work (a secret in a file others can read, TLS checks off). */
  warnings: string[]
  /** Where each setting came from: a file path, "env AWS_REGION", "flag --region", "profile dev (~/.aws/config)". */
  sources: Partial<Record<SettingName, string>>
  /** What signs requests: the static keys of `options`, a provider, or nothing. */
  credentials: CredentialProvider
  /** The AWS profile in use, when one was read. */
  profile?: string
}

/** The command-line flags that are settings (layer 1). */
export interface ConfigFlags {
  profile?: string
  endpointUrl?: string
  region?: string
  /** Send requests unsigned: no credentials at all. */
  noSignRequest?: boolean
  /** Accept any TLS certificate. */
  noVerifySsl?: boolean
  /** Bytes per second for the whole command (`--limit-rate`): max_bandwidth. */
  maxBandwidth?: number
}

export interface LoadConfigOptions {
  /** An explicit file (`--config`): it must exist, and no other s3 file is searched for. */
  configPath?: string
  /** Where the upward search starts (default: the current folder). */
  cwd?: string
  env?: NodeJS.ProcessEnv
  flags?: ConfigFlags
}

interface Layer {
  values: Record<string, unknown>
  /** The source of every value of this layer, or of each one. */
  source: string | Record<string, string>
  /** A credentials provider this layer gives instead of keys. */
  credentials?: CredentialProvider
}

const KEY_NAMES = ['access_key_id', 'secret_access_key', 'session_token']

export async function loadConfig(opts: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const env = opts.env ?? process.env
  const flags = opts.flags ?? {}
  const files = await readConfigFiles(opts, env)
  const warnings: string[] = []
  const layers: Layer[] = [flagLayer(flags)]
  const profileName = flags.profile ?? env.AWS_PROFILE ?? 'default'
  const profile = readAwsProfile(profileName, env)
  if (flags.profile !== undefined) {
    if (!profile.found) throw new ConfigError(`profile "${flags.profile}" not found in ${profile.files.credentials} or ${profile.files.config}`)
    layers.push(profileLayer(profile, env, true, files))
  }
  if (files.explicit) layers.push(fileLayer(files.explicit, warnings))
  if (files.discovered) layers.push(fileLayer(files.discovered, warnings))
  layers.push(checkedLayer({values: fromEnvironment(env), source: envSources(env)}))
  if (files.user) layers.push(fileLayer(files.user, warnings))
  if (flags.profile === undefined) layers.push(profileLayer(profile, env, false, files))

  // Each layer was checked on its own, so a message names the file (or variable, or profile) at fault.
  const {options, sources, credentials} = mergeLayers(layers, flags)
  if (options.verify_ssl === false) warnings.push(`TLS certificate checks are off (${sources.verify_ssl}): anyone on the network path can read and change what is sent`)
  // A provider is asked now, so that "nothing found" is a configuration error before any request.
  if (credentials.current === undefined) await credentials()
  const filepath = (files.explicit ?? files.discovered ?? files.user)?.filepath ?? null
  const usedProfile = sources.credentials?.startsWith('profile') || sources.region?.startsWith('profile') || sources.endpoint?.startsWith('profile') ? profileName : undefined
  return {options, filepath, warnings, sources, credentials, profile: usedProfile}
}

/**
 * Layer by layer, the first value of each setting; the keys (with their token) from one layer
 * only; the endpoint and region within the limits `connectionLimits` sets.
 */
function mergeLayers(layers: Layer[], flags: ConfigFlags): {options: ConnectionOptions; sources: LoadedConfig['sources']; credentials: CredentialProvider} {
  const options: Record<string, unknown> = {}
  const sources: LoadedConfig['sources'] = {}
  const sourceOf = (layer: Layer, key: string) => typeof layer.source === 'string' ? layer.source : layer.source[key] ?? 'environment'
  const anonymous = Boolean(flags.noSignRequest)
  const limits = connectionLimits(layers.map((layer) => ({
    keys: !anonymous && Boolean(layer.values.access_key_id || layer.credentials),
    endpoint: layer.values.endpoint !== undefined,
  })))
  let credentials: CredentialProvider | undefined = anonymous ? anonymousCredentials : undefined
  if (credentials) sources.credentials = 'flag --no-sign-request'
  for (const [index, layer] of layers.entries()) {
    for (const [key, value] of Object.entries(layer.values)) {
      if (value === undefined || KEY_NAMES.includes(key) || Object.hasOwn(options, key)) continue
      if (index > (limits[key as keyof typeof limits] ?? Infinity)) continue
      options[key] = value
      sources[key as SettingName] = sourceOf(layer, key)
    }
    if (credentials) continue
    if (layer.values.access_key_id) {
      for (const key of KEY_NAMES) {
        if (layer.values[key] === undefined) continue
        options[key] = layer.values[key]
        sources[key as SettingName] = sourceOf(layer, key)
      }
      credentials = staticCredentials({
        accessKeyId: layer.values.access_key_id as string,
        secretAccessKey: layer.values.secret_access_key as string,
        sessionToken: layer.values.session_token as string | undefined,
      }, `static keys (${sourceOf(layer, 'access_key_id')})`)
      sources.credentials = sourceOf(layer, 'access_key_id')
    } else if (layer.credentials) {
      credentials = layer.credentials
      sources.credentials = layer.credentials.description
    }
  }
  return {options: options as unknown as ConnectionOptions, sources, credentials: credentials!}
}

/** What a layer says about the connection, for `connectionLimits`. */
export interface LayerSays {
  /** It gives the credentials: static keys or a provider. */
  keys: boolean
  endpoint: boolean
}

/**
 * The lowest layer (index, the most specific first) the endpoint and the region may come from:
 * the endpoint from the keys' layer or above (keys are never sent where a less specific source
 * points), the region from the endpoint's layer or above when a layer names an endpoint (a
 * server's region goes with it; without one, the region picks AWS's endpoint and may come from
 * anywhere, as aws-cli's does). Pure: layers in, limits out.
 */
export function connectionLimits(layers: readonly LayerSays[]): {endpoint: number; region: number} {
  const keys = layers.findIndex((layer) => layer.keys)
  const endpointLimit = keys === -1 ? Infinity : keys
  const endpoint = layers.findIndex((layer, index) => layer.endpoint && index <= endpointLimit)
  return {endpoint: endpointLimit, region: endpoint === -1 ? Infinity : endpoint}
}

function flagLayer(flags: ConfigFlags): Layer {
  const values: Record<string, unknown> = {endpoint: flags.endpointUrl, region: flags.region, max_bandwidth: flags.maxBandwidth}
  if (flags.noVerifySsl) values.verify_ssl = false
  const source = {endpoint: 'flag --endpoint-url', region: 'flag --region', verify_ssl: 'flag --no-verify-ssl', max_bandwidth: 'flag --limit-rate'}
  const layer = {values, source}
  try {
    validateOptions(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)), 'command line', {keysRequired: false})
  } catch (error) {
    // A bad flag value is a usage error (exit 2), not a bad configuration (exit 3).
    if (error instanceof ConfigError) throw new ValueError(error.message)
    throw error
  }
  return layer
}

/**
 * The AWS profile: its static keys, region and endpoint_url; else, when it is the last word
 * (`--profile`, or the lowest layer), the SDK's providers for it.
 */
function profileLayer(profile: AwsProfile, env: NodeJS.ProcessEnv, named: boolean, files: ConfigFiles): Layer {
  const where = (file?: string) => `profile ${profile.name} (${tilde(file ?? profile.files.config, env)})`
  const values: Record<string, unknown> = {region: profile.region, endpoint: profile.endpointUrl, ...profile.staticKeys}
  const source: Record<string, string> = {region: where(profile.origin.region), endpoint: where(profile.origin.endpoint)}
  for (const key of KEY_NAMES) source[key] = where(profile.origin.keys)
  const layer: Layer = checkedLayer({values, source})
  // A credential_process we run ourselves (a time limit, its own reasons); other providers are the SDK's.
  if (profile.credentialProcess) {
    layer.credentials = credentialProcessProvider({profile: profile.name, command: profile.credentialProcess, timeoutSeconds: processTimeout(env)})
  } else if (!profile.staticKeys) {
    // Without static keys, the SDK's providers for this profile: at the lowest layer they are the last resort.
    layer.credentials = sdkCredentials({
      profile: profile.name,
      nothingFound: (reason) => named || profile.needsProvider
        ? `profile "${profile.name}": no credentials: ${reason}`
        : nothingConfigured(files, profile, env, reason),
    })
  }
  return layer
}

/** The "no configuration" message: every place looked in, so the user knows where to put it. */
function nothingConfigured(files: ConfigFiles, profile: AwsProfile, env: NodeJS.ProcessEnv, reason: string): string {
  const found = [files.explicit, files.discovered, files.user].filter(Boolean).map((f) => f!.filepath)
  const head = found.length
    ? `no credentials: no access_key_id in ${found.join(' or ')}`
    : `no configuration found: no ${SEARCH_PLACES.slice(0, 2).join(' or ')} in ${files.cwd} or above, no per-user ${tilde(path.join(files.userDir, 'config.yaml'), env)}`
  return `${head}, no AWS_ACCESS_KEY_ID, no keys for profile ${profile.name} in ${tilde(profile.files.credentials, env)} or ${tilde(profile.files.config, env)}, ` +
    `and none from the AWS SDK chain (${reason}); pass --config PATH or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`
}

function tilde(file: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || homedir()
  return home && file.startsWith(home + path.sep) ? '~' + file.slice(home.length) : file
}

interface FoundFile {
  config: unknown
  filepath: string
}

interface ConfigFiles {
  explicit?: FoundFile
  discovered?: FoundFile
  user?: FoundFile
  cwd: string
  /** The per-user folder: $XDG_CONFIG_HOME/s3 or ~/.config/s3 (~/Library/Preferences/s3 on macOS). */
  userDir: string
}

/**
 * A layer whose values are checked each under its own source ("env AWS_REGION", "profile dev
 * (~/.aws/config)"), so a bad value is blamed on where it was written.
 */
function checkedLayer(layer: Layer): Layer {
  const where = (key: string) => typeof layer.source === 'string' ? layer.source : layer.source[key] ?? 'environment'
  const given = Object.entries(layer.values).filter(([, value]) => value !== undefined)
  for (const [key, value] of given) {
    if (!KEY_NAMES.includes(key)) validateOptions({[key]: value}, where(key), {keysRequired: false})
  }
  const keys = Object.fromEntries(given.filter(([key]) => KEY_NAMES.includes(key)))
  validateOptions(keys, where('access_key_id'), {keysRequired: false})
  return layer
}

function fileLayer(file: FoundFile, warnings: string[]): Layer {
  const values = sectionOf(file.config, file.filepath)
  validateOptions(values, file.filepath, {keysRequired: false})
  if ('secret_access_key' in values) warnings.push(...exposureWarnings(file.filepath))
  return {values, source: file.filepath}
}

/** A file holding a secret key that group or others may read (mode 0644, say) is worth a warning. */
function exposureWarnings(filepath: string): string[] {
  if (process.platform === 'win32') return []
  const mode = statSync(filepath, {throwIfNoEntry: false})?.mode ?? 0
  if ((mode & 0o044) === 0) return []
  return [`${filepath} holds a secret key and others can read it: run chmod 600 ${filepath}`]
}

/** The per-user folder, where cosmiconfig's "global" search looks last (env-paths' config folder). */
export function userConfigDir(env: NodeJS.ProcessEnv): string {
  const home = env.HOME || homedir()
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Preferences', 's3')
  if (process.platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 's3', 'Config')
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 's3')
}

async function readConfigFiles(opts: LoadConfigOptions, env: NodeJS.ProcessEnv): Promise<ConfigFiles> {
  const cwd = opts.cwd ?? process.cwd()
  const userDir = userConfigDir(env)
  const out: ConfigFiles = {cwd, userDir}
  const stopDir = env.HOME || homedir()
  // cosmiconfig only where plain YAML does not settle it (see config-files.ts: it costs ~20 ms).
  let explorerPromise: Promise<ReturnType<typeof import('cosmiconfig').cosmiconfig>> | undefined
  const explorer = () => explorerPromise ??= import('cosmiconfig').then(({cosmiconfig}) =>
    cosmiconfig('s3', {searchPlaces: SEARCH_PLACES, packageProp: 's3', searchStrategy: 'global', stopDir, loaders: COSMICONFIG_YAML_LOADERS}))
  const read = async (load: () => Promise<{config: unknown; filepath: string} | null>, file?: string): Promise<FoundFile | undefined> => {
    try {
      const result = await load()
      if (result && exceedsValueLimit(result.config)) {
        throw new ConfigError(`${result.filepath}: refused: more than ${MAX_CONFIG_VALUES} values once its YAML aliases are expanded (an alias bomb?)`)
      }
      return result ? {config: result.config, filepath: result.filepath} : undefined
    } catch (error) {
      if (error instanceof ConfigError) throw error
      const where = file ?? (error as {filepath?: string}).filepath ?? 'config'
      throw new ConfigError(`${where}: cannot parse: ${parseFailure(error, where)}`)
    }
  }
  if (opts.configPath) {
    const file = opts.configPath
    if (!existsSync(file)) throw new ConfigError(`${file}: config file not found`)
    const load = async () => {
      const yaml = await readYamlConfig(file)
      return yaml ? yaml.config : (await (await explorer()).load(file))?.config ?? null
    }
    out.explicit = await read(async () => ({config: await load(), filepath: file}), file)
    return out
  }
  // cosmiconfig looks from cwd up to the home folder, then in its per-user folder: a file found
  // outside cwd's ancestors is that per-user file, read below as its own layer (from `env`).
  // Its per-user folder follows the process's environment (env-paths), not `env`.
  const search = async () => {
    const found = await searchYamlConfig(cwd, SEARCH_PLACES, stopDir, userConfigDir(process.env))
    return found !== undefined ? found : (await explorer()).search(cwd)
  }
  const found = await read(search)
  const ancestor = (dir: string) => dir === path.resolve(cwd) || path.resolve(cwd).startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep)
  if (found && ancestor(path.dirname(found.filepath))) out.discovered = found
  const place = USER_PLACES.map((p) => path.join(userDir, p)).find((p) => existsSync(p))
  if (place) out.user = await read(async () => ({config: (await (await explorer()).load(place))?.config ?? null, filepath: place}), place)
  return out
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
  // cosmiconfig's JSON loader: JSON.parse's SyntaxError (cosmiconfig 10), parse-json's JSONError
  // (9): "<reason> in JSON at position N <excerpt or line and column>". V8's other messages
  // quote the text ('"...SEKRIT" x' is not valid JSON): only "invalid JSON" then.
  const isJson = e.name === 'JSONError' || (e.name === 'SyntaxError' && /^JSON Error in /.test(String(e.message)))
  const json = String(e.message ?? '').match(/^(.*?) in JSON at position (\d+)/m)
  if (isJson && json) return `${json[1].trim()} at ${lineAndColumn(file, Number(json[2]))}`
  if (isJson) return 'invalid JSON'
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
  if (typeof config !== 'object' || config === null || !Object.hasOwn(config, 's3')) {
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
  set('ca_bundle', 'AWS_CA_BUNDLE')
  return out
}

/** "env AWS_REGION" for each setting the environment gives, naming the variable actually read. */
function envSources(env: NodeJS.ProcessEnv): Record<string, string> {
  const pick = (...names: string[]) => `env ${names.find((n) => env[n]) ?? names[0]}`
  return {
    access_key_id: pick('AWS_ACCESS_KEY_ID'), secret_access_key: pick('AWS_SECRET_ACCESS_KEY'), session_token: pick('AWS_SESSION_TOKEN'),
    region: pick('AWS_REGION', 'AWS_DEFAULT_REGION'), endpoint: pick('AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'), ca_bundle: pick('AWS_CA_BUNDLE'),
  }
}
