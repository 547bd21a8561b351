/**
 * The original's bucket methods: list, create, delete, exists, the listing of keys, and the
 * generic get / set / delete of a bucket configuration (the table in bucket-configs.ts says
 * which exist; bucket-config-methods.ts gives each its own named method, such as bucketGetCors).
 * Emptying a bucket (DeleteObjects in batches) lives here too.
 */
import {checkBucketName} from '../bucket-name.js'
import type {QueryParams, S3Request} from '../connection.js'
import {DELETE_BATCH, S3_XMLNS} from '../constants.js'
import {DeleteObjectsError, StorageError} from '../errors.js'
import type {S3Response} from '../transport.js'
import {type Headers, S3Bucket, type S3Key} from '../types.js'
import {asArray, parseXml, toXml, type XmlObject} from '../xml.js'
import {type BucketConfigSpec, type ConfigOperation, findConfig, methodName} from './bucket-configs.js'
import {type BucketConfigData, decodeBucketConfig, encodeBucketConfig, type PolicyDocument} from './bucket-config-body.js'
import {type DeleteError, type KeysPage, parseDeleteResult, parseKeysPage, parseVersionsPage, type VersionEntry} from './listing.js'
import {checkedPage, ContinuationsSeen, EntryOrder, inconsistentListing, KeyOrder, markersPageEnd} from './listing-order.js'
import {abortUpload, listUploads} from './multipart.js'
import {ObjectStorage} from './objects.js'

export type {BucketConfigData, PolicyDocument} from './bucket-config-body.js'
export type {DeleteError} from './listing.js'
export {ObjectVersion} from '../types.js'

/** A request already on its way: its answer to come, and how to call it off. */
interface Prefetched {
  response: Promise<S3Response>
  abort(): void
}

export interface ObjectIdentifier {
  key: string
  versionId?: string
}

export interface DeleteObjectsResult {
  /** How many of the given objects were deleted (or were already gone). */
  deleted: number
  errors: DeleteError[]
}

export interface EmptyBucketOptions {
  signal?: AbortSignal
  /** Called after each batch with the running totals. */
  onProgress?: (progress: {deleted: number; aborted: number}) => void
}

export interface CreateBucketOptions {
  /** The region (location constraint) of the new bucket; default: the connection's region. */
  region?: string
}

export class BucketStorage extends ObjectStorage {
  /** Every bucket of the authenticated user, as S3Bucket. */
  async *bucketList(): AsyncGenerator<S3Bucket> {
    const response = await this.send({op: 'bucketList', method: 'GET', xmlRoot: 'ListAllMyBucketsResult'})
    const doc = await this.wrapErrors('bucketList', () => parseXml(response.body.toString('utf8')))
    const result = doc.ListAllMyBucketsResult as XmlObject | undefined
    const buckets = asArray((result?.Buckets as XmlObject | undefined)?.Bucket as XmlObject | XmlObject[])
    for (const bucket of buckets) {
      yield new S3Bucket({name: String(bucket.Name), creationDate: String(bucket.CreationDate)})
    }
  }

  /**
   * Creates `bucket`. Headers set a canned ACL (x-amz-acl) or grants (x-amz-grant-*). The
   * CreateBucketConfiguration names `options.region` (default: the connection's region),
   * except for us-east-1, which S3 wants left out; `data` replaces that document.
   */
  async bucketCreate(bucket: string, headers: Headers = {}, data?: BucketConfigData, options: CreateBucketOptions = {}): Promise<void> {
    const op = 'bucketCreate'
    const body = await this.wrapErrors(op, async () => {
      checkBucketName(bucket, 'strict')
      if (data !== undefined && data !== null) return typeof data === 'string' ? data : toXml(data as XmlObject, {declaration: true})
      const region = options.region ?? this.connection.region
      if (region === 'us-east-1') return undefined
      return toXml({[`CreateBucketConfiguration xmlns="${S3_XMLNS}"`]: {LocationConstraint: region}}, {declaration: true})
    })
    await this.send({op, method: 'PUT', bucket, headers, body})
  }

  /** Deletes an empty bucket (BucketNotEmpty otherwise: see bucketEmpty). */
  async bucketDelete(bucket: string): Promise<void> {
    await this.wrapErrors('bucketDelete', async () => checkBucketName(bucket, 'legacy'))
    await this.send({op: 'bucketDelete', method: 'DELETE', bucket})
  }

  /**
   * HEAD bucket: true when it exists and is yours to read, false when it does not exist.
   * Any other answer raises, like `aws s3api head-bucket`: a 403 means the bucket exists
   * but belongs to someone else, which neither true nor false would say.
   */
  async bucketExists(bucket: string): Promise<boolean> {
    await this.wrapErrors('bucketExists', async () => checkBucketName(bucket, 'legacy'))
    try {
      await this.send({op: 'bucketExists', method: 'HEAD', bucket})
      return true
    } catch (error) {
      if (error instanceof StorageError && error.status === 404) return false
      throw error
    }
  }

  /**
   * Every key of `bucket`, page by page: each page's S3Keys, then its common prefixes as
   * strings. `delimiter` and `prefix` may also come in `params` (the arguments win); other
   * params (max-keys, start-after, marker...) go to S3 as given. Each call keeps its own
   * continuation token, so listings can run side by side. The next page is asked for while
   * this one's keys are handed out, so the server's time overlaps the caller's; a listing
   * stopped early aborts that request. Each page is checked before its keys are handed out
   * (listing-order.ts): a listing inconsistent with itself throws InconsistentListing, and
   * never passes for a shorter one.
   */
  async *bucketListKeys(bucket: string, delimiter?: string | null, prefix?: string | null, params: QueryParams = {}): AsyncGenerator<S3Key | string> {
    const op = 'bucketListKeys'
    await this.wrapErrors(op, async () => checkBucketName(bucket, 'legacy'))
    const query: Record<string, string> = {...paramsObject(params)}
    if (delimiter !== undefined && delimiter !== null) query.delimiter = delimiter
    if (prefix !== undefined && prefix !== null) query.prefix = prefix
    // ListObjectsV2: the server hands out continuation tokens, so a truncated page holding
    // only common prefixes continues correctly. The original's v1 `marker` also goes as `start-after`.
    if (query.marker !== undefined) query['start-after'] ??= query.marker
    query['encoding-type'] ??= 'url'
    query['fetch-owner'] ??= 'true'
    let token: string | undefined
    let marker: string | undefined = query.marker
    const order = new KeyOrder(query.prefix ?? '', query['start-after'])
    const wentOn = new ContinuationsSeen()
    const ask = (req: S3Request = {op, method: 'GET', bucket, query: {'list-type': '2', ...query, marker, 'continuation-token': token}, xmlRoot: 'ListBucketResult'}) =>
      ({req, answer: this.prefetch(req)})
    const read = async (asked: Prefetched): Promise<KeysPage> => {
      const response = await this.recorded(op, () => asked.response, (r) => r)
      return this.wrapErrors(op, () => parseKeysPage(response.body))
    }
    const names = (page: KeysPage) => ({keys: page.keys.map((k) => k.key), prefixes: page.prefixes})
    let pending: {req: S3Request; answer: Prefetched} | undefined = ask()
    try {
      while (pending) {
        const {req, answer} = pending
        const page = await checkedPage(
          (again) => read(again ? (pending = ask(req)).answer : answer), // again: the same request, once
          (p) => order.check(names(p)) ?? keysPageEnd(p, wentOn),
          (problem) => inconsistentListing(op, `the listing of ${bucket}`, problem, order.pages + 1))
        pending = undefined
        const prefixes = order.accept(names(page))
        if (page.truncated) {
          // A v1 answer (a server without ListObjectsV2, or list-type=1 in params) goes on by marker.
          if (page.v1) marker = page.nextMarker
          else token = page.nextToken
          wentOn.add(page.v1 ? marker : token)
          pending = ask() // while this page's keys are handed out
        }
        yield* page.keys
        yield* prefixes
      }
    } finally {
      pending?.answer.abort()
    }
  }

  /** Sends a request now, to be awaited later (through `recorded`, so storage.response is the page read). */
  private prefetch(req: S3Request): Prefetched {
    const controller = new AbortController()
    const response = this.connection.request({...req, signal: controller.signal})
    response.catch(() => {}) // raised when the page is read; of no interest when the listing stopped first
    return {response, abort: () => controller.abort()}
  }

  /**
   * Every version and delete marker of `bucket` (under `prefix`), page after page, in S3's
   * order: by key, the newest version of each key first. Other params (max-keys...) go to S3
   * as given; key-marker / version-id-marker in params start the listing there.
   */
  bucketListVersions(bucket: string, prefix?: string | null, params: QueryParams = {}, signal?: AbortSignal): AsyncGenerator<VersionEntry> {
    return this.listVersions('bucketListVersions', bucket, prefix, params, signal)
  }

  /** bucketListVersions under the caller's name, so a failure names the method the user called. */
  private async *listVersions(op: string, bucket: string, prefix: string | null | undefined, params: QueryParams, signal?: AbortSignal): AsyncGenerator<VersionEntry> {
    await this.wrapErrors(op, async () => checkBucketName(bucket, 'legacy'))
    const query: Record<string, string> = {...paramsObject(params)}
    if (prefix !== undefined && prefix !== null) query.prefix = prefix
    query['encoding-type'] ??= 'url'
    let keyMarker: string | undefined = query['key-marker']
    let versionIdMarker: string | undefined = query['version-id-marker']
    const order = new EntryOrder<VersionEntry>((v) => v.versionId, query.prefix ?? '')
    const wentOn = new ContinuationsSeen()
    const read = async () => {
      const response = await this.send({op, method: 'GET', bucket, query: {versions: '', ...query, 'key-marker': keyMarker, 'version-id-marker': versionIdMarker}, signal, xmlRoot: 'ListVersionsResult'})
      return this.wrapErrors(op, () => parseVersionsPage(response.body))
    }
    for (;;) {
      const page = await checkedPage(read, (p) => order.check(p.entries) ?? markersPageEnd(p.truncated, wentOn, p.nextKeyMarker, p.nextVersionIdMarker),
        (problem) => inconsistentListing(op, `the version listing of ${bucket}`, problem, order.pages + 1))
      order.accept(page.entries)
      yield* page.entries
      if (!page.truncated) return
      keyMarker = page.nextKeyMarker
      versionIdMarker = page.nextVersionIdMarker
      wentOn.add(keyMarker, versionIdMarker)
    }
  }

  /** One GET of the bucket (a page of ListObjects v1, as the original did), parsed. */
  async bucketGet(bucket: string, params: QueryParams = {}): Promise<XmlObject> {
    const op = 'bucketGet'
    await this.wrapErrors(op, async () => checkBucketName(bucket, 'legacy'))
    const response = await this.send({op, method: 'GET', bucket, query: params})
    return this.wrapErrors(op, () => parseXml(response.body.toString('utf8')))
  }

  // ---- the table's operations, by config name (bucket-config-methods.ts names each one) ----

  /** GET ?<subresource>: the configuration as an object (policy: the parsed JSON). */
  async bucketConfigGet(name: string, bucket: string, params?: QueryParams): Promise<XmlObject | PolicyDocument> {
    const {spec, op} = specFor(name, 'get')
    await this.wrapErrors(op, async () => checkBucketName(bucket, 'legacy'))
    const response = await this.send({op, method: 'GET', bucket, query: withSubresource(spec.subresource, params), xmlRoot: spec.format === 'xml' ? spec.root : undefined})
    return this.wrapErrors(op, () => decodeBucketConfig(spec, response.body))
  }

  /** PUT ?<subresource> with `data` (string as is, object converted) and the extra headers. */
  async bucketConfigSet(name: string, bucket: string, data?: BucketConfigData, headers: Headers = {}): Promise<void> {
    const {spec, op} = specFor(name, 'set')
    const body = await this.wrapErrors(op, async () => {
      checkBucketName(bucket, 'legacy')
      return encodeBucketConfig(spec, data)
    })
    const contentType = spec.format === 'json' ? 'application/json' : 'application/xml'
    await this.send({op, method: 'PUT', bucket, query: {[spec.subresource]: ''}, headers: body ? {'content-type': contentType, ...headers} : headers, body})
  }

  /** DELETE ?<subresource>. */
  async bucketConfigDelete(name: string, bucket: string): Promise<void> {
    const {spec, op} = specFor(name, 'delete')
    await this.wrapErrors(op, async () => checkBucketName(bucket, 'legacy'))
    await this.send({op, method: 'DELETE', bucket, query: {[spec.subresource]: ''}})
  }

  // ---- emptying a bucket ----

  /**
   * DeleteObjects (POST ?delete) in batches of 1000, quiet mode: S3 answers only the failures,
   * which are returned (not thrown) so the caller can say which keys were left.
   */
  async deleteObjects(bucket: string, objects: Iterable<ObjectIdentifier> | AsyncIterable<ObjectIdentifier>, signal?: AbortSignal): Promise<DeleteObjectsResult> {
    const op = 'deleteObjects'
    await this.wrapErrors(op, async () => checkBucketName(bucket, 'legacy'))
    const result: DeleteObjectsResult = {deleted: 0, errors: []}
    let batch: ObjectIdentifier[] = []
    const flush = async () => {
      if (batch.length === 0) return
      const body = await this.wrapErrors(op, async () => toXml({Delete: [{Quiet: 'true'}, ...batch.map((o) => ({Object: o.versionId ? {Key: o.key, VersionId: o.versionId} : {Key: o.key}}))]}, {declaration: true}))
      const response = await this.send({op, method: 'POST', bucket, query: {delete: ''}, headers: {'content-type': 'application/xml'}, body, signal, xmlRoot: 'DeleteResult'})
      const errors = await this.wrapErrors(op, () => parseDeleteResult(response.body))
      result.deleted += batch.length - errors.length
      result.errors.push(...errors)
      await this.reportDeleted(op, bucket, batch, errors)
      batch = []
    }
    for await (const object of objects) {
      batch.push(object)
      if (batch.length === DELETE_BATCH) await flush()
    }
    await flush()
    return result
  }

  /** Tells the observer of each key of a DeleteObjects batch that went (its answer, Quiet, names only the failures). */
  private async reportDeleted(op: string, bucket: string, batch: ObjectIdentifier[], errors: DeleteError[]): Promise<void> {
    if (!this.connection.events.hears('deleted')) return
    const failed = new Set(errors.map((e) => `${e.key}\0${e.versionId ?? ''}`))
    for (const {key, versionId} of batch) {
      if (failed.has(`${key}\0${versionId ?? ''}`)) continue
      await this.connection.events.deleted({bucket, key, ...(versionId ? {versionId} : {}), op})
    }
  }

  /**
   * Empties `bucket`: aborts its unfinished multipart uploads, then deletes every object
   * version and delete marker (every object, on an unversioned bucket), 1000 per request.
   * Each round lists from the start again (what was listed is gone), so no marker ever points
   * at a deleted version. Stops at the first failure, naming the keys that could not go.
   */
  async bucketEmpty(bucket: string, options: EmptyBucketOptions = {}): Promise<{deleted: number; aborted: number}> {
    const op = 'bucketEmpty'
    await this.wrapErrors(op, async () => checkBucketName(bucket, 'legacy'))
    const {signal, onProgress} = options
    const totals = {deleted: 0, aborted: 0}
    // Aborting as we list: the markers stay valid, as they are positions, not uploads.
    for await (const upload of listUploads((req) => this.send(req), op, bucket, undefined, signal)) {
      signal?.throwIfAborted()
      await abortUpload((req) => this.send(req), op, {bucket, key: upload.key}, upload.uploadId)
      totals.aborted++
      onProgress?.(totals)
    }
    for (;;) {
      // One page from the start each round: the listing is left before its next page is asked.
      const entries: ObjectIdentifier[] = []
      for await (const version of this.listVersions(op, bucket, undefined, {'max-keys': DELETE_BATCH}, signal)) {
        entries.push({key: version.key, versionId: version.versionId})
        if (entries.length === DELETE_BATCH) break
      }
      if (entries.length === 0) break
      const result = await this.deleteObjects(bucket, entries, signal)
      totals.deleted += result.deleted
      onProgress?.(totals)
      if (result.errors.length > 0) {
        const first = result.errors[0]
        throw new StorageError(op, new DeleteObjectsError(`could not delete ${result.errors.length} object(s) from ${bucket}, e.g. ${first.key}: ${first.code}: ${first.message}`, first.code, result.errors.length))
      }
    }
    return totals
  }
}

/** What is wrong with the way a page of keys goes on: truncated with no way on, or a way taken before. */
function keysPageEnd(page: KeysPage, wentOn: ContinuationsSeen): string | undefined {
  if (!page.truncated) return undefined
  const way = page.v1 ? page.nextMarker : page.nextToken
  if (way === undefined) return `is truncated but gave no ${page.v1 ? 'marker' : 'continuation token'}`
  if (wentOn.has(way)) return `gave the ${page.v1 ? 'marker' : 'continuation token'} of a page before again`
  return undefined
}

/** The table's row for `name` and the method name of `operation` on it, for errors and logs. */
function specFor(name: string, operation: ConfigOperation): {spec: BucketConfigSpec; op: string} {
  const spec = findConfig(name)
  const called = `bucketConfig${operation.charAt(0).toUpperCase()}${operation.slice(1)}`
  if (!spec || !spec[operation]) throw new StorageError(called, new Error(`no bucket configuration "${name}" with ${operation}`))
  return {spec, op: methodName(operation, spec)}
}

/** The original's params: an object, or the query string's text after '?'. */
function paramsObject(params: QueryParams | undefined): Record<string, string> {
  if (params === undefined) return {}
  if (typeof params === 'string') return Object.fromEntries(new URLSearchParams(params.replace(/^\?/, '')))
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))
}

function withSubresource(subresource: string, params: QueryParams | undefined): QueryParams {
  return {[subresource]: '', ...paramsObject(params)}
}
