/**
 * DeleteObjects in batches (deleteObjects) and emptying a bucket (bucketEmpty): its unfinished
 * uploads aborted, then every version deleted; `deleted` reported for each key that went.
 */
import {checkBucketName} from '../bucket-name.js'
import type {Client} from '../client/client.js'
import {DELETE_BATCH} from '../constants.js'
import {DeleteObjectsError, StorageError} from '../errors.js'
import {toXml} from '../client/xml.js'
import type {Headers} from '../types.js'
import {type DeleteError, parseDeleteResult} from './listing.js'
import {listVersions} from './list-keys.js'
import {abortUpload, listUploads} from './multipart.js'

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
  /** Headers of each DeleteObjects request (x-amz-bypass-governance-retention: true deletes GOVERNANCE-locked versions). */
  headers?: Headers
}

// ---- emptying a bucket ----

/**
 * DeleteObjects (POST ?delete) in batches of 1000, quiet mode: S3 answers only the failures,
 * which are returned (not thrown) so the caller can say which keys were left.
 */
export async function deleteObjects(client: Client, bucket: string, objects: Iterable<ObjectIdentifier> | AsyncIterable<ObjectIdentifier>, signal?: AbortSignal, headers: Headers = {}): Promise<DeleteObjectsResult> {
  const op = 'deleteObjects'
  await client.wrapErrors(op, async () => checkBucketName(bucket, 'legacy'))
  const result: DeleteObjectsResult = {deleted: 0, errors: []}
  let batch: ObjectIdentifier[] = []
  const flush = async () => {
    if (batch.length === 0) return
    const body = await client.wrapErrors(op, async () => toXml({Delete: [{Quiet: 'true'}, ...batch.map((o) => ({Object: o.versionId ? {Key: o.key, VersionId: o.versionId} : {Key: o.key}}))]}, {declaration: true}))
    const response = await client.send({op, method: 'POST', bucket, query: {delete: ''}, headers: {...headers, 'content-type': 'application/xml'}, body, signal, xmlRoot: 'DeleteResult'})
    const errors = await client.wrapErrors(op, () => parseDeleteResult(response.body))
    result.deleted += batch.length - errors.length
    result.errors.push(...errors)
    await reportDeleted(client, op, bucket, batch, errors)
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
async function reportDeleted(client: Client, op: string, bucket: string, batch: ObjectIdentifier[], errors: DeleteError[]): Promise<void> {
  if (!client.connection.events.hears('deleted')) return
  const failed = new Set(errors.map((e) => `${e.key}\0${e.versionId ?? ''}`))
  for (const {key, versionId} of batch) {
    if (failed.has(`${key}\0${versionId ?? ''}`)) continue
    await client.connection.events.deleted({bucket, key, ...(versionId ? {versionId} : {}), op})
  }
}

/**
 * The line for versions object lock kept: how many, the first few with their mode and date
 * (or legal hold), and that emptying stopped there. Undefined when the refusals are not
 * object lock's (an AccessDenied of a policy, say: no version of the first few is locked).
 */
async function lockedLine(client: Client, bucket: string, errors: DeleteError[], deleted: number): Promise<string | undefined> {
  const {LOCKS_NAMED, describeLock, refusedByLock, versionLocks} = await import('./object-lock.js')
  const refused = errors.filter(refusedByLock)
  if (refused.length === 0) return undefined
  const locks = await versionLocks(client, bucket, refused.slice(0, LOCKS_NAMED))
  if (!locks.some((lock) => lock.retention || lock.legalHold)) return undefined
  const more = refused.length > locks.length ? `, and ${refused.length - locks.length} more` : ''
  const count = refused.length === 1 ? '1 object version is' : `${refused.length} object versions are`
  return `${count} locked in ${bucket}: ${locks.map(describeLock).join(', ')}${more}; ` +
    `stopped there: ${deleted} other version${deleted === 1 ? '' : 's'} deleted, nothing more, and the bucket is kept`
}

/**
 * Empties `bucket`: aborts its unfinished multipart uploads, then deletes every object
 * version and delete marker (every object, on an unversioned bucket), 1000 per request.
 * Each round lists from the start again (what was listed is gone), so no marker ever points
 * at a deleted version. Stops at the first failure, naming the keys that could not go.
 */
export async function bucketEmpty(client: Client, bucket: string, options: EmptyBucketOptions = {}): Promise<{deleted: number; aborted: number}> {
  const op = 'bucketEmpty'
  await client.wrapErrors(op, async () => checkBucketName(bucket, 'legacy'))
  const {signal, onProgress, headers} = options
  const totals = {deleted: 0, aborted: 0}
  // Aborting as we list: the markers stay valid, as they are positions, not uploads.
  for await (const upload of listUploads((req) => client.send(req), op, bucket, undefined, signal)) {
    signal?.throwIfAborted()
    await abortUpload((req) => client.send(req), op, {bucket, key: upload.key}, upload.uploadId)
    totals.aborted++
    onProgress?.(totals)
  }
  for (;;) {
    // One page from the start each round: the listing is left before its next page is asked.
    const entries: ObjectIdentifier[] = []
    for await (const version of listVersions(client, op, bucket, undefined, {'max-keys': DELETE_BATCH}, signal)) {
      entries.push({key: version.key, versionId: version.versionId})
      if (entries.length === DELETE_BATCH) break
    }
    if (entries.length === 0) break
    const result = await deleteObjects(client, bucket, entries, signal, headers)
    totals.deleted += result.deleted
    onProgress?.(totals)
    if (result.errors.length > 0) {
      const locked = await lockedLine(client, bucket, result.errors, totals.deleted)
      const first = result.errors[0]
      throw new StorageError(op, new DeleteObjectsError(locked ?? `could not delete ${result.errors.length} object(s) from ${bucket}, e.g. ${first.key}: ${first.code}: ${first.message}`, first.code, result.errors.length))
    }
  }
  return totals
}
