/**
 * Every error the library raises, and the one classification of failures: `classify(error)`
 * is read by the retries (retry.ts: may this try be repeated?) and by the exit codes
 * (exit-codes.ts: which code does the command end with?), so the two never disagree.
 *
 * The library makes its own failures with the classes below (never an Error with a code
 * pasted on); Node's own errors (ENOENT, ECONNRESET...) are classified by their code.
 */
import {constants} from 'node:os'
import type {S3Response} from './client/response.js'

// ---------------------------------------------------------------- the classes

/** A bad argument: a bucket-less name, an invalid range or header (the original's ValueError; exit 2). */
export class ValueError extends Error {
  override name = 'ValueError'
}

/** No config, a bad config value, no credentials (exit 3). */
export class ConfigError extends Error {
  override name = 'ConfigError'
  readonly code = 'ConfigError'
}

/** Codes of the local file system the library raises itself, beside Node's own (ENOENT, EACCES...). */
export type LocalFileCode = 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'LocalFileChanged' | 'LocalFileError'

/** A local file or folder that cannot be read or written, or changed while it was uploaded (exit 8). */
export class LocalFileError extends Error {
  override name = 'LocalFileError'
  constructor(message: string, readonly code: LocalFileCode | string = 'LocalFileError', readonly path?: string) {
    super(message)
  }
}

/** Failures of the network the library detects itself: a silent socket, a body cut short (exit 6, retried). */
export type NetworkCode = 'ETIMEDOUT' | 'ECONNRESET'

/** A network failure the library words itself; `code` is Node's (a download cut for good keeps its cause's). */
export class NetworkError extends Error {
  override name = 'NetworkError'
  constructor(message: string, readonly code: NetworkCode | string) {
    super(message)
  }
}

/** Bytes that arrived or were stored, but not the right ones (exit 1). */
export type IntegrityCode = 'BadDigest' | 'IncompleteBody' | 'RangeIgnored' | 'ObjectChanged'

export class IntegrityError extends Error {
  override name = 'IntegrityError'
  constructor(message: string, readonly code: IntegrityCode) {
    super(message)
  }
}

/** The code of the error raised when a server answers in a way S3 never does (see response.ts notS3Reason). */
export const NOT_S3_ANSWER = 'NotS3Answer'
/** The code of the error a listing inconsistent with itself raises (see storage/listing-order.ts). */
export const INCONSISTENT_LISTING = 'InconsistentListing'

/** The endpoint answered, but not as S3 does: a web page, another XML document, a listing inconsistent with itself (exit 9). */
export class NotS3Error extends Error {
  override name = 'NotS3Error'
  constructor(message: string, readonly code: typeof NOT_S3_ANSWER | typeof INCONSISTENT_LISTING) {
    super(message)
  }
}

/** S3 refused some of the keys of a DeleteObjects request: the first key's code is the error's. */
export class DeleteObjectsError extends Error {
  override name = 'DeleteObjectsError'
  constructor(message: string, readonly code: string, readonly failed: number) {
    super(message)
  }
}

/** The command was stopped: Ctrl-C, SIGTERM, the reader of stdout went away (exit 130). */
export class InterruptedError extends Error {
  override name = 'AbortError'
  readonly code = 'AbortError'
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

/** What S3 said when a request completed but failed, as the fields of its <Error> document. */
export interface S3ErrorFields {
  code: string
  message: string
  status: number
  requestId?: string
  bucket?: string
  key?: string
  resource?: string
}

/**
 * What S3 said when a request completed but failed: its fields, and as a string
 * (`String(detail)`, `${detail}`) the detailed message, as the original's `exception` was.
 */
export class S3ErrorDetail implements S3ErrorFields {
  readonly code: string
  readonly message: string
  readonly status: number
  readonly requestId?: string
  readonly bucket?: string
  readonly key?: string
  readonly resource?: string

  constructor(fields: S3ErrorFields) {
    this.code = fields.code
    this.message = fields.message
    this.status = fields.status
    // Absent fields stay absent: callers compare details with deepEqual.
    if (fields.requestId !== undefined) this.requestId = fields.requestId
    if (fields.bucket !== undefined) this.bucket = fields.bucket
    if (fields.key !== undefined) this.key = fields.key
    if (fields.resource !== undefined) this.resource = fields.resource
  }

  /** `NoSuchKey: The specified key does not exist. (s3://b/k) [request id X]` */
  toString(): string {
    const where = this.bucket ? ` (s3://${this.bucket}${this.key === undefined ? '' : '/' + this.key})` : ''
    const id = this.requestId ? ` [request id ${this.requestId}]` : ''
    return `${this.code}${this.message ? ': ' + this.message : ''}${where}${id}`
  }
}

/**
 * The one error every Storage method raises, in the original's two forms:
 * - a request completed but failed (S3 answered with an error): `msg` is the name of the
 *   method called ('read', 'bucketGetCors'...), `exception` the detailed message (an
 *   S3ErrorDetail: `String(e.exception)` is the message, its fields are S3's code, status...),
 *   `response` the raw response;
 * - any other failure (a disk, the network, a bad argument): `msg` is the detailed message,
 *   `exception` the error itself, `response` null (or the answer that was not S3's, for a NotS3Error).
 * `op` is the method's name in both forms; `code` is S3's error code or the error's own
 * (ENOENT, ECONNRESET...), for callers, retries and exit codes.
 */
export class StorageError extends Error {
  override name = 'StorageError'
  readonly code: string
  readonly msg: string
  readonly exception: S3ErrorDetail | Error

  constructor(
    /** The name of the Storage method that failed. */
    readonly op: string,
    exception: S3ErrorFields | Error,
    readonly response: S3Response | null = null,
  ) {
    const detail = exception instanceof Error ? exception : exception instanceof S3ErrorDetail ? exception : new S3ErrorDetail(exception)
    super(describe(op, detail))
    this.exception = detail
    this.msg = detail instanceof S3ErrorDetail ? op : this.message
    this.code = detail instanceof S3ErrorDetail ? detail.code : codeOf(detail)
  }

  /** Wrap anything thrown inside a Storage method exactly once. */
  static from(op: string, error: unknown): StorageError {
    if (error instanceof StorageError) return error
    return new StorageError(op, error instanceof Error ? error : new Error(String(error)))
  }

  get status(): number | undefined {
    return this.exception instanceof S3ErrorDetail ? this.exception.status : undefined
  }
}

/** A Node error's code (ENOENT, ECONNRESET...), else its name: never a number (a DOMException's code is). */
function codeOf(error: Error): string {
  const code = (error as {code?: unknown}).code
  return typeof code === 'string' ? code : error.name
}

function describe(op: string, exception: S3ErrorDetail | Error): string {
  if (!(exception instanceof S3ErrorDetail)) return `${op}: ${exception.message}`
  const where = exception.bucket ? ` (s3://${exception.bucket}${exception.key === undefined ? '' : '/' + exception.key})` : ''
  const id = exception.requestId ? ` [request id ${exception.requestId}]` : ''
  return `${op}${where}: ${exception.code}${exception.message ? ': ' + exception.message : ''}${id}`
}

// ---------------------------------------------------------------- classify

/**
 * What kind of failure an error is. Each kind has one exit code (exit-codes.ts); `server`,
 * `network` and throttling are what retries may repeat (retry.ts, by the policy's numbers).
 */
export type ErrorKind =
  | 'interrupted' // Ctrl-C, SIGTERM, an aborted signal
  | 'usage' // ValueError: a bad argument
  | 'config' // ConfigError: no config, bad value, no credentials
  | 'not-s3' // the endpoint is not S3, or its listing is inconsistent
  | 'not-found' // NoSuch*, 404
  | 'access-denied' // AccessDenied, bad signature or key, 403
  | 'server' // a 5xx answer
  | 'rejected' // any other error answer (BucketNotEmpty, MalformedXML...)
  | 'network' // refused, reset, timed out, TLS failed, name not resolved
  | 'local-file' // a local file or folder could not be read or written
  | 'failure' // anything else

export interface Classification {
  kind: ErrorKind
  /** S3's error code, the error's own code (ENOENT...), else its name. */
  code: string
  /** The HTTP status, when a request completed but failed. */
  status?: number
  /** The network error's number (ECONNRESET -> 104), for the policy's `status_codes`. */
  errno?: number
  /** S3 asked to slow down (SlowDown, RequestTimeout...): always worth another try. */
  throttled: boolean
}

/** S3 error codes that mean "slow down and try again", whatever the status. */
const THROTTLE_CODES = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestTimeout', 'RequestTimeTooSkewed'])
const NOT_FOUND_CODES = /^NoSuch|^NotFound$|^Http404$/
const ACCESS_CODES = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AllAccessDisabled', 'AccountProblem', 'ExpiredToken', 'InvalidToken'])
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED'])
/** A TLS handshake that failed (a certificate not trusted, expired, for another name): the network's class. */
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|^ERR_TLS_|^ERR_SSL_|^EPROTO$/
/** Errors of the local file system: a missing or wrong path, no permission, a full disk or quota, a file too big or a name too long. */
const LOCAL_CODES = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES', 'EPERM', 'EEXIST', 'ENOSPC', 'EDQUOT', 'EROFS', 'EFBIG', 'ENAMETOOLONG', 'ELOOP',
  'EMFILE', 'EBADF'])

/** The one place that reads statuses, S3 codes, error classes and Node's error codes. */
export function classify(error: unknown): Classification {
  const cause = error instanceof StorageError && !(error.exception instanceof S3ErrorDetail) ? error.exception : error
  if (error instanceof StorageError && error.exception instanceof S3ErrorDetail) return classifyS3(error.exception)
  let code = codeOfUnknown(cause)
  // A stream pipeline reports a body the server cut short as a premature close: the same as a reset.
  if (code === 'ERR_STREAM_PREMATURE_CLOSE') code = 'ECONNRESET'
  const errno = errnoOfCode(code)
  const base = {code, throttled: false, ...(errno === undefined ? {} : {errno})}
  return {...base, kind: kindOf(cause, code)}
}

function kindOf(cause: unknown, code: string): ErrorKind {
  if (cause instanceof InterruptedError || code === 'AbortError' || code === 'ABORT_ERR') return 'interrupted'
  if (cause instanceof ValueError) return 'usage'
  if (cause instanceof ConfigError) return 'config'
  if (cause instanceof NotS3Error || code === NOT_S3_ANSWER || code === INCONSISTENT_LISTING) return 'not-s3'
  if (cause instanceof LocalFileError || LOCAL_CODES.has(code) || code === 'LocalFileChanged') return 'local-file'
  if (cause instanceof NetworkError || NETWORK_CODES.has(code) || TLS_CODE.test(code)) return 'network'
  if (cause instanceof DeleteObjectsError) return s3Kind(code)
  return 'failure'
}

function classifyS3(detail: S3ErrorDetail): Classification {
  const {code, status} = detail
  const s3 = s3Kind(code)
  const kind = s3 !== 'rejected' ? s3 : status === 404 ? 'not-found' : status === 403 ? 'access-denied' : status >= 500 ? 'server' : 'rejected'
  return {kind, code, status, throttled: THROTTLE_CODES.has(code)}
}

/** What an S3 error code says on its own, whatever the status. */
function s3Kind(code: string): ErrorKind {
  if (NOT_FOUND_CODES.test(code)) return 'not-found'
  if (ACCESS_CODES.has(code)) return 'access-denied'
  return 'rejected'
}

function codeOfUnknown(error: unknown): string {
  if (error instanceof Error) return codeOf(error)
  const code = (error as {code?: unknown} | undefined)?.code
  return typeof code === 'string' ? code : 'Error'
}

/** The error number of a Node error code (ECONNRESET -> 104), or undefined. */
export function errnoOfCode(code: string | undefined): number | undefined {
  if (!code) return undefined
  const n = (constants.errno as Record<string, number>)[code]
  return typeof n === 'number' ? n : undefined
}

// ---------------------------------------------------------------- S3's words

/** S3's own wording for common codes, for servers that send a code with an empty <Message> (RGW). */
const MESSAGES: Record<string, string> = {
  AccessDenied: 'Access denied',
  BucketAlreadyExists: 'The requested bucket name is not available',
  BucketAlreadyOwnedByYou: 'You already own this bucket',
  BucketNotEmpty: 'The bucket you tried to delete is not empty',
  InvalidAccessKeyId: 'The access key id you provided does not exist in our records',
  InvalidBucketName: 'The specified bucket is not valid',
  MalformedXML: 'The XML you provided was not well-formed or did not validate',
  MalformedPolicy: 'The policy is not valid',
  NoSuchBucket: 'The specified bucket does not exist',
  NoSuchBucketPolicy: 'The bucket has no policy',
  NoSuchCORSConfiguration: 'The bucket has no CORS configuration',
  NoSuchKey: 'The specified key does not exist',
  NoSuchLifecycleConfiguration: 'The bucket has no lifecycle configuration',
  NoSuchTagSet: 'The bucket has no tag set',
  NoSuchTagSetError: 'The bucket has no tag set',
  NoSuchUpload: 'The specified multipart upload does not exist',
  NoSuchWebsiteConfiguration: 'The bucket has no website configuration',
  SignatureDoesNotMatch: 'The request signature does not match: check the secret access key',
}

export function messageForCode(code: string): string | undefined {
  return MESSAGES[code]
}

/** S3 codes for responses that carry no body (HEAD), so callers still see a meaningful code. */
export function codeForStatus(status: number, hasKey: boolean): {code: string; message: string} {
  switch (status) {
    case 301: return {code: 'PermanentRedirect', message: 'The bucket is in another region or endpoint'}
    case 400: return {code: 'BadRequest', message: 'Bad request'}
    case 403: return {code: 'AccessDenied', message: 'Access denied'}
    case 404: return hasKey
      ? {code: 'NoSuchKey', message: 'The specified key does not exist.'}
      : {code: 'NoSuchBucket', message: 'The specified bucket does not exist'}
    case 405: return {code: 'MethodNotAllowed', message: 'The method is not allowed against this resource'}
    case 409: return {code: 'Conflict', message: 'Conflict'}
    case 412: return {code: 'PreconditionFailed', message: 'A precondition did not hold'}
    case 416: return {code: 'InvalidRange', message: 'The requested range is not satisfiable'}
    case 500: return {code: 'InternalError', message: 'Internal server error'}
    case 503: return {code: 'ServiceUnavailable', message: 'Service unavailable'}
    default: return {code: `Http${status}`, message: `HTTP status ${status}`}
  }
}
