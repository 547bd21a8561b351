/**
 * The exit codes every command uses, documented in README.md ("Exit codes").
 * One mapping from error to code, so scripts can rely on them.
 */
import {ConfigError} from './lib/options.js'
import {NOT_S3_ANSWER, StorageError} from './lib/errors.js'
import {INCONSISTENT_LISTING} from './lib/storage/listing-order.js'
import {ValueError} from './lib/types.js'

export const EXIT = {
  OK: 0,
  /** A false answer (`exists` found nothing) or an error of no other kind. */
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

const NOT_FOUND_CODES = /^NoSuch|^NotFound$|Http404/
const ACCESS_CODES = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AllAccessDisabled', 'AccountProblem', 'ExpiredToken', 'InvalidToken'])
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED'])
/** A TLS handshake that failed (a certificate not trusted, expired, for another name): the network's class. */
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|^ERR_TLS_|^ERR_SSL_|^EPROTO$/
// Errors of the local file system: a missing or wrong path, no permission, a full disk or quota, a file too big or a name too long.
const LOCAL_CODES = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES', 'EPERM', 'EEXIST', 'ENOSPC', 'EDQUOT', 'EROFS', 'EFBIG', 'ENAMETOOLONG', 'ELOOP',
  'EMFILE', 'EBADF', 'LocalFileError', 'LocalFileChanged'])

export function exitCodeFor(error: unknown): number {
  if (error instanceof ConfigError) return EXIT.CONFIG
  if (error instanceof ValueError) return EXIT.USAGE
  if (error instanceof StorageError) {
    if (error.exception instanceof ConfigError) return EXIT.CONFIG
    if (error.exception instanceof ValueError) return EXIT.USAGE
    if (error.code === 'AbortError' || error.code === 'ABORT_ERR') return EXIT.INTERRUPTED
    if (error.code === NOT_S3_ANSWER || error.code === INCONSISTENT_LISTING) return EXIT.NOT_S3
    if (error.status !== undefined) {
      if (NOT_FOUND_CODES.test(error.code) || error.status === 404) return EXIT.NOT_FOUND
      if (ACCESS_CODES.has(error.code) || error.status === 403) return EXIT.ACCESS_DENIED
      if (error.status >= 500) return EXIT.NETWORK
      return EXIT.REJECTED
    }
    if (LOCAL_CODES.has(error.code)) return EXIT.LOCAL_FILE
    if (NETWORK_CODES.has(error.code) || TLS_CODE.test(error.code)) return EXIT.NETWORK
    return EXIT.FAILURE
  }
  const code = (error as NodeJS.ErrnoException)?.code
  if (code && LOCAL_CODES.has(code)) return EXIT.LOCAL_FILE
  if (code && (NETWORK_CODES.has(code) || TLS_CODE.test(code))) return EXIT.NETWORK
  return EXIT.FAILURE
}
