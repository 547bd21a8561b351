/**
 * A profile's `credential_process`, run by us rather than by the AWS SDK: the SDK waits for it
 * forever (a command that never answers hangs the CLI) and, when it fails, its chain goes on to
 * the next provider and ends with "Could not load credentials from any providers", the reason
 * lost. Here the command has a time limit, and a failure says which profile's command failed
 * and why, never quoting what it printed on stdout (the secret would be there).
 *
 * The command's output is the AWS format: {"Version": 1, "AccessKeyId", "SecretAccessKey",
 * "SessionToken"?, "Expiration"?}. Credentials are kept until five minutes before they expire,
 * as the SDK does, so a long transfer asks again in time.
 */
import {spawn} from 'node:child_process'
import {ConfigError} from './options.js'
import type {Credentials} from '../client/signer.js'
import {clip, firstLine} from '../text.js'

/** The environment variable that sets the time limit, in seconds (default 60). */
export const PROCESS_TIMEOUT_VARIABLE = 'S3_CREDENTIAL_PROCESS_TIMEOUT'
export const DEFAULT_PROCESS_TIMEOUT_SECONDS = 60

/** Ask again when less than this is left before the credentials expire. */
const REFRESH_MARGIN_MS = 5 * 60_000
/** More output than a credentials document ever is: the command is stopped. */
const MAX_OUTPUT_BYTES = 1024 * 1024

export interface ProcessCredentialsOptions {
  /** The profile, for messages. */
  profile: string
  /** The command line, run by the shell as the AWS CLI does. */
  command: string
  /** The time limit in seconds. */
  timeoutSeconds: number
}

/** The time limit from the environment (seconds), or why the value is not one. */
export function processTimeout(env: NodeJS.ProcessEnv): number {
  const raw = env[PROCESS_TIMEOUT_VARIABLE]
  if (raw === undefined || raw === '') return DEFAULT_PROCESS_TIMEOUT_SECONDS
  const seconds = Number(raw)
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    throw new ConfigError(`${PROCESS_TIMEOUT_VARIABLE} must be a number of seconds from 0.01 to 86400, got ${JSON.stringify(clip(raw, 40))}`)
  }
  return seconds
}

/** A function giving valid credentials from the command, run again when they near their expiry. */
export function processCredentials(options: ProcessCredentialsOptions): () => Promise<Credentials> {
  let cached: {credentials: Credentials; expires?: number} | undefined
  let running: Promise<Credentials> | undefined
  return async () => {
    if (cached && (cached.expires === undefined || cached.expires - Date.now() > REFRESH_MARGIN_MS)) return cached.credentials
    // Requests in flight together share one run of the command.
    running ??= runCommand(options).then((got) => {
      cached = got
      return got.credentials
    }).finally(() => {
      running = undefined
    })
    return running
  }
}

async function runCommand(options: ProcessCredentialsOptions): Promise<{credentials: Credentials; expires?: number}> {
  const failed = (why: string) => new ConfigError(`credential_process of profile ${options.profile} ${why}`)
  const stdout = await new Promise<string>((resolve, reject) => {
    // Its own process group, so that the time limit stops the shell and what it started.
    const child = spawn(options.command, {shell: true, detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe']})
    const out: Buffer[] = []
    const err: Buffer[] = []
    let size = 0
    let stopped: string | undefined
    const stop = (why: string) => {
      stopped ??= why
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL')
        else child.kill('SIGKILL')
      } catch {
        // already gone
      }
    }
    const timer = setTimeout(() => stop(`did not answer within ${options.timeoutSeconds} s (the limit is ${PROCESS_TIMEOUT_VARIABLE})`), options.timeoutSeconds * 1000)
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_OUTPUT_BYTES) stop(`printed more than ${MAX_OUTPUT_BYTES} bytes`)
      else out.push(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.reduce((n, b) => n + b.length, 0) < 4096) err.push(chunk)
    })
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(failed(`could not be started: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (stopped) return reject(failed(stopped))
      if (code !== 0) {
        const said = firstLine(Buffer.concat(err).toString('utf8'))
        return reject(failed(`failed (${signal ? `killed by ${signal}` : `exit code ${code}`})${said ? `: ${clip(said, 200)}` : ''}`))
      }
      resolve(Buffer.concat(out).toString('utf8'))
    })
  })
  let document: unknown
  try {
    document = JSON.parse(stdout)
  } catch {
    // What it printed is not quoted: it may be the secret in a format we do not read.
    throw failed(stdout.trim() === '' ? 'printed nothing' : 'printed invalid JSON')
  }
  return credentialsOf(document, failed)
}

/** The credentials of the command's JSON document, checked field by field. */
function credentialsOf(document: unknown, failed: (why: string) => Error): {credentials: Credentials; expires?: number} {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw failed('printed JSON that is not an object')
  const d = document as Record<string, unknown>
  if (d.Version !== 1) throw failed(`printed Version ${clip(JSON.stringify(d.Version) ?? 'none', 20)}, not 1`)
  for (const field of ['AccessKeyId', 'SecretAccessKey']) {
    if (typeof d[field] !== 'string' || d[field] === '') throw failed(`printed no ${field}`)
  }
  if (d.SessionToken !== undefined && typeof d.SessionToken !== 'string') throw failed('printed a SessionToken that is not a string')
  let expires: number | undefined
  if (d.Expiration !== undefined) {
    expires = typeof d.Expiration === 'string' ? Date.parse(d.Expiration) : Number.NaN
    if (Number.isNaN(expires)) throw failed('printed an Expiration that is not an ISO 8601 date')
    if (expires <= Date.now()) throw failed(`printed credentials that expired at ${d.Expiration as string}`)
  }
  const credentials: Credentials = {accessKeyId: d.AccessKeyId as string, secretAccessKey: d.SecretAccessKey as string}
  if (d.SessionToken) credentials.sessionToken = d.SessionToken as string
  return {credentials, expires}
}
