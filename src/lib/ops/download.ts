/**
 * Streaming download that survives a connection dying mid-body: the body is written to a sink
 * as it arrives while its MD5 is computed; when the stream fails, the rest is asked for with
 * Range + If-Match on the first answer's ETag (so a changed object fails instead of mixing two
 * versions), within the connection's retry policy. At the end the length is checked, and the
 * MD5 against the ETag when the ETag is a plain MD5 (not multipart, not SSE-KMS/SSE-C).
 */
import {createHash, type Hash} from 'node:crypto'
import type {Readable} from 'node:stream'
import type {S3Connection} from '../client/connection.js'
import {FinalFailure, IntegrityError, NetworkError, StorageError} from '../errors.js'
import {etagMd5, headerValue} from '../client/response.js'
import type {S3Response} from '../client/response.js'
import {type Target, ValueError} from '../types.js'

/** Where downloaded bytes go; a failure here is local and never retried. */
export interface Sink {
  /** May return before the chunk is written (a write-behind sink): flush() reports such writes. */
  write(chunk: Buffer): Promise<void>
  /** Waits until every chunk handed over is written; throws a failed write's error. */
  flush?(): Promise<void>
}

export interface DownloadOptions {
  versionId?: string
  /** Extra request headers of every try: an SSE-C object's key (sseCustomerHeaders), x-amz-request-payer... */
  headers?: Record<string, string>
  /** 'bytes=0-99', 'bytes=100-', 'bytes=-100', or {start, end?} (inclusive end). */
  range?: string | {start: number; end?: number}
  signal?: AbortSignal
  onProgress?: (bytesDone: number, total?: number) => void
}

/**
 * How one range of a ranged download is fetched (ranged-download.ts): the per-range logic
 * (resume, If-Match, length check) stays this module's.
 */
export interface RangeFetch {
  /** Given the first answer, the hash to feed the bytes to in order (the whole object's MD5), if any. */
  hashFor?: (response: S3Response) => Hash | undefined
  /** The answer may be 200 with the whole object (a first range to a server that ignores Range). */
  wholeAllowed?: boolean
}

export interface DownloadResult {
  /** The headers of the first answer (status 200 or 206). */
  response: S3Response
  bytes: number
}

/**
 * One non-empty byte range as a Range header value. Servers answer a range they find invalid
 * (`bytes=-0`, `bytes=5-3`, several ranges) with the whole object, so those are refused here
 * (a ValueError: a usage error).
 */
export function normalizeRange(range: DownloadOptions['range']): string | undefined {
  if (range === undefined) return undefined
  if (typeof range === 'string') {
    const m = range.trim().match(/^(?:bytes=)?(?:(\d+)-(\d*)|-(\d+))$/)
    if (!m) throw invalidRange(JSON.stringify(range))
    const [, first, last, suffix] = m
    if (suffix !== undefined && Number(suffix) === 0) throw invalidRange(`${JSON.stringify(range)} (an empty suffix)`)
    if (last && Number(last) < Number(first)) throw invalidRange(`${JSON.stringify(range)} (LAST before FIRST)`)
    return suffix === undefined ? `bytes=${first}-${last}` : `bytes=-${suffix}`
  }
  const whole = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0
  if (!whole(range.start) || (range.end !== undefined && (!whole(range.end) || range.end < range.start))) {
    throw invalidRange(JSON.stringify(range))
  }
  return `bytes=${range.start}-${range.end ?? ''}`
}

function invalidRange(shown: string): StorageError {
  return new StorageError('read', new ValueError(`invalid range ${shown}: use one range, bytes=FIRST-LAST, bytes=FIRST- or bytes=-SUFFIX (SUFFIX > 0)`))
}

/** `bytes FIRST-LAST/TOTAL` -> absolute first and last byte. */
function contentRange(response: S3Response): {first: number; last: number} | undefined {
  const m = headerValue(response.headers, 'content-range')?.match(/bytes (\d+)-(\d+)\//)
  return m ? {first: Number(m[1]), last: Number(m[2])} : undefined
}

/** The size of the whole object an answer is part of: Content-Range's total, else (a 200) its length. */
export function objectSize(response: S3Response): number | undefined {
  const total = headerValue(response.headers, 'content-range')?.match(/\/(\d+)$/)
  if (total) return Number(total[1])
  const length = headerValue(response.headers, 'content-length')
  return response.statusCode === 200 && length !== undefined ? Number(length) : undefined
}

/** A plain (single PUT, no KMS/customer key) ETag is the MD5 of the object. */
export function plainMd5(response: S3Response): string | undefined {
  const etag = etagMd5(headerValue(response.headers, 'etag'))
  if (!etag) return undefined
  if (headerValue(response.headers, 'x-amz-server-side-encryption')?.startsWith('aws:kms')) return undefined // aws:kms, aws:kms:dsse
  if (headerValue(response.headers, 'x-amz-server-side-encryption-customer-algorithm')) return undefined
  return etag
}

/** The MD5 a whole-object answer must match, when its ETag is one. */
function expectedMd5(response: S3Response, userRange: string | undefined): string | undefined {
  return userRange === undefined && response.statusCode === 200 ? plainMd5(response) : undefined
}

export async function runDownload(connection: S3Connection, op: string, target: Target, sink: Sink, options: DownloadOptions = {}, fetch: RangeFetch = {}): Promise<DownloadResult> {
  const userRange = normalizeRange(options.range)
  const query = options.versionId ? {versionId: options.versionId} : undefined
  // Hashing costs about as much CPU as receiving: only hash when there is an MD5 to check.
  let hash: Hash | undefined
  let first: S3Response | undefined
  let expected: number | undefined // bytes the whole download should have
  let span: {first: number; last: number} | undefined // absolute range being fetched, once known
  let received = 0
  let bodyStarted = false // a try got as far as the body
  let sinkFailed = false

  // Each try asks for what is still missing: after a cut, the rest of the same object version.
  const build = () => {
    const headers: Record<string, string> = {...options.headers}
    if (first && received > 0) {
      const start = (span?.first ?? 0) + received
      headers.range = `bytes=${start}-${span ? span.last : ''}`
      const etag = headerValue(first.headers, 'etag')
      if (etag) headers['if-match'] = etag
    } else if (userRange) {
      headers.range = userRange
    }
    return {op, method: 'GET' as const, ...target, query, headers, signal: options.signal}
  }

  const consume = async (response: S3Response, body: Readable) => {
    // A 200 to a ranged request is the whole object: the server ignored the range. Writing it
    // would give more than was asked (or append the object to a resumed file): stop, unretried.
    const resumed = first !== undefined && received > 0
    const askedRange = resumed || (userRange !== undefined && !fetch.wholeAllowed)
    if (askedRange && response.statusCode === 200) {
      throw new FinalFailure(new IntegrityError('the server ignored the Range header and answered with the whole object (200, not 206)', 'RangeIgnored'))
    }
    bodyStarted = true
    if (!first) {
      first = response
      span = response.statusCode === 206 ? contentRange(response) : undefined
      const length = headerValue(response.headers, 'content-length')
      expected = length === undefined ? undefined : Number(length)
      if (fetch.hashFor) hash = fetch.hashFor(response)
      else if (expectedMd5(response, userRange)) hash = createHash('md5')
    }
    const thisLength = headerValue(response.headers, 'content-length')
    let thisReceived = 0
    for await (const chunk of body as AsyncIterable<Buffer>) {
      hash?.update(chunk)
      try {
        await sink.write(chunk)
      } catch (error) {
        sinkFailed = true
        throw new FinalFailure(error)
      }
      received += chunk.length
      thisReceived += chunk.length
      options.onProgress?.(received, expected)
    }
    if (thisLength !== undefined && thisReceived !== Number(thisLength)) {
      throw new NetworkError(`connection closed after ${thisReceived} of ${thisLength} bytes`, 'ECONNRESET')
    }
    try {
      await sink.flush?.()
    } catch (error) {
      sinkFailed = true
      throw new FinalFailure(error)
    }
  }

  try {
    await connection.requestStream(build, consume)
  } catch (error) {
    // A connection lost mid-body (for the last time) says how far the download got.
    const lostMidBody = bodyStarted && !sinkFailed && !options.signal?.aborted && error instanceof StorageError && error.status === undefined
    if (!lostMidBody) throw error
    throw new StorageError(op, new NetworkError(`download of s3://${target.bucket}/${target.key} failed after ${received} bytes: ${error.exception.message}`, error.code))
  }

  if (!first) throw new StorageError(op, new Error('the server sent no answer'))
  if (expected !== undefined && received !== expected) {
    throw new StorageError(op, new IntegrityError(`received ${received} bytes of ${expected}`, 'IncompleteBody'))
  }
  const md5 = expectedMd5(first, userRange)
  if (md5 && hash && !fetch.hashFor) {
    const actual = hash.digest('hex')
    if (actual !== md5) throw new StorageError(op, new IntegrityError(`MD5 ${actual} of the received bytes differs from the ETag ${md5}`, 'BadDigest'))
  }
  return {response: first, bytes: received}
}
