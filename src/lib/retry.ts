/**
 * The seed's retry rules as pure functions: `limit` is the total number of tries (0 = unlimited),
 * `status_codes` mixes HTTP statuses and network error numbers (104 = ECONNRESET), and the
 * wait starts at `interval` seconds and doubles, with jitter so parallel parts don't retry in step.
 */
import {constants} from 'node:os'
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
