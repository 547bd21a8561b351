/**
 * The object calls that read or remove one object: exists, head, delete, and presign (no
 * request: a signed URL). Writing, reading the bytes and copying have their own modules
 * (write.ts, read.ts, copy.ts), so a command loads only what it uses.
 */
import type {Client} from '../client/client.js'
import {StorageError} from '../errors.js'
import {headerValue, type ResponseHeaders} from '../client/response.js'
import {type Headers, type Metadata, metadataOf, type RemoteName, type Target} from '../types.js'
import type {DownloadOptions} from './download.js'
import type {UploadProgress} from './upload.js'

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

/**
 * A download into a file above one part comes down in parallel ranges of `partSize`,
 * `concurrency` at once (an object up to `multipartThreshold` in at most two); a --range, stdout,
 * a device or FIFO stay one GET in order.
 */
export interface ReadOptions extends DownloadOptions, Pick<TransferTuning, 'multipartThreshold' | 'partSize' | 'concurrency'> {}

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
  /** Object lock, when the version has one: x-amz-object-lock-mode, -retain-until-date, -legal-hold. */
  lockMode?: string
  lockRetainUntil?: string
  legalHold?: string
  headers: ResponseHeaders
}

/** Which object an object sub-resource call (objectGetTagging...) is about, besides its name. */
export interface ObjectConfigOptions {
  /** That version of the object (versioned buckets); default: the current one. */
  versionId?: string
}

/** [true, metadata] when the object exists, [false, {}] when S3 says 404; other errors raise. */
export async function exists(client: Client, remoteName: RemoteName, options: HeadOptions = {}): Promise<[boolean, Metadata]> {
  try {
    const info = await headAs(client, 'exists', client.resolve(remoteName, 'exists'), options)
    return [true, info.metadata]
  } catch (error) {
    if (error instanceof StorageError && error.status === 404) return [false, {}]
    throw error
  }
}

/** The object's size, ETag, dates, Content-Type and metadata (HEAD); raises when missing. */
export async function head(client: Client, remoteName: RemoteName, options: HeadOptions = {}): Promise<ObjectInfo> {
  return headAs(client, 'head', client.resolve(remoteName, 'head'), options)
}

export async function headAs(client: Client, op: string, target: Target, options: HeadOptions = {}): Promise<ObjectInfo> {
  const {versionId, headers} = options
  const response = await client.send({op, method: 'HEAD', ...target, query: versionId ? {versionId} : undefined, headers})
  const h = response.headers
  return {
    metadata: metadataOf(h),
    size: Number(headerValue(h, 'content-length') ?? 0),
    eTag: headerValue(h, 'etag') ?? '',
    lastModified: headerValue(h, 'last-modified') ?? '',
    contentType: headerValue(h, 'content-type') ?? '',
    versionId: headerValue(h, 'x-amz-version-id'),
    storageClass: headerValue(h, 'x-amz-storage-class'),
    lockMode: headerValue(h, 'x-amz-object-lock-mode'),
    lockRetainUntil: headerValue(h, 'x-amz-object-lock-retain-until-date'),
    legalHold: headerValue(h, 'x-amz-object-lock-legal-hold'),
    headers: h,
  }
}

export interface DeleteOptions {
  versionId?: string
  /** Extra request headers: x-amz-bypass-governance-retention (object lock), x-amz-mfa... */
  headers?: Headers
}

export async function deleteObject(client: Client, remoteName: RemoteName, options: DeleteOptions = {}): Promise<void> {
  const target = client.resolve(remoteName, 'delete')
  const {versionId, headers} = options
  await client.send({op: 'delete', method: 'DELETE', ...target, query: versionId ? {versionId} : undefined, headers})
  await client.connection.events.deleted({...target, ...(versionId ? {versionId} : {}), op: 'delete'})
}

/** A URL that lets anyone holding it GET (or PUT...) the object until it expires (default 1 hour, at most 7 days). */
export function presign(client: Client, remoteName: RemoteName, options: {method?: 'GET' | 'PUT' | 'DELETE' | 'HEAD'; expiresIn?: number; versionId?: string} = {}): string {
  const target = client.resolve(remoteName, 'presign')
  const expiresIn = options.expiresIn ?? 3600
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604800) {
    throw new StorageError('presign', new RangeError(`expiresIn must be whole seconds from 1 to 604800 (7 days), got ${expiresIn}`))
  }
  return client.connection.presign({method: options.method ?? 'GET', ...target, expiresIn, query: options.versionId ? {versionId: options.versionId} : undefined})
}
