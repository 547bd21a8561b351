/**
 * The seed's bucket methods. Storage = bucket methods + object methods over one connection.
 * The ~30 configuration methods (bucketGetCors, bucketSetAcl, bucketDeleteTagging...) are not
 * written out: they are generated from the table in bucket-configs.ts onto Storage.prototype
 * and typed by BucketConfigMethods, so each configuration is described exactly once.
 */
import {checkBucketName} from '../bucket-name.js'
import type {QueryParams} from '../connection.js'
import {StorageError} from '../errors.js'
import type {Headers, S3Bucket, S3Key} from '../types.js'
import {parseXml, toXml, type XmlObject} from '../xml.js'
import {type BucketConfig, type BucketConfigSpec, configOperations, findConfig, methodName, type Pascal} from './bucket-configs.js'
import {type ConfigData, decodeConfig, encodeConfig, type PolicyDocument, S3_XMLNS} from './config-body.js'
import {asArray} from './core.js'
import {type DeleteError, parseDeleteResult, parseKeysPage, parseVersionsPage} from './listing.js'
import {abortUpload, listUploads} from './multipart.js'
import {ObjectStorage} from './objects.js'

export type {ConfigData, PolicyDocument} from './config-body.js'
export type {DeleteError} from './listing.js'

/** Per-request limit of DeleteObjects. */
export const DELETE_BATCH = 1000

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

type ParamsArg = Record<string, string | number | boolean | undefined> | string

type ConfigDocumentOf<C> = C extends {format: 'json'} ? PolicyDocument : XmlObject

/** The configuration methods the table defines, with the seed's argument order. */
export type BucketConfigMethods = {
  [C in BucketConfig as C['get'] extends true ? `bucketGet${Pascal<C['name']>}` : never]:
    C extends {params: true} ? (bucket: string, params?: ParamsArg) => Promise<ConfigDocumentOf<C>> : (bucket: string) => Promise<ConfigDocumentOf<C>>
} & {
  [C in BucketConfig as C['set'] extends true ? `bucketSet${Pascal<C['name']>}` : never]:
    C extends {headers: readonly unknown[]} ? (bucket: string, headers?: Headers, data?: ConfigData) => Promise<void> : (bucket: string, data?: ConfigData) => Promise<void>
} & {
  [C in BucketConfig as C['delete'] extends true ? `bucketDelete${Pascal<C['name']>}` : never]: (bucket: string) => Promise<void>
}

// The generated methods, declared for the type checker (class + interface merge).
export interface Storage extends BucketConfigMethods {}

export class Storage extends ObjectStorage {
  /** Every bucket of the authenticated user, as S3Bucket. */
  async *bucketList(): AsyncGenerator<S3Bucket> {
    const response = await this.send({op: 'bucketList', method: 'GET'})
    const doc = await this.guard('bucketList', () => parseXml(response.body.toString('utf8')))
    const result = doc.ListAllMyBucketsResult as XmlObject | undefined
    const buckets = asArray((result?.Buckets as XmlObject | undefined)?.Bucket as XmlObject | XmlObject[])
    for (const bucket of buckets) {
      yield {name: String(bucket.Name), creationDate: String(bucket.CreationDate)}
    }
  }

  /**
   * Creates `bucket`. Headers set a canned ACL (x-amz-acl) or grants (x-amz-grant-*); `data`
   * replaces the CreateBucketConfiguration, which by default names the connection's region,
   * except us-east-1, which S3 wants left out.
   */
  async bucketCreate(bucket: string, headers: Headers = {}, data?: ConfigData): Promise<void> {
    const op = 'bucketCreate'
    await this.guard(op, async () => checkBucketName(bucket, 'strict'))
    let body: string | undefined
    if (data !== undefined && data !== null) {
      body = typeof data === 'string' ? data : await this.guard(op, async () => toXml(data as XmlObject, {declaration: true}))
    } else if (this.connection.region !== 'us-east-1') {
      body = toXml({[`CreateBucketConfiguration xmlns="${S3_XMLNS}"`]: {LocationConstraint: this.connection.region}}, {declaration: true})
    }
    await this.send({op, method: 'PUT', bucket, headers, body})
  }

  /** Deletes an empty bucket (BucketNotEmpty otherwise: see bucketEmpty). */
  async bucketDelete(bucket: string): Promise<void> {
    await this.guard('bucketDelete', async () => checkBucketName(bucket, 'legacy'))
    await this.send({op: 'bucketDelete', method: 'DELETE', bucket})
  }

  /**
   * HEAD bucket: true when it exists and is yours to read, false when it does not exist.
   * Any other answer raises, like `aws s3api head-bucket`: a 403 means the bucket exists
   * but belongs to someone else, which neither true nor false would say.
   */
  async bucketExists(bucket: string): Promise<boolean> {
    await this.guard('bucketExists', async () => checkBucketName(bucket, 'legacy'))
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
   * continuation token, so listings can run side by side.
   */
  async *bucketListKeys(bucket: string, delimiter?: string | null, prefix?: string | null, params: ParamsArg = {}): AsyncGenerator<S3Key | string> {
    const op = 'bucketListKeys'
    await this.guard(op, async () => checkBucketName(bucket, 'legacy'))
    const query: Record<string, string> = {...paramsObject(params)}
    if (delimiter !== undefined && delimiter !== null) query.delimiter = delimiter
    if (prefix !== undefined && prefix !== null) query.prefix = prefix
    // ListObjectsV2: the server hands out continuation tokens, so a truncated page holding
    // only common prefixes continues correctly. The seed's v1 `marker` also goes as `start-after`.
    if (query.marker !== undefined) query['start-after'] ??= query.marker
    query['encoding-type'] ??= 'url'
    query['fetch-owner'] ??= 'true'
    let token: string | undefined
    let marker = query.marker
    let lastPrefix: string | undefined
    for (;;) {
      const response = await this.send({op, method: 'GET', bucket, query: {'list-type': '2', ...query, marker, 'continuation-token': token}})
      const page = await this.guard(op, () => parseKeysPage(response.body))
      yield* page.keys
      for (const p of page.prefixes) {
        if (p === lastPrefix) continue // never the same prefix twice across a page boundary
        lastPrefix = p
        yield p
      }
      if (!page.truncated) return
      const stuck = () => new StorageError(op, new Error(`the listing of ${bucket} is truncated but the server gave no way to go on`))
      if (page.nextToken) {
        if (page.nextToken === token) throw stuck()
        token = page.nextToken
      } else {
        // A v1 answer (a server without ListObjectsV2, or list-type=1 in params): go on by marker.
        if (!page.nextMarker || page.nextMarker === marker) throw stuck()
        marker = page.nextMarker
      }
    }
  }

  /** One GET of the bucket (a page of ListObjects v1, as the seed did), parsed. */
  async bucketGet(bucket: string, params: ParamsArg = {}): Promise<XmlObject> {
    const op = 'bucketGet'
    await this.guard(op, async () => checkBucketName(bucket, 'legacy'))
    const response = await this.send({op, method: 'GET', bucket, query: params})
    return this.guard(op, () => parseXml(response.body.toString('utf8')))
  }

  // ---- the table's operations, by config name (the generated methods call these) ----

  /** GET ?<subresource>: the configuration as an object (policy: the parsed JSON). */
  async bucketConfigGet(name: string, bucket: string, params?: ParamsArg): Promise<XmlObject | PolicyDocument> {
    const spec = specFor(name, 'get')
    const op = methodName('get', spec)
    await this.guard(op, async () => checkBucketName(bucket, 'legacy'))
    const response = await this.send({op, method: 'GET', bucket, query: withSubresource(spec.subresource, params)})
    return this.guard(op, () => decodeConfig(spec, response.body))
  }

  /** PUT ?<subresource> with `data` (string as is, object converted) and the extra headers. */
  async bucketConfigSet(name: string, bucket: string, data?: ConfigData, headers: Headers = {}): Promise<void> {
    const spec = specFor(name, 'set')
    const op = methodName('set', spec)
    const body = await this.guard(op, async () => {
      checkBucketName(bucket, 'legacy')
      return encodeConfig(spec, data)
    })
    const contentType = spec.format === 'json' ? 'application/json' : 'application/xml'
    await this.send({op, method: 'PUT', bucket, query: {[spec.subresource]: ''}, headers: body ? {'content-type': contentType, ...headers} : headers, body})
  }

  /** DELETE ?<subresource>. */
  async bucketConfigDelete(name: string, bucket: string): Promise<void> {
    const spec = specFor(name, 'delete')
    const op = methodName('delete', spec)
    await this.guard(op, async () => checkBucketName(bucket, 'legacy'))
    await this.send({op, method: 'DELETE', bucket, query: {[spec.subresource]: ''}})
  }

  // ---- emptying a bucket ----

  /**
   * DeleteObjects (POST ?delete) in batches of 1000, quiet mode: S3 answers only the failures,
   * which are returned (not thrown) so the caller can say which keys were left.
   */
  async deleteObjects(bucket: string, objects: Iterable<ObjectIdentifier> | AsyncIterable<ObjectIdentifier>, signal?: AbortSignal): Promise<DeleteObjectsResult> {
    const op = 'deleteObjects'
    await this.guard(op, async () => checkBucketName(bucket, 'legacy'))
    const result: DeleteObjectsResult = {deleted: 0, errors: []}
    let batch: ObjectIdentifier[] = []
    const flush = async () => {
      if (batch.length === 0) return
      const body = await this.guard(op, async () => toXml({Delete: [{Quiet: 'true'}, ...batch.map((o) => ({Object: o.versionId ? {Key: o.key, VersionId: o.versionId} : {Key: o.key}}))]}, {declaration: true}))
      const response = await this.send({op, method: 'POST', bucket, query: {delete: ''}, headers: {'content-type': 'application/xml'}, body, signal})
      const errors = await this.guard(op, () => parseDeleteResult(response.body))
      result.deleted += batch.length - errors.length
      result.errors.push(...errors)
      batch = []
    }
    for await (const object of objects) {
      batch.push(object)
      if (batch.length === DELETE_BATCH) await flush()
    }
    await flush()
    return result
  }

  /**
   * Empties `bucket`: aborts its unfinished multipart uploads, then deletes every object
   * version and delete marker (every object, on an unversioned bucket), 1000 per request.
   * Each round lists from the start again (what was listed is gone), so no marker ever points
   * at a deleted version. Stops at the first failure, naming the keys that could not go.
   */
  async bucketEmpty(bucket: string, options: EmptyBucketOptions = {}): Promise<{deleted: number; aborted: number}> {
    const op = 'bucketEmpty'
    await this.guard(op, async () => checkBucketName(bucket, 'legacy'))
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
      const response = await this.send({op, method: 'GET', bucket, query: {versions: '', 'max-keys': DELETE_BATCH, 'encoding-type': 'url'}, signal})
      const {entries} = await this.guard(op, () => parseVersionsPage(response.body))
      if (entries.length === 0) break
      const result = await this.deleteObjects(bucket, entries.map((e) => ({key: e.key, versionId: e.versionId})), signal)
      totals.deleted += result.deleted
      onProgress?.(totals)
      if (result.errors.length > 0) {
        const first = result.errors[0]
        throw new StorageError(op, Object.assign(new Error(`could not delete ${result.errors.length} object(s) from ${bucket}, e.g. ${first.key}: ${first.code}: ${first.message}`), {code: first.code}))
      }
    }
    return totals
  }
}

function specFor(name: string, op: 'get' | 'set' | 'delete'): BucketConfigSpec {
  const spec = findConfig(name)
  if (!spec || !spec[op]) throw new StorageError(`bucket${op}`, new Error(`no bucket configuration "${name}" with ${op}`))
  return spec
}

/** The seed's params: an object, or the query string's text after '?'. */
function paramsObject(params: ParamsArg | undefined): Record<string, string> {
  if (params === undefined) return {}
  if (typeof params === 'string') return Object.fromEntries(new URLSearchParams(params.replace(/^\?/, '')))
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))
}

function withSubresource(subresource: string, params: ParamsArg | undefined): QueryParams {
  return {[subresource]: '', ...paramsObject(params)}
}

// Generate the table's methods onto the prototype, with the seed's argument order:
// getters (bucket[, params]), setters (bucket, data) or (bucket, headers, data), deleters (bucket).
for (const {op, spec} of configOperations()) {
  const impl = op === 'get'
    ? function (this: Storage, bucket: string, params?: ParamsArg) { return this.bucketConfigGet(spec.name, bucket, spec.params ? params : undefined) }
    : op === 'set'
      ? spec.headers
        ? function (this: Storage, bucket: string, headers?: Headers, data?: ConfigData) { return this.bucketConfigSet(spec.name, bucket, data, headers) }
        : function (this: Storage, bucket: string, data?: ConfigData) { return this.bucketConfigSet(spec.name, bucket, data) }
      : function (this: Storage, bucket: string) { return this.bucketConfigDelete(spec.name, bucket) }
  Object.defineProperty(impl, 'name', {value: methodName(op, spec)})
  Object.defineProperty(Storage.prototype, methodName(op, spec), {value: impl, writable: true, configurable: true, enumerable: false})
}
