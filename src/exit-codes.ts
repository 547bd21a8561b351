/**
 * The exit codes every command uses, documented in README.md ("Exit codes").
 * One mapping from error to code, so scripts can rely on them.
 */
import {classify, type ErrorKind} from './lib/errors.js'

export const EXIT = {
  OK: 0,
  /** A false answer (`exists` found nothing; `diff`: the sides differ) or an error of no other kind (`diff` reports that one as USAGE, 2, as diff(1) does trouble). */
  FAILURE: 1,
  /** Bad flags or arguments. */
  USAGE: 2,
  /** No config, bad config, missing credentials. */
  CONFIG: 3,
  /** No such bucket, key, upload or configuration. */
  NOT_FOUND: 4,
  /** Access denied, bad signature, unknown access key. */
  ACCESS_DENIED: 5,
  /** Connection refused, reset, timed out; the tries ran out. */
  NETWORK: 6,
  /** The server refused the request as invalid or conflicting (BucketNotEmpty, MalformedXML...). */
  REJECTED: 7,
  /** A local file could not be read or written. */
  LOCAL_FILE: 8,
  /** The endpoint answered, but not as S3 does (a web page, another XML document, a listing inconsistent with itself): a wrong endpoint or a proxy in the way. */
  NOT_S3: 9,
  /** Some files of a batch (put -r, get -r, sync, delete -r, move) failed; each is listed on stderr. */
  BATCH_INCOMPLETE: 10,
  /** The command's plugin failed to load (a command that throws when imported, a broken package). */
  PLUGIN: 11,
  /** Interrupted by Ctrl-C or SIGTERM. */
  INTERRUPTED: 130,
} as const

/** The exit code of each kind of failure (errors.ts classifies them: one table for retries and exit codes). */
const EXIT_FOR_KIND: Record<ErrorKind, number> = {
  'interrupted': EXIT.INTERRUPTED,
  'usage': EXIT.USAGE,
  'config': EXIT.CONFIG,
  'not-s3': EXIT.NOT_S3,
  'not-found': EXIT.NOT_FOUND,
  'access-denied': EXIT.ACCESS_DENIED,
  'server': EXIT.NETWORK,
  'network': EXIT.NETWORK,
  'rejected': EXIT.REJECTED,
  'local-file': EXIT.LOCAL_FILE,
  'failure': EXIT.FAILURE,
}

export function exitCodeFor(error: unknown): number {
  return EXIT_FOR_KIND[classify(error).kind]
}
