/**
 * The one retry owner. The original's rules: `limit` is the total number of tries (0 = unlimited),
 * `status_codes` mixes HTTP statuses and network error numbers (104 = ECONNRESET), and the wait
 * starts at `interval` seconds and doubles, with jitter so parallel parts don't retry in step.
 *
 * RetryStrategy runs the tries of one call, whether that call is a buffered request or a
 * download that resumes after a cut (modelled on the smithy retry middleware: a policy
 * object, failures classified in one place, one-shot bodies never retried). The pure rules
 * below it are exported for tests.
 */
import {constants} from 'node:os'
import {setTimeout as sleep} from 'node:timers/promises'
import {StorageError} from './errors.js'
import {DEFAULT_RETRY, type RetryOptions} from './options.js'

/** S3 error codes that mean "slow down and try again", whatever the status. */
const THROTTLE_CODES = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestTimeout', 'RequestTimeTooSkewed'])
const MAX_DELAY_SECONDS = 20

export type RetryPolicy = Required<RetryOptions>

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {...DEFAULT_RETRY, ...options}
}

/** The error number of a Node network error (ECONNRESET -> 104), or undefined. */
export function errnoOf(error: unknown): number | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (!code) return undefined
  const n = (constants.errno as Record<string, number>)[code]
  return typeof n === 'number' ? n : undefined
}

/** What went wrong with one try: a response status (+ S3 code) or a network error. */
export type Failure = {status: number; code?: string} | {error: unknown}

export function isRetryable(failure: Failure, policy: RetryPolicy): boolean {
  if ('status' in failure) {
    return policy.status_codes.includes(failure.status) || THROTTLE_CODES.has(failure.code ?? '')
  }
  const errno = errnoOf(failure.error)
  return errno !== undefined && policy.status_codes.includes(errno)
}

/** May try number `attempt` (1-based, just failed) be followed by another? */
export function hasTriesLeft(attempt: number, policy: RetryPolicy): boolean {
  return policy.limit === 0 || attempt < policy.limit
}

/** Seconds to wait after failed try number `attempt`: interval * 2^(attempt-1), capped, times a jitter in [0.5, 1]. */
export function backoffSeconds(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_SECONDS, policy.interval * 2 ** (attempt - 1))
  return base * (0.5 + random() / 2)
}

/**
 * A failure that must end the call at once whatever its code: a local disk error while a
 * download is written, say (ENOSPC has an errno too, but no retry will free the disk).
 */
export class FinalFailure extends Error {
  constructor(readonly reason: unknown) {
    super((reason as Error)?.message ?? String(reason))
  }
}

/** How a failed try is classified: the one place that reads statuses and error codes. */
export function classify(error: unknown): Failure {
  if (error instanceof StorageError && error.status !== undefined) return {status: error.status, code: error.code}
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  // A stream pipeline reports a body the server cut short as a premature close: the same as a reset.
  if (code === 'ERR_STREAM_PREMATURE_CLOSE') return {error: {code: 'ECONNRESET'}}
  return {error}
}

/** What the retry log line names: the method called and the request. */
export interface RetryTarget {
  op: string
  method: string
  bucket?: string
  key?: string
}

export interface RunOptions {
  signal?: AbortSignal
  /** False when a try consumes something that cannot be sent again (a one-shot stream body). */
  replayable?: boolean
}

export class RetryStrategy {
  constructor(readonly policy: RetryPolicy, private readonly log: (line: string) => void = () => {}) {}

  /**
   * Runs `attempt` (given the try number, from 1) until it succeeds, fails for good, or the
   * tries run out. Failures leave as one StorageError named after `target.op`; an abort of
   * `signal` ends the call at once with the abort's reason.
   */
  async run<T>(target: RetryTarget, attempt: (n: number) => Promise<T>, options: RunOptions = {}): Promise<T> {
    const {signal} = options
    for (let n = 1; ; n++) {
      try {
        return await attempt(n)
      } catch (thrown) {
        if (signal?.aborted) throw StorageError.from(target.op, signal.reason ?? thrown)
        if (thrown instanceof FinalFailure) throw StorageError.from(target.op, thrown.reason)
        const error = StorageError.from(target.op, thrown)
        const retry = options.replayable !== false && isRetryable(classify(thrown), this.policy) && hasTriesLeft(n, this.policy)
        if (!retry) throw error
        await this.wait(n, target, error.code, signal)
      }
    }
  }

  /** Logs retry number `attempt` and waits its backoff (an abort cuts the wait short). */
  private async wait(attempt: number, target: RetryTarget, code: string, signal?: AbortSignal): Promise<void> {
    const seconds = backoffSeconds(attempt, this.policy)
    const of = this.policy.limit ? '/' + (this.policy.limit - 1) : ''
    this.log(`retry ${attempt}${of} of ${target.op} ${target.method} ${describeTarget(target)} in ${seconds.toFixed(1)}s: ${code}`)
    try {
      await sleep(seconds * 1000, undefined, {signal})
    } catch (error) {
      throw StorageError.from(target.op, signal?.reason ?? error)
    }
  }
}

/** `s3://bucket/key`, `s3://bucket` or `/` (the service), for log lines and messages. */
export function describeTarget(target: {bucket?: string; key?: string}): string {
  return target.bucket ? `s3://${target.bucket}${target.key === undefined ? '' : '/' + target.key}` : '/'
}
