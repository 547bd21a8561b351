/**
 * Multipart upload of a ByteSource with bounded memory: file parts stream from their byte
 * range, other inputs are read into reused part buffers. A file part is read once and hashed
 * as it is sent; its ETag (the MD5 of the part, when no KMS or customer key encrypts it) must
 * match before the upload completes. Where the ETag is no MD5, parts are read twice instead:
 * once for the Content-MD5, once to send.
 * This file only cuts the source into parts; multipart-driver.ts sends them (in flight,
 * completed, or aborted on failure).
 */
import {MAX_PART_SIZE} from '../constants.js'
import type {StreamBody} from '../client/connection.js'
import {sseCustomerOnly} from '../object-headers.js'
import {etagOf} from '../client/response.js'
import type {S3Response} from '../client/response.js'
import type {Target} from '../types.js'
import {plainMd5} from './download.js'
import {type Send, uploadPart} from './multipart.js'
import {type PartJob, runMultipart} from './multipart-driver.js'
import type {ByteSource} from './sources.js'

/** Size of part `n` (1-based) when the total is unknown: base, 2x base from part 1001, 3x from 2001... */
export function partSizeFor(n: number, base: number, sizeKnown: boolean): number {
  if (sizeKnown) return base
  return Math.min(base * (1 + Math.floor((n - 1) / 1000)), MAX_PART_SIZE)
}

export interface UploadProgress {
  (bytesDone: number, total?: number): void
}

export interface MultipartUploadArgs {
  send: Send
  op: string
  target: Target
  headers: Record<string, string>
  source: ByteSource
  /** Bytes per part (already planned with planPartSize) and parts in flight. */
  partSize: number
  concurrency: number
  signal?: AbortSignal
  onProgress?: UploadProgress
  /** Called with the upload id once it exists (tests use it to fire aborts mid-way). */
  onInitiated?: (uploadId: string) => void
}

export async function multipartUpload(args: MultipartUploadArgs): Promise<{response: S3Response; parts: number; size: number}> {
  const {send, op, target, source} = args
  const partHeaders = sseCustomerOnly(args.headers) // an SSE-C object's parts are sent with its key too
  // The ETag check needs ETags that are MD5s: not so under a KMS or customer key.
  let digest: 'content-md5' | 'while-sent' = Object.keys(partHeaders).length > 0 || isKms(args.headers) ? 'content-md5' : 'while-sent'
  const pool: Buffer[] = []
  let n = 0
  let ended = false
  let done = 0
  const nextPart = async (uploadId: string): Promise<PartJob | null> => {
    if (ended) return null
    n++
    const size = partSizeFor(n, args.partSize, source.size !== undefined)
    const {body, filled, owned} = await readPart(source, n, size, pool, digest)
    const release = owned ? () => pool.push(owned) : undefined
    if (filled === 0 && n > 1) {
      release?.()
      return null
    }
    if (filled < size) ended = true // the source ended inside this part
    const partNumber = n
    const sendPart = async (signal: AbortSignal): Promise<string> => {
      const request = {send, op, target, uploadId, partNumber, headers: partHeaders, signal}
      if (!isHashedWhileSent(body)) return uploadPart(send, op, target, uploadId, partNumber, body, signal, partHeaders)
      const checked = await sendCheckingEtag(request, body)
      if (checked.etag) return checked.etag
      if (checked.notMd5) digest = 'content-md5' // the bucket encrypts with KMS: Content-MD5 from now on
      // Sent again with a Content-MD5, which the server checks itself.
      const again = await readPart(source, partNumber, size, pool, 'content-md5')
      return uploadPart(send, op, target, uploadId, partNumber, again.body, signal, partHeaders)
    }
    return {partNumber, bytes: filled, release, send: sendPart}
  }
  const verifyUnchanged = async () => source.verifyUnchanged?.()
  try {
    const result = await runMultipart({
      send, op, target, headers: args.headers, concurrency: args.concurrency, signal: args.signal, nextPart,
      onInitiated: args.onInitiated,
      onPartDone: (bytes) => {
        done += bytes
        args.onProgress?.(done, source.size)
      },
      beforeComplete: verifyUnchanged,
    })
    return {...result, size: done}
  } catch (error) {
    // A part refused for its digest, or a read that came up short, is the file changing under
    // the upload: say so, rather than blame the network or the server.
    await verifyUnchanged()
    throw error
  }
}

/**
 * Part `n` of the source: a stream over the file's range when the source can slice (files:
 * no part buffered), else bytes read into a pooled buffer (stdin and other streams).
 */
async function readPart(source: ByteSource, n: number, size: number, pool: Buffer[], digest: 'content-md5' | 'while-sent'): Promise<{body: Buffer | StreamBody; filled: number; owned?: Buffer}> {
  if (source.slice && source.size !== undefined) {
    const offset = (n - 1) * size
    const filled = Math.max(0, Math.min(size, source.size - offset))
    return {body: await source.slice(offset, filled, digest), filled}
  }
  let buffer = pool.pop()
  if (!buffer || buffer.length !== size) buffer = Buffer.allocUnsafe(size)
  const filled = await source.fill(buffer)
  return {body: buffer.subarray(0, filled), filled, owned: buffer}
}

function isHashedWhileSent(body: Buffer | StreamBody): body is StreamBody & {sentMd5(): string | undefined} {
  return !Buffer.isBuffer(body) && body.sentMd5 !== undefined
}

/**
 * Sends a part hashed as it goes. Its ETag when the server's MD5 of it (the ETag) matches the
 * bytes sent; no ETag when it arrived damaged or could not be hashed whole; notMd5 when the
 * ETag is no MD5 (a bucket that encrypts with KMS by default).
 */
async function sendCheckingEtag(
  request: {send: Send; op: string; target: Target; uploadId: string; partNumber: number; headers: Record<string, string>; signal: AbortSignal},
  body: StreamBody & {sentMd5(): string | undefined},
): Promise<{etag?: string; notMd5?: boolean}> {
  const {send, op, target, uploadId, partNumber, headers, signal} = request
  const response = await send({op, method: 'PUT', ...target, query: {partNumber, uploadId}, body, headers, signal})
  const md5 = plainMd5(response)
  if (!md5) return {notMd5: true}
  return body.sentMd5() === md5 ? {etag: etagOf(op, response)} : {}
}

/** Headers asking for SSE-KMS: the parts' ETags are then no MD5s. */
function isKms(headers: Record<string, string>): boolean {
  const value = Object.entries(headers).find(([name]) => name.toLowerCase() === 'x-amz-server-side-encryption')?.[1]
  return value !== undefined && value.startsWith('aws:kms')
}
