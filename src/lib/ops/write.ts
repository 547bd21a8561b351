/**
 * write: an upload from a file, bytes, `{content}` or a stream, in one PUT below the multipart
 * threshold, multipart at or above it; `stored` is reported once it is in place.
 */
import type {StreamBody} from '../client/connection.js'
import type {Client} from '../client/client.js'
import {MAX_SINGLE_REQUEST_OBJECT, SIGNED_PAYLOAD_LIMIT} from '../constants.js'
import {StorageError} from '../errors.js'
import {etagOf, headerValue, parseBody, quotedEtag, type S3Response} from '../client/response.js'
import {hasHeader, type Headers, type RemoteName, type Target} from '../types.js'
import {planPartSize} from './multipart-driver.js'
import {headAs, type WriteOptions, type WriteResult} from './objects.js'
import {BufferSource, type ByteSource, openSource, StreamSource, type UploadInput} from './sources.js'
import {multipartUpload} from './upload.js'

/**
 * Uploads `localName` as `remoteName`. `localName` is a file's path (a plain string is always
 * a path, as in the original), the bytes themselves (a Buffer or Uint8Array), a Readable
 * (such as stdin), or `{content}`: a string (UTF-8) or bytes to store as they are.
 * `x-amz-meta-*` headers become metadata; other headers pass through; Content-Type is guessed
 * from the file's name, else the key's, when absent. At or above the multipart threshold the
 * upload goes multipart.
 */
export async function write(client: Client, localName: UploadInput, remoteName: RemoteName, headers: Headers = {}, options: WriteOptions = {}): Promise<WriteResult> {
  const op = 'write'
  const target = client.resolve(remoteName, op)
  const sendHeaders = {...headers}
  if (!hasHeader(sendHeaders, 'content-type')) {
    const {guessContentType} = await import('../content-type.js') // the type table loads only when a type is guessed
    sendHeaders['content-type'] = guessContentType(typeof localName === 'string' && localName !== '-' ? localName : target.key)
  }
  const source = await client.wrapErrors(op, () => openSource(localName))
  let result: WriteResult
  try {
    result = await client.wrapErrors(op, () => upload(client, op, target, source, sendHeaders, options))
  } finally {
    await source.close().catch(() => {})
  }
  const {size, eTag, versionId} = result
  await client.connection.events.stored({...target, size, eTag, versionId, source: typeof localName === 'string' ? localName : '-', op})
  return result
}

async function upload(client: Client, op: string, target: Target, source: ByteSource, headers: Headers, options: WriteOptions): Promise<WriteResult> {
  const threshold = options.multipartThreshold ?? client.connection.multipartThreshold
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? client.connection.concurrency))
  const partSize = planPartSize(options.partSize ?? client.connection.partSize, source.size)
  const single = await singlePutBody(client, op, source, threshold)
  if (single) return singlePut(client, op, target, source, headers, single, options)
  const {response, parts, size} = await multipartUpload({
    send: (req) => client.send(req), op, target, headers, source, partSize, concurrency,
    signal: options.signal, onProgress: options.onProgress, onInitiated: options.onMultipartStart,
  })
  const eTag = await client.wrapErrors(op, async () => {
    const doc = await parseBody(op, response)
    const result = doc.CompleteMultipartUploadResult as Record<string, unknown> | undefined
    const fromBody = quotedEtag(String(result?.ETag ?? '')) || headerValue(response.headers, 'etag')
    // Ceph RGW 16 answers with an empty <ETag>: ask for it.
    return fromBody || (await headAs(client, op, target)).eTag
  })
  return {eTag, versionId: headerValue(response.headers, 'x-amz-version-id'), size, parts}
}

/**
 * The body of the one PUT a source below the threshold goes up in; undefined when it goes
 * multipart. A file too big to sign its payload is streamed from the file (never held in
 * memory) with a Content-MD5 from a first read, so the server refuses bytes that differ from
 * the ones hashed; smaller files and stdin are read into memory.
 */
async function singlePutBody(client: Client, op: string, source: ByteSource, threshold: number): Promise<Buffer | StreamBody | undefined> {
  // Hold up to the threshold: an input that ends before it is one PUT, like a small file.
  const size = source instanceof StreamSource ? await source.peek(threshold) : source.size!
  if (size >= threshold) return undefined
  if (size > MAX_SINGLE_REQUEST_OBJECT) throw new StorageError(op, new Error('a single PUT is limited to 5 GiB: lower multipart_threshold'))
  if (source instanceof StreamSource) return source.takeHeld()
  if (source instanceof BufferSource) return source.bytes // the caller's bytes, sent as they are: no copy
  if (size > SIGNED_PAYLOAD_LIMIT && source.slice) return source.slice(0, size, 'content-md5')
  const body = Buffer.allocUnsafe(size)
  const filled = await source.fill(body)
  await source.verifyUnchanged?.() // a file that changed while read is never sent half old, half new
  return body.subarray(0, filled)
}

async function singlePut(client: Client, op: string, target: Target, source: ByteSource, headers: Headers, body: Buffer | StreamBody, options: WriteOptions): Promise<WriteResult> {
  let response: S3Response
  try {
    response = await client.send({op, method: 'PUT', ...target, headers, body, signal: options.signal})
  } catch (error) {
    // A streamed body refused for its digest, or cut short, is the file changing: say so.
    if (!Buffer.isBuffer(body)) await source.verifyUnchanged?.()
    throw error
  }
  options.onProgress?.(body.length, body.length)
  return {eTag: etagOf(op, response), versionId: headerValue(response.headers, 'x-amz-version-id'), size: body.length, parts: 0}
}
