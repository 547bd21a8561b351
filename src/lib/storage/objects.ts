/**
 * The original's object methods: write, read, exists, delete, copy, updateMetadata, plus presign,
 * head, and the multipart housekeeping calls. Every method raises one StorageError named after
 * itself; `storage.response` holds the last raw response, as in the original package.
 */
import type {Writable} from 'node:stream'
import type {StreamBody} from '../connection.js'
import {MAX_SINGLE_REQUEST_OBJECT, MiB, SIGNED_PAYLOAD_LIMIT} from '../constants.js'
import {StorageError} from '../errors.js'
import {asCopySourceHeaders, sseCustomerOnly} from '../object-headers.js'
import {etagOf, headerValue, parseBody, quotedEtag, type ResponseHeaders} from '../response.js'
import type {S3Response} from '../transport.js'
import {hasHeader, type Headers, type Metadata, metadataOf, type RemoteName, type Target} from '../types.js'
import type {XmlObject} from '../xml.js'
import {type BucketConfigData, decodeBucketConfig, encodeBucketConfig} from './bucket-config-body.js'
import {type BucketConfigSpec, type ConfigOperation, findConfig, methodName} from './bucket-configs.js'
import {copySourceHeader, multipartCopy, singleCopy} from './copy.js'
import {StorageCore} from './core.js'
import {type DownloadOptions, type DownloadResult, runDownload, type Sink} from './download.js'
import {openFileSink} from './download-file.js'
import {abortUpload, listUploads, type OpenUpload} from './multipart.js'
import {planPartSize} from './multipart-driver.js'
import {BufferSource, type ByteSource, openSource, StreamSource, type UploadInput} from './sources.js'
import {multipartUpload, type UploadProgress} from './upload.js'

export interface TransferTuning {
  /** Uploads at or above this many bytes go multipart (default: the connection's multipart_threshold). */
  multipartThreshold?: number
  /** Bytes per part (default: the connection's part_size; grown to fit 10000 parts). */
  partSize?: number
  /** Parts in flight (default: the connection's concurrency). */
  concurrency?: number
  /** Aborting it stops the transfer; a multipart upload is then aborted on the server. */
  signal?: AbortSignal
}

export interface WriteOptions extends TransferTuning {
  onProgress?: UploadProgress
  /** Called with the multipart upload id once it exists. */
  onMultipartStart?: (uploadId: string) => void
}

export interface WriteResult {
  eTag: string
  versionId?: string
  size: number
  /** 0 for a single PUT. */
  parts: number
}

export interface ReadOptions extends DownloadOptions {}

/** What a download received: the object's metadata and the facts of the bytes written. */
export interface ReadResult {
  metadata: Metadata
  /** Bytes written (the range's length for a ranged read). */
  size: number
  eTag: string
  contentType: string
  lastModified: string
  versionId?: string
  headers: ResponseHeaders
}

export interface CopyOptions extends TransferTuning {
  /** Sources at or above this size copy by multipart copy (default and maximum 5 GiB). */
  multipartThreshold?: number
  /** Copy this version of the source. */
  sourceVersionId?: string
  /**
   * Headers that read the source, sent on its HEAD: an SSE-C source's key (sseCustomerHeaders),
   * which the copy itself sends in its x-amz-copy-source-... form; x-amz-request-payer.
   */
  sourceHeaders?: Headers
}

/** What reading an object's metadata takes besides its name. */
export interface HeadOptions {
  versionId?: string
  /** Extra request headers: an SSE-C object's key (sseCustomerHeaders), x-amz-request-payer... */
  headers?: Headers
}

export interface ObjectInfo {
  metadata: Metadata
  size: number
  eTag: string
  lastModified: string
  contentType: string
  versionId?: string
  storageClass?: string
  headers: ResponseHeaders
}

/** Which object an object sub-resource call (objectGetTagging...) is about, besides its name. */
export interface ObjectConfigOptions {
  /** That version of the object (versioned buckets); default: the current one. */
  versionId?: string
}

/** Parts of a multipart copy are at least this big: the server copies them, so fewer is faster. */
const COPY_PART_SIZE = 256 * MiB

/** System headers an object keeps when its metadata is replaced (S3 would otherwise reset them). */
const KEPT_HEADERS = ['content-type', 'cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires',
  'x-amz-storage-class', 'x-amz-website-redirect-location', 'x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id']

/** Headers a CopyObject ignores unless the metadata directive is REPLACE. */
const REPLACED_HEADERS = ['content-type', 'cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires']

function hasMetadata(headers: Headers): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase().startsWith('x-amz-meta-'))
}

function hasSystemHeaders(headers: Headers): boolean {
  return Object.keys(headers).some((k) => REPLACED_HEADERS.includes(k.toLowerCase()))
}

export class ObjectStorage extends StorageCore {
  // ---------------------------------------------------------------- write

  /**
   * Uploads `localName` as `remoteName`. `localName` is a file's path (a plain string is always
   * a path, as in the original), the bytes themselves (a Buffer or Uint8Array), a Readable
   * (such as stdin), or `{content}`: a string (UTF-8) or bytes to store as they are.
   * `x-amz-meta-*` headers become metadata; other headers pass through; Content-Type is guessed
   * from the file's name, else the key's, when absent. At or above the multipart threshold the
   * upload goes multipart.
   */
  async write(localName: UploadInput, remoteName: RemoteName, headers: Headers = {}, options: WriteOptions = {}): Promise<WriteResult> {
    const op = 'write'
    const target = this.resolve(remoteName, op)
    const sendHeaders = {...headers}
    if (!hasHeader(sendHeaders, 'content-type')) {
      const {guessContentType} = await import('../content-type.js') // the type table loads only when a type is guessed
      sendHeaders['content-type'] = guessContentType(typeof localName === 'string' && localName !== '-' ? localName : target.key)
    }
    const source = await this.wrapErrors(op, () => openSource(localName))
    let result: WriteResult
    try {
      result = await this.wrapErrors(op, () => this.upload(op, target, source, sendHeaders, options))
    } finally {
      await source.close().catch(() => {})
    }
    const {size, eTag, versionId} = result
    await this.connection.events.stored({...target, size, eTag, versionId, source: typeof localName === 'string' ? localName : '-', op})
    return result
  }

  private async upload(op: string, target: Target, source: ByteSource, headers: Headers, options: WriteOptions): Promise<WriteResult> {
    const threshold = options.multipartThreshold ?? this.connection.multipartThreshold
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? this.connection.concurrency))
    const partSize = planPartSize(options.partSize ?? this.connection.partSize, source.size)
    const single = await this.singlePutBody(op, source, threshold)
    if (single) return this.singlePut(op, target, source, headers, single, options)
    const {response, parts, size} = await multipartUpload({
      send: (req) => this.send(req), op, target, headers, source, partSize, concurrency,
      signal: options.signal, onProgress: options.onProgress, onInitiated: options.onMultipartStart,
    })
    const eTag = await this.wrapErrors(op, async () => {
      const doc = await parseBody(op, response)
      const result = doc.CompleteMultipartUploadResult as Record<string, unknown> | undefined
      const fromBody = quotedEtag(String(result?.ETag ?? '')) || headerValue(response.headers, 'etag')
      // Ceph RGW 16 answers with an empty <ETag>: ask for it.
      return fromBody || (await this.headAs(op, target)).eTag
    })
    return {eTag, versionId: headerValue(response.headers, 'x-amz-version-id'), size, parts}
  }

  /**
   * The body of the one PUT a source below the threshold goes up in; undefined when it goes
   * multipart. A file too big to sign its payload is streamed from the file (never held in
   * memory) with a Content-MD5 from a first read, so the server refuses bytes that differ from
   * the ones hashed; smaller files and stdin are read into memory.
   */
  private async singlePutBody(op: string, source: ByteSource, threshold: number): Promise<Buffer | StreamBody | undefined> {
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

  private async singlePut(op: string, target: Target, source: ByteSource, headers: Headers, body: Buffer | StreamBody, options: WriteOptions): Promise<WriteResult> {
    let response: S3Response
    try {
      response = await this.send({op, method: 'PUT', ...target, headers, body, signal: options.signal})
    } catch (error) {
      // A streamed body refused for its digest, or cut short, is the file changing: say so.
      if (!Buffer.isBuffer(body)) await source.verifyUnchanged?.()
      throw error
    }
    options.onProgress?.(body.length, body.length)
    return {eTag: etagOf(op, response), versionId: headerValue(response.headers, 'x-amz-version-id'), size: body.length, parts: 0}
  }

  // ---------------------------------------------------------------- read

  /**
   * Downloads `remoteName` into `localName` and returns its metadata (the original's read). A path
   * is written through a temp file in the same folder, renamed into place only when complete
   * and verified; on any failure the temp file is removed and an existing file is left as it
   * was. A device or FIFO (/dev/null) is written straight through (see download-file.ts). A
   * Writable (stdout) receives the bytes as they come.
   */
  async read(remoteName: RemoteName, localName: string | Writable, options: ReadOptions = {}): Promise<Metadata> {
    return (await this.readObject(remoteName, localName, options, 'read')).metadata
  }

  /** As read, answering the size written, ETag, Content-Type and the other facts of the object too. */
  async readObject(remoteName: RemoteName, localName: string | Writable, options: ReadOptions = {}, op = 'readObject'): Promise<ReadResult> {
    const target = this.resolve(remoteName, op)
    const result = await this.recorded(op, () => typeof localName === 'string'
      ? this.readToFile(op, target, localName, options)
      : runDownload(this.connection, op, target, writableSink(localName), options), (r) => r.response)
    const h = result.response.headers
    return {
      metadata: metadataOf(h),
      size: result.bytes,
      eTag: headerValue(h, 'etag') ?? '',
      contentType: headerValue(h, 'content-type') ?? '',
      lastModified: headerValue(h, 'last-modified') ?? '',
      versionId: headerValue(h, 'x-amz-version-id'),
      headers: h,
    }
  }

  private async readToFile(op: string, target: Target, localName: string, options: ReadOptions): Promise<DownloadResult> {
    const file = await openFileSink(localName)
    try {
      const result = await runDownload(this.connection, op, target, file, options)
      await file.commit()
      return result
    } catch (error) {
      await file.discard()
      throw error
    }
  }

  // ---------------------------------------------------------------- exists, head, delete

  /** [true, metadata] when the object exists, [false, {}] when S3 says 404; other errors raise. */
  async exists(remoteName: RemoteName, options: HeadOptions = {}): Promise<[boolean, Metadata]> {
    try {
      const info = await this.headAs('exists', this.resolve(remoteName, 'exists'), options)
      return [true, info.metadata]
    } catch (error) {
      if (error instanceof StorageError && error.status === 404) return [false, {}]
      throw error
    }
  }

  /** The object's size, ETag, dates, Content-Type and metadata (HEAD); raises when missing. */
  async head(remoteName: RemoteName, options: HeadOptions = {}): Promise<ObjectInfo> {
    return this.headAs('head', this.resolve(remoteName, 'head'), options)
  }

  private async headAs(op: string, target: Target, options: HeadOptions = {}): Promise<ObjectInfo> {
    const {versionId, headers} = options
    const response = await this.send({op, method: 'HEAD', ...target, query: versionId ? {versionId} : undefined, headers})
    const h = response.headers
    return {
      metadata: metadataOf(h),
      size: Number(headerValue(h, 'content-length') ?? 0),
      eTag: headerValue(h, 'etag') ?? '',
      lastModified: headerValue(h, 'last-modified') ?? '',
      contentType: headerValue(h, 'content-type') ?? '',
      versionId: headerValue(h, 'x-amz-version-id'),
      storageClass: headerValue(h, 'x-amz-storage-class'),
      headers: h,
    }
  }

  async delete(remoteName: RemoteName, options: {versionId?: string} = {}): Promise<void> {
    const target = this.resolve(remoteName, 'delete')
    const {versionId} = options
    await this.send({op: 'delete', method: 'DELETE', ...target, query: versionId ? {versionId} : undefined})
    await this.connection.events.deleted({...target, ...(versionId ? {versionId} : {}), op: 'delete'})
  }

  // ---------------------------------------------------------------- copy, updateMetadata

  /**
   * Copies server-side, across buckets too. The original's rule: when `headers` hold metadata the
   * destination gets them (REPLACE, keeping the source's Content-Type and other system headers
   * unless given); otherwise the source's metadata is copied (COPY). System headers that a COPY
   * would ignore (Cache-Control, Content-Disposition...) make it a REPLACE that keeps the source's
   * metadata. x-amz-tagging replaces the source's tags. Sources at or above 5 GiB (or
   * `options.multipartThreshold`) go by multipart copy.
   */
  async copy(remoteSource: RemoteName, remoteDestination: RemoteName, headers: Headers = {}, options: CopyOptions = {}): Promise<void> {
    const op = 'copy'
    const source = this.resolve(remoteSource, op)
    const destination = this.resolve(remoteDestination, op)
    const directive = hasMetadata(headers) || hasSystemHeaders(headers) ? 'REPLACE' : 'COPY'
    await this.copyObject(op, source, destination, headers, directive, options, !hasMetadata(headers))
  }

  /** Replaces the metadata with the `x-amz-meta-*` of `headers`, keeping Content-Type and the other system headers. */
  async updateMetadata(remoteName: RemoteName, headers: Headers, options: TransferTuning = {}): Promise<void> {
    const op = 'updateMetadata'
    const target = this.resolve(remoteName, op)
    await this.copyObject(op, target, target, headers, 'REPLACE', options)
  }

  private async copyObject(op: string, source: Target, destination: Target, headers: Headers, directive: 'COPY' | 'REPLACE', options: CopyOptions,
    keepMetadata = directive === 'COPY'): Promise<void> {
    const sourceHeaders = options.sourceHeaders ?? {}
    const info = await this.headAs(op, source, {versionId: options.sourceVersionId, headers: sourceHeaders})
    const copySource = copySourceHeader(source, options.sourceVersionId)
    const threshold = Math.min(options.multipartThreshold ?? MAX_SINGLE_REQUEST_OBJECT, MAX_SINGLE_REQUEST_OBJECT)
    // What the new object should carry: the source's system headers (and metadata unless replaced), then the caller's.
    const kept: Headers = {}
    for (const name of KEPT_HEADERS) {
      const value = headerValue(info.headers, name)
      if (value !== undefined && !hasHeader(headers, name)) kept[name] = value
    }
    const sourceKey = asCopySourceHeaders(sourceHeaders) // an SSE-C source is read with its key
    const response = await this.wrapErrors(op, async () => {
      if (info.size >= threshold && info.size > 0) {
        const newHeaders = keepMetadata ? {...kept, ...info.metadata, ...headers} : {...kept, ...headers}
        const {response} = await multipartCopy({
          send: (req) => this.send(req), op, copySource, size: info.size, target: destination, headers: newHeaders,
          partHeaders: {...sseCustomerOnly(headers), ...sourceKey},
          partSize: options.partSize ?? Math.max(this.connection.partSize, COPY_PART_SIZE),
          concurrency: Math.max(1, Math.floor(options.concurrency ?? this.connection.concurrency)), signal: options.signal,
        })
        await this.tagCopy(op, destination, headers, response)
        return response
      }
      const newHeaders = directive === 'COPY' ? {...headers} : keepMetadata ? {...kept, ...info.metadata, ...headers} : {...kept, ...headers}
      if (hasHeader(headers, 'x-amz-tagging')) newHeaders['x-amz-tagging-directive'] = 'REPLACE'
      const response = await singleCopy((req) => this.send(req), op, copySource, destination, {...newHeaders, ...sourceKey, 'x-amz-metadata-directive': directive}, options.signal)
      await this.tagCopy(op, destination, headers, response)
      return response
    })
    const versionId = headerValue(response.headers, 'x-amz-version-id')
    await this.connection.events.stored({...destination, size: info.size, ...(versionId ? {versionId} : {}), source: `s3://${source.bucket}/${source.key}`, op})
  }

  /**
   * The tags of x-amz-tagging, set on the copy once more with PutObjectTagging: Ceph RGW ignores
   * them on CopyObject (and drops the source's with x-amz-tagging-directive REPLACE).
   */
  private async tagCopy(op: string, destination: Target, headers: Headers, response: S3Response): Promise<void> {
    const tagging = Object.entries(headers).find(([name]) => name.toLowerCase() === 'x-amz-tagging')?.[1]
    if (tagging === undefined) return
    const Tag = [...new URLSearchParams(tagging)].map(([Key, Value]) => ({Key, Value}))
    const versionId = headerValue(response.headers, 'x-amz-version-id')
    const spec = findConfig('tagging', 'object')!
    await this.send({op, method: 'PUT', ...destination, query: subresourceQuery(spec, {versionId}), headers: {'content-type': 'application/xml'},
      body: encodeBucketConfig(spec, {Tagging: {TagSet: Tag.length > 0 ? {Tag} : ''}})})
  }

  // ---------------------------------------------------------------- object sub-resources (OBJECT_CONFIGS)

  /** GET ?<subresource> of an object (tagging, acl), parsed with its root element, as bucketConfigGet. */
  async objectConfigGet(name: string, remoteName: RemoteName, options: ObjectConfigOptions = {}): Promise<XmlObject> {
    const {spec, op} = objectSpecFor(name, 'get')
    const target = this.resolve(remoteName, op)
    const response = await this.send({op, method: 'GET', ...target, query: subresourceQuery(spec, options), xmlRoot: spec.root})
    return this.wrapErrors(op, () => decodeBucketConfig(spec, response.body)) as Promise<XmlObject>
  }

  /** PUT ?<subresource> of an object with `data` (the document, or what objectConfigGet returned) and the extra headers. */
  async objectConfigSet(name: string, remoteName: RemoteName, data?: BucketConfigData, headers: Headers = {}, options: ObjectConfigOptions = {}): Promise<void> {
    const {spec, op} = objectSpecFor(name, 'set')
    const target = this.resolve(remoteName, op)
    const body = await this.wrapErrors(op, async () => encodeBucketConfig(spec, data))
    await this.send({op, method: 'PUT', ...target, query: subresourceQuery(spec, options), headers: body ? {'content-type': 'application/xml', ...headers} : headers, body})
  }

  /** DELETE ?<subresource> of an object. */
  async objectConfigDelete(name: string, remoteName: RemoteName, options: ObjectConfigOptions = {}): Promise<void> {
    const {spec, op} = objectSpecFor(name, 'delete')
    const target = this.resolve(remoteName, op)
    await this.send({op, method: 'DELETE', ...target, query: subresourceQuery(spec, options)})
  }

  // ---------------------------------------------------------------- presign, multipart housekeeping

  /** A URL that lets anyone holding it GET (or PUT...) the object until it expires (default 1 hour, at most 7 days). */
  presign(remoteName: RemoteName, options: {method?: 'GET' | 'PUT' | 'DELETE' | 'HEAD'; expiresIn?: number; versionId?: string} = {}): string {
    const target = this.resolve(remoteName, 'presign')
    const expiresIn = options.expiresIn ?? 3600
    if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604800) {
      throw new StorageError('presign', new RangeError(`expiresIn must be whole seconds from 1 to 604800 (7 days), got ${expiresIn}`))
    }
    return this.connection.presign({method: options.method ?? 'GET', ...target, expiresIn, query: options.versionId ? {versionId: options.versionId} : undefined})
  }

  /** Unfinished multipart uploads in `bucket` (under `prefix`). */
  multipartUploads(bucket: string, prefix?: string): AsyncGenerator<OpenUpload> {
    return listUploads((req) => this.send(req), 'multipartUploads', bucket, prefix)
  }

  /** Aborts one unfinished multipart upload, freeing its parts. */
  async abortMultipartUpload(remoteName: RemoteName, uploadId: string): Promise<void> {
    const target = this.resolve(remoteName, 'abortMultipartUpload')
    await abortUpload((req) => this.send(req), 'abortMultipartUpload', target, uploadId)
  }
}

/** The object table's row for `name` and the method name of `operation` on it, for errors and logs. */
function objectSpecFor(name: string, operation: ConfigOperation): {spec: BucketConfigSpec; op: string} {
  const spec = findConfig(name, 'object')
  const called = `objectConfig${operation.charAt(0).toUpperCase()}${operation.slice(1)}`
  if (!spec || !spec[operation]) throw new StorageError(called, new Error(`no object sub-resource "${name}" with ${operation}`))
  return {spec, op: methodName(operation, spec, 'object')}
}

function subresourceQuery(spec: BucketConfigSpec, options: ObjectConfigOptions): Record<string, string> {
  return options.versionId ? {[spec.subresource]: '', versionId: options.versionId} : {[spec.subresource]: ''}
}

/**
 * Writes to a stream: a write waits only when the stream's buffer is full (a slow reader holds
 * the download back); a write's error (a full disk under stdout) fails the download at the
 * next write or at flush.
 */
function writableSink(stream: Writable): Sink {
  let failure: Error | undefined
  let lastWritten = Promise.resolve()
  const check = () => {
    if (failure) throw failure
  }
  return {
    async write(chunk) {
      check()
      let room = true
      lastWritten = new Promise<void>((resolve) => {
        room = stream.write(chunk, 'binary', (error) => {
          if (error) failure ??= error
          resolve()
        })
      })
      if (!room) await lastWritten
      check()
    },
    async flush() {
      await lastWritten
      check()
    },
  }
}
