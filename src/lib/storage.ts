/**
 * Storage: the original's client, a thin facade over the operations (src/lib/ops), each group
 * loaded when first used, so `object:get` never loads uploads, copies, listings or the
 * configuration tables. Every method is one call of an op over this Storage's Client.
 */
import type {Writable} from 'node:stream'
import {RecordingClient} from './client/client.js'
import type {QueryParams, S3Connection} from './client/connection.js'
import type {S3Response} from './client/response.js'
import type {XmlObject} from './client/xml.js'
import type {CreateBucketOptions} from './ops/buckets.js'
import type {DeleteObjectsResult, EmptyBucketOptions, ObjectIdentifier} from './ops/empty.js'
import {StorageHttp} from './ops/http.js'
import type {VersionEntry} from './ops/listing.js'
import type {OpenUpload} from './ops/multipart.js'
import {type CopyOptions, type DeleteOptions, type HeadOptions, type ObjectConfigOptions, type ObjectInfo, presign, type ReadOptions, type ReadResult, type TransferTuning, type WriteOptions, type WriteResult} from './ops/objects.js'
import type {UploadInput} from './ops/sources.js'
import type {BucketConfigData, PolicyDocument} from './ops/subresource-body.js'
import {SubResourceMethods} from './subresource-methods.js'
import type {Headers, Metadata, RemoteName, S3Bucket, S3Key, Target} from './types.js'

export class Storage extends SubResourceMethods {
  /** Any S3 call the library does not wrap, signed and retried like its own (see ops/http.ts). */
  readonly http: StorageHttp
  readonly #client: RecordingClient

  constructor(readonly connection: S3Connection) {
    super()
    this.#client = new RecordingClient(connection)
    this.http = new StorageHttp((req) => this.#client.send(req))
  }

  /**
   * The raw response of the last request (status, headers, body): after a failure, the answer
   * that failed, or null when no HTTP answer came (refused, reset, timed out).
   */
  get response(): S3Response | null {
    return this.#client.response
  }

  /** The bucket of plain keys (the connection's default_bucket), or null. */
  get defaultBucket(): string | null {
    return this.connection.defaultBucket
  }

  /** The bucket and key of a remote name (a key in the default bucket, or an S3Name); ValueError without a bucket. */
  resolve(remoteName: RemoteName, op = 'resolve'): Target {
    return this.connection.resolve(remoteName, op)
  }

  /** Closes the connection's idle keep-alive sockets, so a script can end at once. */
  close(): void {
    this.connection.close()
  }

  // ---------------------------------------------------------------- objects

  /** Uploads a file, bytes, `{content}` or a stream (see ops/write.ts); multipart at or above the threshold. */
  async write(localName: UploadInput, remoteName: RemoteName, headers: Headers = {}, options: WriteOptions = {}): Promise<WriteResult> {
    return (await import('./ops/write.js')).write(this.#client, localName, remoteName, headers, options)
  }

  /** Downloads into a path (through a temp file renamed into place) or a Writable; the object's metadata. */
  async read(remoteName: RemoteName, localName: string | Writable, options: ReadOptions = {}): Promise<Metadata> {
    return (await import('./ops/read.js')).read(this.#client, remoteName, localName, options)
  }

  /** As read, answering the size written, ETag, Content-Type and the other facts of the object too. */
  async readObject(remoteName: RemoteName, localName: string | Writable, options: ReadOptions = {}, op = 'readObject'): Promise<ReadResult> {
    return (await import('./ops/read.js')).readObject(this.#client, remoteName, localName, options, op)
  }

  /** [true, metadata] when the object exists, [false, {}] when S3 says 404; other errors raise. */
  async exists(remoteName: RemoteName, options: HeadOptions = {}): Promise<[boolean, Metadata]> {
    return (await import('./ops/objects.js')).exists(this.#client, remoteName, options)
  }

  /** The object's size, ETag, dates, Content-Type and metadata (HEAD); raises when missing. */
  async head(remoteName: RemoteName, options: HeadOptions = {}): Promise<ObjectInfo> {
    return (await import('./ops/objects.js')).head(this.#client, remoteName, options)
  }

  async delete(remoteName: RemoteName, options: DeleteOptions = {}): Promise<void> {
    return (await import('./ops/objects.js')).deleteObject(this.#client, remoteName, options)
  }

  /** Copies server-side, with the original's rules of metadata (see ops/copy-object.ts). */
  async copy(remoteSource: RemoteName, remoteDestination: RemoteName, headers: Headers = {}, options: CopyOptions = {}): Promise<void> {
    return (await import('./ops/copy-object.js')).copy(this.#client, remoteSource, remoteDestination, headers, options)
  }

  /** Replaces the metadata with the `x-amz-meta-*` of `headers`, keeping Content-Type and the other system headers. */
  async updateMetadata(remoteName: RemoteName, headers: Headers, options: TransferTuning = {}): Promise<void> {
    return (await import('./ops/copy-object.js')).updateMetadata(this.#client, remoteName, headers, options)
  }

  /** A URL that lets anyone holding it GET (or PUT...) the object until it expires (default 1 hour, at most 7 days). */
  presign(remoteName: RemoteName, options: {method?: 'GET' | 'PUT' | 'DELETE' | 'HEAD'; expiresIn?: number; versionId?: string} = {}): string {
    return presign(this.#client, remoteName, options)
  }

  /** Unfinished multipart uploads in `bucket` (under `prefix`). */
  async *multipartUploads(bucket: string, prefix?: string): AsyncGenerator<OpenUpload> {
    const {listUploads} = await import('./ops/multipart.js')
    yield* listUploads((req) => this.#client.send(req), 'multipartUploads', bucket, prefix)
  }

  /** Aborts one unfinished multipart upload, freeing its parts. */
  async abortMultipartUpload(remoteName: RemoteName, uploadId: string): Promise<void> {
    const target = this.resolve(remoteName, 'abortMultipartUpload')
    const {abortUpload} = await import('./ops/multipart.js')
    await abortUpload((req) => this.#client.send(req), 'abortMultipartUpload', target, uploadId)
  }

  // ---------------------------------------------------------------- sub-resources (the tables)

  async objectConfigGet(name: string, remoteName: RemoteName, options: ObjectConfigOptions = {}): Promise<XmlObject> {
    return (await import('./ops/subresources.js')).objectConfigGet(this.#client, name, remoteName, options)
  }

  async objectConfigSet(name: string, remoteName: RemoteName, data?: BucketConfigData, headers: Headers = {}, options: ObjectConfigOptions = {}): Promise<void> {
    return (await import('./ops/subresources.js')).objectConfigSet(this.#client, name, remoteName, data, headers, options)
  }

  async objectConfigDelete(name: string, remoteName: RemoteName, options: ObjectConfigOptions = {}): Promise<void> {
    return (await import('./ops/subresources.js')).objectConfigDelete(this.#client, name, remoteName, options)
  }

  async bucketConfigGet(name: string, bucket: string, params?: QueryParams): Promise<XmlObject | PolicyDocument> {
    return (await import('./ops/subresources.js')).bucketConfigGet(this.#client, name, bucket, params)
  }

  async bucketConfigSet(name: string, bucket: string, data?: BucketConfigData, headers: Headers = {}): Promise<void> {
    return (await import('./ops/subresources.js')).bucketConfigSet(this.#client, name, bucket, data, headers)
  }

  async bucketConfigDelete(name: string, bucket: string): Promise<void> {
    return (await import('./ops/subresources.js')).bucketConfigDelete(this.#client, name, bucket)
  }

  // ---------------------------------------------------------------- buckets

  /** Every bucket of the authenticated user, as S3Bucket. */
  async *bucketList(): AsyncGenerator<S3Bucket> {
    yield* (await import('./ops/buckets.js')).bucketList(this.#client)
  }

  /** Creates `bucket` (a canned ACL or grants in headers; the region of options or the connection). */
  async bucketCreate(bucket: string, headers: Headers = {}, data?: BucketConfigData, options: CreateBucketOptions = {}): Promise<void> {
    return (await import('./ops/buckets.js')).bucketCreate(this.#client, bucket, headers, data, options)
  }

  /** Deletes an empty bucket (BucketNotEmpty otherwise: see bucketEmpty). */
  async bucketDelete(bucket: string): Promise<void> {
    return (await import('./ops/buckets.js')).bucketDelete(this.#client, bucket)
  }

  /** true when it exists and is yours to read, false when it does not exist; any other answer raises. */
  async bucketExists(bucket: string): Promise<boolean> {
    return (await import('./ops/buckets.js')).bucketExists(this.#client, bucket)
  }

  /** One GET of the bucket (a page of ListObjects v1, as the original did), parsed. */
  async bucketGet(bucket: string, params: QueryParams = {}): Promise<XmlObject> {
    return (await import('./ops/buckets.js')).bucketGet(this.#client, bucket, params)
  }

  /** Every key of `bucket`, page by page, each page checked (see ops/list-keys.ts), then its common prefixes. */
  async *bucketListKeys(bucket: string, delimiter?: string | null, prefix?: string | null, params: QueryParams = {}): AsyncGenerator<S3Key | string> {
    yield* (await import('./ops/list-keys.js')).bucketListKeys(this.#client, bucket, delimiter, prefix, params)
  }

  /** Every version and delete marker of `bucket` (under `prefix`), in S3's order. */
  async *bucketListVersions(bucket: string, prefix?: string | null, params: QueryParams = {}, signal?: AbortSignal): AsyncGenerator<VersionEntry> {
    yield* (await import('./ops/list-keys.js')).bucketListVersions(this.#client, bucket, prefix, params, signal)
  }

  /** DeleteObjects in batches of 1000; the failures are returned, not thrown. `headers`: x-amz-bypass-governance-retention... */
  async deleteObjects(bucket: string, objects: Iterable<ObjectIdentifier> | AsyncIterable<ObjectIdentifier>, signal?: AbortSignal, headers?: Headers): Promise<DeleteObjectsResult> {
    return (await import('./ops/empty.js')).deleteObjects(this.#client, bucket, objects, signal, headers)
  }

  /** Empties `bucket`: its unfinished uploads aborted, every version deleted. */
  async bucketEmpty(bucket: string, options: EmptyBucketOptions = {}): Promise<{deleted: number; aborted: number}> {
    return (await import('./ops/empty.js')).bucketEmpty(this.#client, bucket, options)
  }
}
