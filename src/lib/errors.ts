import type {S3Response} from './transport.js'

/** The code of the error raised when a server answers in a way S3 never does (see response.ts notS3Reason). */
export const NOT_S3_ANSWER = 'NotS3Answer'

/** What S3 said when a request completed but failed. */
export interface S3ErrorDetail {
  code: string
  message: string
  status: number
  requestId?: string
  bucket?: string
  key?: string
  resource?: string
}

/**
 * The one error every Storage method raises, with the original's fields:
 * - msg: the name of the method that was called ('read', 'bucketGetCors'...)
 * - exception: what S3 said (S3ErrorDetail) or the underlying Error (disk, network, config)
 * - response: the raw response, or null when no response was received
 * `code` is the S3 error code or the Node error code (ENOENT, ECONNRESET...), for callers and exit codes.
 */
export class StorageError extends Error {
  override name = 'StorageError'
  readonly code: string

  constructor(
    public readonly msg: string,
    public readonly exception: S3ErrorDetail | Error,
    public readonly response: S3Response | null = null,
  ) {
    super(describe(msg, exception))
    this.code = isS3Detail(exception) ? exception.code : codeOf(exception)
  }

  /** Wrap anything thrown inside a Storage method exactly once. */
  static from(msg: string, error: unknown): StorageError {
    if (error instanceof StorageError) return error
    return new StorageError(msg, error instanceof Error ? error : new Error(String(error)))
  }

  get status(): number | undefined {
    return isS3Detail(this.exception) ? this.exception.status : undefined
  }
}

/** A Node error's code (ENOENT, ECONNRESET...), else its name: never a number (a DOMException's code is). */
function codeOf(error: Error): string {
  const code = (error as {code?: unknown}).code
  return typeof code === 'string' ? code : error.name
}

export function isS3Detail(e: unknown): e is S3ErrorDetail {
  return typeof e === 'object' && e !== null && !(e instanceof Error) && 'code' in e && 'status' in e
}

function describe(msg: string, exception: S3ErrorDetail | Error): string {
  if (!isS3Detail(exception)) return `${msg}: ${exception.message}`
  const where = exception.bucket ? ` (s3://${exception.bucket}${exception.key === undefined ? '' : '/' + exception.key})` : ''
  const id = exception.requestId ? ` [request id ${exception.requestId}]` : ''
  return `${msg}${where}: ${exception.code}${exception.message ? ': ' + exception.message : ''}${id}`
}

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
