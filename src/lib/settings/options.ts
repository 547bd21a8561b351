/**
 * The connection's options: the original's s3.yaml keys (snake_case, so `new S3Connection(yaml.s3)`
 * works), plus a few of our own. One schema serves both the constructor and the config loader,
 * so a bad key gets the same one-line message wherever it comes from.
 */
import {bucketNameProblem} from '../bucket-name.js'
import {defaultS3Host} from '../client/aws-endpoints.js'
import {MAX_PART_SIZE, MAX_SINGLE_REQUEST_OBJECT, MiB, MIN_PART_SIZE} from '../constants.js'
import {ConfigError} from '../errors.js'
import {clip} from '../text.js'

export interface RetryOptions {
  /** Total number of tries; 0 = unlimited (the original's semantics). */
  limit?: number
  /** Seconds before the first retry; later ones back off exponentially with jitter. */
  interval?: number
  /** HTTP statuses and network error numbers (104 = ECONNRESET) that are retried. */
  status_codes?: number[]
}

export interface ConnectionOptions {
  /** With secret_access_key: static keys. Both may be left out when the connection is given a credentials provider. */
  access_key_id: string
  secret_access_key: string
  session_token?: string
  default_bucket?: string
  /** Host (`s3-us-west-2.amazonaws.com`, `127.0.0.1:7480`) or URL (`http://127.0.0.1:7480`). */
  endpoint?: string
  region?: string
  /** https when true (default); a scheme in `endpoint` wins. */
  tls?: boolean
  retry?: RetryOptions
  /** 'auto' (virtual host on AWS, path elsewhere), 'path' or 'virtual'. */
  addressing_style?: 'auto' | 'path' | 'virtual'
  /** Uploads at or above this many bytes go multipart (default 16 MiB). */
  multipart_threshold?: number
  /** Multipart part size in bytes (default 16 MiB; grown when a file would need > 10000 parts). */
  part_size?: number
  /** Parts (uploads) or ranges (downloads) in flight per transfer (default 8: docs/architecture.md, Downloads). */
  concurrency?: number
  /**
   * Bytes per second for everything the connection sends and receives together (request and
   * response bodies, every request in flight): aws-cli's `max_bandwidth`. Unlimited when absent.
   */
  max_bandwidth?: number
  /** Seconds a connection may stay silent (connect or mid-body) before it fails and is retried (default 60). */
  timeout?: number
  /** A PEM file of the certificate authorities to trust instead of Node's (AWS_CA_BUNDLE). */
  ca_bundle?: string
  /** false: accept any TLS certificate (insecure; the CLI warns each time). Default true. */
  verify_ssl?: boolean
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  limit: 5,
  interval: 2.5,
  status_codes: [104, 110, 500, 502, 503, 504],
}

/** The transfer options' defaults, written once: the connection applies them, the CLI's help shows them. */
export const DEFAULT_TRANSFER: Required<Pick<ConnectionOptions, 'multipart_threshold' | 'part_size' | 'concurrency'>> = {
  multipart_threshold: 16 * MiB,
  part_size: 16 * MiB,
  concurrency: 8,
}

/**
 * Every default of a setting, written once: the connection applies these and `config:show`
 * shows them (source "default"). The endpoint's default is AWS's S3 for the region
 * (client/aws-endpoints.ts `defaultS3Host`), the credentials' the SDK's chain.
 */
export const DEFAULTS = {
  region: 'us-east-1',
  addressing_style: 'auto',
  tls: true,
  verify_ssl: true,
  timeout: 60,
  ...DEFAULT_TRANSFER,
} as const satisfies Partial<Record<keyof ConnectionOptions, string | number | boolean>>

/**
 * Where requests go, as a URL (or why the endpoint is not one): the configured endpoint, else
 * AWS's S3 for the region, the default region when none. The connection sends there and
 * `config:show` shows it, from this one derivation.
 */
export function endpointOf(options: Pick<ConnectionOptions, 'endpoint' | 'region' | 'tls'>): URL | string {
  return parseEndpoint(options.endpoint ?? defaultS3Host(options.region ?? DEFAULTS.region), options.tls ?? DEFAULTS.tls)
}

type Kind = 'string' | 'boolean' | 'number' | 'retry' | 'style' | 'bucket' | 'endpoint' | 'region'
// A map without a prototype: a key such as "constructor" or "__proto__" is unknown, not Object's.
const SCHEMA: Record<keyof ConnectionOptions, Kind> = Object.assign(Object.create(null) as Record<keyof ConnectionOptions, Kind>, {
  access_key_id: 'string',
  secret_access_key: 'string',
  session_token: 'string',
  default_bucket: 'bucket',
  endpoint: 'endpoint',
  region: 'region',
  tls: 'boolean',
  retry: 'retry',
  addressing_style: 'style',
  multipart_threshold: 'number',
  part_size: 'number',
  concurrency: 'number',
  max_bandwidth: 'number',
  timeout: 'number',
  ca_bundle: 'string',
  verify_ssl: 'boolean',
})

interface Bounds {
  min: number
  max: number
  whole?: boolean
  /** How the range reads in a message: "a whole number of bytes from 1 to 5368709120". */
  what: string
}

// Every number is bounded: a huge one would overflow Node's timers (a 1 ms timeout instead) or
// ask S3 for what it refuses (parts over 5 GiB).
const NUMBER_BOUNDS: Record<string, Bounds> = Object.assign(Object.create(null) as Record<string, Bounds>, {
  multipart_threshold: {min: 1, max: MAX_SINGLE_REQUEST_OBJECT, whole: true, what: 'a whole number of bytes'},
  part_size: {min: MIN_PART_SIZE, max: MAX_PART_SIZE, whole: true, what: 'a whole number of bytes'},
  concurrency: {min: 1, max: 64, whole: true, what: 'a whole number'},
  // Below 1 KiB/s a request body would outlast any server's patience.
  max_bandwidth: {min: 1024, max: Number.MAX_SAFE_INTEGER, what: 'a number of bytes per second'},
  timeout: {min: 0.01, max: 86_400, what: 'a number of seconds'},
  'retry.limit': {min: 0, max: 1000, whole: true, what: 'a whole number (0 = unlimited)'},
  'retry.interval': {min: 0, max: 3600, what: 'a number of seconds'},
})

/** The retry mapping's keys. */
const RETRY_KEYS = ['limit', 'interval', 'status_codes']

/** Config values never shown in messages, whatever their type: they may be credentials. */
const SECRET_NAME = /secret|token|key/i

export const CONFIG_KEYS = Object.keys(SCHEMA) as (keyof ConnectionOptions)[]

/** ConfigError lives in errors.ts with every other error class; re-exported here for old imports. */
export {ConfigError}

/**
 * Checks keys and types; `where` names the source in messages ("s3.yaml", "S3Connection").
 * The two keys go together; `keysRequired: false` lets both be absent (a credentials provider,
 * or one layer of the configuration that others complete).
 */
export function validateOptions(raw: unknown, where: string, {keysRequired = true} = {}): ConnectionOptions {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${where}: expected a mapping of s3 settings (access_key_id, secret_access_key, ...)`)
  }
  const input = raw as Record<string, unknown>
  for (const [key, value] of Object.entries(input)) {
    const kind = SCHEMA[key as keyof ConnectionOptions]
    if (!kind) throw new ConfigError(`${where}: unknown key ${quoted(key)} (known: ${CONFIG_KEYS.join(', ')})`)
    if (value === undefined || value === null) continue
    checkType(where, key, kind, value)
  }
  const hasKeys = Boolean(input.access_key_id || input.secret_access_key)
  for (const key of ['access_key_id', 'secret_access_key'] as const) {
    if (!input[key] && (keysRequired || hasKeys)) throw new ConfigError(`${where}: missing "${key}" (or set AWS_${key.toUpperCase()})`)
  }
  return input as unknown as ConnectionOptions
}

/** A key as a message quotes it: in quotes, cut short when long. */
function quoted(key: string): string {
  return JSON.stringify(clip(key, 60))
}

/**
 * What a message may say about a value: the value itself, cut short (a list of a million
 * items must not make a message of megabytes), or only its type for secrets.
 */
function shown(key: string, value: unknown): string {
  if (SECRET_NAME.test(key)) return Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return JSON.stringify(clip(value))
  if (Array.isArray(value)) return `a list of ${value.length} items`
  if (typeof value === 'object' && value !== null) return 'a mapping'
  return String(value)
}

function checkType(where: string, key: string, kind: Kind, value: unknown): void {
  const fail = (want: string) => {
    throw new ConfigError(`${where}: "${key}" must be ${want}, got ${shown(key, value)}`)
  }
  const failWith = (problem: string | null) => {
    if (problem) throw new ConfigError(`${where}: "${key}": ${problem}`)
  }
  if (['string', 'bucket', 'endpoint', 'region'].includes(kind) && typeof value !== 'string') fail('a string')
  switch (kind) {
    case 'boolean': if (typeof value !== 'boolean') fail('true or false'); break
    case 'number': checkNumber(where, key, value); break
    case 'style': if (!['auto', 'path', 'virtual'].includes(value as string)) fail('auto, path or virtual'); break
    case 'retry': checkRetry(where, value); break
    case 'bucket': failWith(bucketNameProblem(value as string, 'legacy')); break
    case 'endpoint': { const url = parseEndpoint(value as string, true); if (typeof url === 'string') throw new ConfigError(`${where}: ${url}`); break }
    case 'region': if (!/^[a-z0-9][a-z0-9-]*$/i.test(value as string)) fail('a region name such as us-east-1'); break
  }
}

function checkNumber(where: string, key: string, value: unknown): void {
  const bounds = NUMBER_BOUNDS[key]
  const fits = typeof value === 'number' && Number.isFinite(value) && value >= bounds.min && value <= bounds.max &&
    (!bounds.whole || Number.isInteger(value))
  if (!fits) throw new ConfigError(`${where}: "${key}" must be ${bounds.what} from ${bounds.min} to ${bounds.max}, got ${shown(key, value)}`)
}

function checkRetry(where: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${where}: "retry" must be a mapping with limit, interval, status_codes`)
  }
  for (const [key, v] of Object.entries(value)) {
    if (!RETRY_KEYS.includes(key)) throw new ConfigError(`${where}: unknown key ${quoted(`retry.${key}`)} (known: ${RETRY_KEYS.join(', ')})`)
    if (key === 'status_codes') {
      if (!Array.isArray(v) || !v.every(Number.isInteger)) throw new ConfigError(`${where}: "retry.status_codes" must be a list of numbers, got ${shown(key, v)}`)
    } else checkNumber(where, `retry.${key}`, v)
  }
}

/**
 * The endpoint as a URL (https unless `tls` is false or a scheme says otherwise), or why it is
 * not one. Only http and https are spoken. A path is kept without its trailing slash, as a
 * prefix of every request's path (a gateway at http://host/s3); a query string or a fragment
 * has no place in it and is refused.
 */
export function parseEndpoint(endpoint: string, tls: boolean): URL | string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `${tls ? 'https' : 'http'}://${endpoint}`
  const invalid = (why: string) => `invalid endpoint ${JSON.stringify(clip(endpoint))}: ${why}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    return invalid('not a host[:port] or http(s) URL (a port is 1 to 65535)')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return invalid(`the scheme must be http or https, not ${url.protocol.slice(0, -1)}`)
  if (!url.hostname) return invalid('no host')
  if (url.port === '0') return invalid('a port is 1 to 65535')
  if (url.username || url.password) return 'invalid endpoint: it must not hold a user name or password'
  if (/[?#]/.test(withScheme)) return invalid('a query string or fragment (? or #) has no place in an endpoint')
  url.pathname = url.pathname.replace(/\/+$/, '')
  return url
}
