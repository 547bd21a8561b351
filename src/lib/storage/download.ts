/**
 * Streaming download that survives a connection dying mid-body: the body is written to a sink
 * as it arrives while its MD5 is computed; when the stream fails, the rest is asked for with
 * Range + If-Match on the first answer's ETag (so a changed object fails instead of mixing two
 * versions), within the connection's retry policy. At the end the length is checked, and the
 * MD5 against the ETag when the ETag is a plain MD5 (not multipart, not SSE-KMS/SSE-C).
 */
import {createHash, type Hash} from 'node:crypto'
import type {Readable} from 'node:stream'
import type {S3Connection} from '../connection.js'
import {StorageError} from '../errors.js'
import {headerValue} from '../response.js'
import {FinalFailure} from '../retry.js'
import type {S3Response} from '../transport.js'
import type {Target} from '../types.js'

/** Where downloaded bytes go; a failure here is local and never retried. */
export interface Sink {
  write(chunk: Buffer): Promise<void>
}

export interface DownloadOptions {
  versionId?: string
  /** 'bytes=0-99', 'bytes=100-', 'bytes=-100', or {start, end?} (inclusive end). */
  range?: string | {start: number; end?: number}
  signal?: AbortSignal
  onProgress?: (bytesDone: number, total?: number) => void
}

export interface DownloadResult {
  /** The headers of the first answer (status 200 or 206). */
  response: S3Response
  bytes: number
}

export function normalizeRange(range: DownloadOptions['range']): string | undefined {
  if (range === undefined) return undefined
  if (typeof range === 'string') {
    const value = range.trim()
    if (!/^(bytes=)?(\d+-\d*|-\d+)$/.test(value)) throw new StorageError('read', new RangeError(`invalid range "${range}": use bytes=FIRST-LAST, bytes=FIRST- or bytes=-SUFFIX`))
    return value.startsWith('bytes=') ? value : `bytes=${value}`
  }
  if (!(range.start >= 0) || (range.end !== undefined && range.end < range.start)) {
    throw new StorageError('read', new RangeError(`invalid range ${JSON.stringify(range)}`))
  }
  return `bytes=${range.start}-${range.end ?? ''}`
}

/** `bytes FIRST-LAST/TOTAL` -> absolute first and last byte. */
function contentRange(response: S3Response): {first: number; last: number} | undefined {
  const m = headerValue(response.headers, 'content-range')?.match(/bytes (\d+)-(\d+)\//)
  return m ? {first: Number(m[1]), last: Number(m[2])} : undefined
}

/** A plain (single PUT, no KMS/customer key) ETag is the MD5 of the object. */
export function plainMd5(response: S3Response): string | undefined {
  const etag = headerValue(response.headers, 'etag')?.replace(/"/g, '').toLowerCase()
  if (!etag || !/^[0-9a-f]{32}$/.test(etag)) return undefined
  if (headerValue(response.headers, 'x-amz-server-side-encryption') === 'aws:kms') return undefined
  if (headerValue(response.headers, 'x-amz-server-side-encryption-customer-algorithm')) return undefined
  return etag
}

/** The MD5 a whole-object answer must match, when its ETag is one. */
function expectedMd5(response: S3Response, userRange: string | undefined): string | undefined {
  return userRange === undefined && response.statusCode === 200 ? plainMd5(response) : undefined
}

export async function runDownload(connection: S3Connection, op: string, target: Target, sink: Sink, options: DownloadOptions = {}): Promise<DownloadResult> {
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
    const headers: Record<string, string> = {}
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
    bodyStarted = true
    if (!first) {
      first = response
      span = response.statusCode === 206 ? contentRange(response) : undefined
      const length = headerValue(response.headers, 'content-length')
      expected = length === undefined ? undefined : Number(length)
      if (expectedMd5(response, userRange)) hash = createHash('md5')
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
      throw Object.assign(new Error(`connection closed after ${thisReceived} of ${thisLength} bytes`), {code: 'ECONNRESET'})
    }
  }

  try {
    await connection.requestStream(build, consume)
  } catch (error) {
    // A connection lost mid-body (for the last time) says how far the download got.
    const lostMidBody = bodyStarted && !sinkFailed && !options.signal?.aborted && error instanceof StorageError && error.status === undefined
    if (!lostMidBody) throw error
    throw new StorageError(op, Object.assign(new Error(`download of s3://${target.bucket}/${target.key} failed after ${received} bytes: ${error.exception.message}`), {code: error.code}))
  }

  if (!first) throw new StorageError(op, new Error('the server sent no answer'))
  if (expected !== undefined && received !== expected) {
    throw new StorageError(op, Object.assign(new Error(`received ${received} bytes of ${expected}`), {code: 'IncompleteBody'}))
  }
  const md5 = expectedMd5(first, userRange)
  if (md5 && hash) {
    const actual = hash.digest('hex')
    if (actual !== md5) throw new StorageError(op, Object.assign(new Error(`MD5 ${actual} of the received bytes differs from the ETag ${md5}`), {code: 'BadDigest'}))
  }
  return {response: first, bytes: received}
}
