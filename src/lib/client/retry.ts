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
import {setTimeout as sleep} from 'node:timers/promises'
import {type Classification, classify, errnoOfCode, FinalFailure, StorageError} from '../errors.js'
import type {StorageEvents} from '../events.js'
import {DEFAULT_RETRY, type RetryOptions} from '../settings/options.js'

export {classify, FinalFailure}

const MAX_DELAY_SECONDS = 20

export type RetryPolicy = Required<RetryOptions>

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {...DEFAULT_RETRY, ...options}
}

/** The error number of a Node network error (ECONNRESET -> 104), or undefined. */
export function errnoOf(error: unknown): number | undefined {
  return errnoOfCode((error as NodeJS.ErrnoException | undefined)?.code)
}

/** May a failure of this class be tried again under the policy (statuses and errnos it names, throttling always)? */
export function isRetryable(failure: Classification, policy: RetryPolicy): boolean {
  if (failure.throttled) return true
  if (failure.status !== undefined) return policy.status_codes.includes(failure.status)
  return failure.errno !== undefined && policy.status_codes.includes(failure.errno)
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
  constructor(readonly policy: RetryPolicy, private readonly log: (line: string) => void = () => {}, private readonly events?: StorageEvents) {}

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
    await this.events?.retried({op: target.op, method: target.method, bucket: target.bucket, key: target.key, attempt, code, delaySeconds: seconds})
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
