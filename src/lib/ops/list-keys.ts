/**
 * The listings of a bucket's keys and versions, page after page, each page checked against the
 * rule a listing obeys (listing-order.ts) before any of its names is handed out.
 */
import {checkBucketName} from '../bucket-name.js'
import type {Client} from '../client/client.js'
import type {QueryParams, S3Request} from '../client/connection.js'
import type {S3Response} from '../client/response.js'
import type {S3Key} from '../types.js'
import {type KeysPage, parseKeysPage, parseVersionsPage, type VersionEntry} from './listing.js'
import {checkedPage, ContinuationsSeen, EntryOrder, inconsistentListing, KeyOrder, type Markers, markerPages, type MarkersPage} from './listing-order.js'
import {paramsObject} from './params.js'

/** A request already on its way: its answer to come, and how to call it off. */
interface Prefetched {
  response: Promise<S3Response>
  abort(): void
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
export async function* bucketListKeys(client: Client, bucket: string, delimiter?: string | null, prefix?: string | null, params: QueryParams = {}): AsyncGenerator<S3Key | string> {
  const op = 'bucketListKeys'
  await client.wrapErrors(op, async () => checkBucketName(bucket, 'legacy'))
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
    ({req, answer: prefetch(client, req)})
  const read = async (asked: Prefetched): Promise<KeysPage> => {
    const response = await client.recorded(op, () => asked.response, (r) => r)
    return client.wrapErrors(op, () => parseKeysPage(response.body))
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
function prefetch(client: Client, req: S3Request): Prefetched {
  const controller = new AbortController()
  const response = client.connection.request({...req, signal: controller.signal})
  response.catch(() => {}) // raised when the page is read; of no interest when the listing stopped first
  return {response, abort: () => controller.abort()}
}

/**
 * Every version and delete marker of `bucket` (under `prefix`), page after page, in S3's
 * order: by key, the newest version of each key first. Other params (max-keys...) go to S3
 * as given; key-marker / version-id-marker in params start the listing there.
 */
export function bucketListVersions(client: Client, bucket: string, prefix?: string | null, params: QueryParams = {}, signal?: AbortSignal): AsyncGenerator<VersionEntry> {
  return listVersions(client, 'bucketListVersions', bucket, prefix, params, signal)
}

/** bucketListVersions under the caller's name, so a failure names the method the user called. */
export async function* listVersions(client: Client, op: string, bucket: string, prefix: string | null | undefined, params: QueryParams, signal?: AbortSignal): AsyncGenerator<VersionEntry> {
  await client.wrapErrors(op, async () => checkBucketName(bucket, 'legacy'))
  const query: Record<string, string> = {...paramsObject(params)}
  if (prefix !== undefined && prefix !== null) query.prefix = prefix
  query['encoding-type'] ??= 'url'
  const read = async ({keyMarker, idMarker}: Markers): Promise<MarkersPage<VersionEntry>> => {
    const response = await client.send({op, method: 'GET', bucket, query: {versions: '', ...query, 'key-marker': keyMarker, 'version-id-marker': idMarker}, signal, xmlRoot: 'ListVersionsResult'})
    const page = await client.wrapErrors(op, () => parseVersionsPage(response.body))
    return {...page, nextIdMarker: page.nextVersionIdMarker}
  }
  yield* markerPages(read, new EntryOrder<VersionEntry>((v) => v.versionId, query.prefix ?? ''),
    (problem, page) => inconsistentListing(op, `the version listing of ${bucket}`, problem, page),
    {keyMarker: query['key-marker'], idMarker: query['version-id-marker']})
}

/** What is wrong with the way a page of keys goes on: truncated with no way on, or a way taken before. */
function keysPageEnd(page: KeysPage, wentOn: ContinuationsSeen): string | undefined {
  if (!page.truncated) return undefined
  const way = page.v1 ? page.nextMarker : page.nextToken
  if (way === undefined) return `is truncated but gave no ${page.v1 ? 'marker' : 'continuation token'}`
  if (wentOn.has(way)) return `gave the ${page.v1 ? 'marker' : 'continuation token'} of a page before again`
  return undefined
}
