/**
 * The connection's options: the seed's s3.yaml keys (snake_case, so `new S3Connection(yaml.s3)`
 * works), plus a few of our own. One schema serves both the constructor and the config loader,
 * so a bad key gets the same one-line message wherever it comes from.
 */

export interface RetryOptions {
  /** Total number of tries; 0 = unlimited (seed semantics). */
  limit?: number
  /** Seconds before the first retry; later ones back off exponentially with jitter. */
  interval?: number
  /** HTTP statuses and network error numbers (104 = ECONNRESET) that are retried. */
  status_codes?: number[]
}

export interface ConnectionOptions {
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
  /** Parts in flight per transfer (default 4). */
  concurrency?: number
  /** Seconds a connection may stay silent (connect or mid-body) before it fails and is retried (default 60). */
  timeout?: number
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  limit: 5,
  interval: 2.5,
  status_codes: [104, 110, 500, 502, 503, 504],
}

type Kind = 'string' | 'boolean' | 'number' | 'retry' | 'style'
const SCHEMA: Record<keyof ConnectionOptions, Kind> = {
  access_key_id: 'string',
  secret_access_key: 'string',
  session_token: 'string',
  default_bucket: 'string',
  endpoint: 'string',
  region: 'string',
  tls: 'boolean',
  retry: 'retry',
  addressing_style: 'style',
  multipart_threshold: 'number',
  part_size: 'number',
  concurrency: 'number',
  timeout: 'number',
}

export const CONFIG_KEYS = Object.keys(SCHEMA) as (keyof ConnectionOptions)[]

export class ConfigError extends Error {
  override name = 'ConfigError'
  readonly code = 'ConfigError'
}

/** Checks keys and types; `where` names the source in messages ("s3.yaml", "S3Connection"). */
export function validateOptions(raw: unknown, where: string): ConnectionOptions {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${where}: expected a mapping of s3 settings (access_key_id, secret_access_key, ...)`)
  }
  const input = raw as Record<string, unknown>
  for (const [key, value] of Object.entries(input)) {
    const kind = SCHEMA[key as keyof ConnectionOptions]
    if (!kind) throw new ConfigError(`${where}: unknown key "${key}" (known: ${CONFIG_KEYS.join(', ')})`)
    if (value === undefined || value === null) continue
    checkType(where, key, kind, value)
  }
  for (const key of ['access_key_id', 'secret_access_key'] as const) {
    if (!input[key]) throw new ConfigError(`${where}: missing "${key}" (or set AWS_${key.toUpperCase()})`)
  }
  return input as unknown as ConnectionOptions
}

function checkType(where: string, key: string, kind: Kind, value: unknown): void {
  const fail = (want: string) => {
    throw new ConfigError(`${where}: "${key}" must be ${want}, got ${JSON.stringify(value)}`)
  }
  switch (kind) {
    case 'string': if (typeof value !== 'string') fail('a string'); break
    case 'boolean': if (typeof value !== 'boolean') fail('true or false'); break
    case 'number': if (typeof value !== 'number' || !(value > 0)) fail('a positive number'); break
    case 'style': if (!['auto', 'path', 'virtual'].includes(value as string)) fail('auto, path or virtual'); break
    case 'retry': checkRetry(where, value); break
  }
}

function checkRetry(where: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${where}: "retry" must be a mapping with limit, interval, status_codes`)
  }
  for (const [key, v] of Object.entries(value)) {
    const bad = (want: string) => new ConfigError(`${where}: "retry.${key}" must be ${want}, got ${JSON.stringify(v)}`)
    if (key === 'limit') { if (!Number.isInteger(v) || (v as number) < 0) throw bad('a whole number >= 0') }
    else if (key === 'interval') { if (typeof v !== 'number' || v < 0) throw bad('a number of seconds >= 0') }
    else if (key === 'status_codes') { if (!Array.isArray(v) || !v.every(Number.isInteger)) throw bad('a list of numbers') }
    else throw new ConfigError(`${where}: unknown key "retry.${key}" (known: limit, interval, status_codes)`)
  }
}
