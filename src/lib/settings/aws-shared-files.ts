/**
 * The AWS shared files (~/.aws/credentials and ~/.aws/config, or AWS_SHARED_CREDENTIALS_FILE and
 * AWS_CONFIG_FILE) read the way the AWS CLI and SDKs read them, without loading the SDK: a profile
 * holding static keys, a region or an endpoint_url costs one small file read. Profiles that need
 * more (assume-role, SSO, credential_process, web identity) are left to the SDK's providers.
 */
import {readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import path from 'node:path'

/** Section name -> settings; a sub-section (`s3 =` then indented lines) is flattened to `s3.endpoint_url`. */
export type IniFile = Record<string, Record<string, string>>

/**
 * Parses an AWS-style INI file: `[section]`, `key = value`, `#`/`;` comment lines, indented sub-settings.
 * Sections and settings are maps without a prototype: a `[__proto__]` section or a `constructor`
 * key is a name like any other, never Object.prototype.
 */
export function parseIni(text: string): IniFile {
  const out: IniFile = Object.create(null) as IniFile
  let section: Record<string, string> | undefined
  let parent: string | undefined
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const header = line.match(/^\[\s*([^\]]*?)\s*\]$/)
    if (header) {
      section = out[header[1].replace(/\s+/g, ' ')] ??= Object.create(null) as Record<string, string>
      parent = undefined
      continue
    }
    const eq = line.indexOf('=')
    if (!section || eq < 0) continue
    const key = line.slice(0, eq).trim().toLowerCase()
    const value = line.slice(eq + 1).trim()
    const indented = /^\s/.test(raw)
    if (indented && parent) {
      section[`${parent}.${key}`] = value
    } else if (value === '') {
      parent = key // `s3 =` opens a sub-section of the indented lines that follow
    } else {
      section[key] = value
      parent = undefined
    }
  }
  return out
}

export interface SharedFilePaths {
  credentials: string
  config: string
}

/** Where the shared files are: the AWS_* variables, else ~/.aws (HOME as the environment says, so tests can move it). */
export function sharedFilePaths(env: NodeJS.ProcessEnv): SharedFilePaths {
  const home = env.HOME || env.USERPROFILE || homedir()
  const expand = (file: string) => file.startsWith('~/') ? path.join(home, file.slice(2)) : file
  return {
    credentials: expand(env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials')),
    config: expand(env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config')),
  }
}

export interface AwsProfile {
  name: string
  /** The profile has a section in either file. */
  found: boolean
  /** Static keys, when the profile holds them and nothing that would take their place (a role to assume...). */
  staticKeys?: {access_key_id: string; secret_access_key: string; session_token?: string}
  /** The profile asks for credentials only the SDK's providers can get (assume-role, SSO, credential_process, web identity). */
  needsProvider: boolean
  /** The command that gives this profile's credentials, when nothing else in the profile takes its place (as the SDK decides). */
  credentialProcess?: string
  region?: string
  /** `services` -> `[services NAME]` -> `s3 = endpoint_url`, else the profile's `endpoint_url`. */
  endpointUrl?: string
  /** The file each setting came from, for `config:show`. */
  files: SharedFilePaths
  /** Which file gave the keys, the region, the endpoint. */
  origin: {keys?: string; region?: string; endpoint?: string}
}

// Keys that make the SDK ignore static keys in the same profile, or get credentials another way.
const PROVIDER_KEYS = ['role_arn', 'credential_process', 'sso_start_url', 'sso_session', 'sso_account_id', 'web_identity_token_file', 'login_session', 'credential_source']

function readIni(file: string): IniFile {
  try {
    return parseIni(readFileSync(file, 'utf8'))
  } catch {
    return {} // a missing or unreadable file is a file without profiles, as in the AWS CLI
  }
}

/** The named profile of the shared files, as the AWS CLI resolves it (the credentials file wins a key both hold). */
export function readAwsProfile(name: string, env: NodeJS.ProcessEnv): AwsProfile {
  const files = sharedFilePaths(env)
  const configIni = readIni(files.config)
  const credentialsIni = readIni(files.credentials)
  const fromConfig = configIni[name === 'default' ? 'default' : `profile ${name}`] ?? (name === 'default' ? configIni['profile default'] : undefined)
  const fromCredentials = credentialsIni[name]
  const merged: Record<string, string | undefined> = Object.assign(Object.create(null) as Record<string, string>, fromConfig, fromCredentials)
  const origin: AwsProfile['origin'] = {}
  const fileOf = (key: string) => fromCredentials?.[key] !== undefined ? files.credentials : files.config

  const needsProvider = PROVIDER_KEYS.some((key) => merged[key])
  let staticKeys: AwsProfile['staticKeys']
  if (!needsProvider && merged.aws_access_key_id && merged.aws_secret_access_key) {
    staticKeys = {access_key_id: merged.aws_access_key_id, secret_access_key: merged.aws_secret_access_key}
    if (merged.aws_session_token) staticKeys.session_token = merged.aws_session_token
    origin.keys = fileOf('aws_access_key_id')
  }
  // The SDK's order: a role to assume, then static keys, then a web identity, before credential_process.
  const overridesProcess = ['role_arn', 'web_identity_token_file'].some((key) => merged[key]) || Boolean(merged.aws_access_key_id && merged.aws_secret_access_key)
  const credentialProcess = merged.credential_process && !overridesProcess ? merged.credential_process : undefined
  const region = merged.region
  if (region) origin.region = fileOf('region')
  const services = merged.services ? configIni[`services ${merged.services}`] : undefined
  const endpointUrl = services?.['s3.endpoint_url'] ?? merged.endpoint_url
  if (endpointUrl) origin.endpoint = services?.['s3.endpoint_url'] ? `${files.config} [services ${merged.services}]` : fileOf('endpoint_url')
  return {name, found: Boolean(fromConfig || fromCredentials), staticKeys, needsProvider, credentialProcess, region, endpointUrl, files, origin}
}
