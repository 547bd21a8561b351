/**
 * Parsing of listing pages (ListObjectsV2, ListObjectVersions, ListMultipartUploads,
 * DeleteObjects results) into records (S3Key, ObjectVersion...). Pure: no requests here.
 */
import {ObjectVersion, S3Key, S3Owner} from '../types.js'
import {asArray, parsePlainXml, type XmlObject, type XmlValue} from '../client/xml.js'
import {compareKeys} from './listing-order.js'

export interface KeysPage {
  keys: S3Key[]
  prefixes: string[]
  truncated: boolean
  nextToken?: string
  /** A ListObjects v1 answer (<Marker>, no <KeyCount>): it goes on by marker, not by token. */
  v1: boolean
  /** Where a ListObjects v1 answer continues: NextMarker, else the page's last key or prefix. */
  nextMarker?: string
}

/** One version of an object, or a delete marker: see ObjectVersion. */
export type VersionEntry = ObjectVersion

export interface VersionsPage {
  /** In S3's order: by key (UTF-8 bytes), the newest version of each key first. */
  entries: VersionEntry[]
  truncated: boolean
  nextKeyMarker?: string
  nextVersionIdMarker?: string
}

/** An unfinished multipart upload. */
export interface UploadEntry {
  key: string
  uploadId: string
  initiated: string
}

export interface UploadsPage {
  uploads: UploadEntry[]
  truncated: boolean
  nextKeyMarker?: string
  nextUploadIdMarker?: string
}

export interface DeleteError {
  key: string
  versionId?: string
  code: string
  message: string
}

const text = (v: XmlValue): string => (v === undefined || v === null ? '' : typeof v === 'object' ? '' : String(v))

/** With `encoding-type=url` S3 percent-encodes keys (spaces as '+'), so any key survives XML. */
function decoder(result: XmlObject): (s: string) => string {
  if (text(result.EncodingType) !== 'url') return (s) => s
  return (s) => decodeURIComponent(s.replace(/\+/g, ' '))
}

async function root(body: Buffer, name: string): Promise<XmlObject> {
  const doc = await parsePlainXml(body.toString('utf8'))
  const result = doc[name]
  if (typeof result === 'object' && result !== null && !Array.isArray(result)) return result
  if (result === '') return {}
  throw new Error(`unexpected answer: expected <${name}>, got <${Object.keys(doc)[0]}>`)
}

export function ownerOf(value: XmlValue): S3Owner | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  return new S3Owner({id: text(value.ID), displayName: text(value.DisplayName)})
}

export async function parseKeysPage(body: Buffer): Promise<KeysPage> {
  const result = await root(body, 'ListBucketResult')
  const decode = decoder(result)
  const keys = asArray(result.Contents as XmlObject | XmlObject[]).map((c) => new S3Key({
    key: decode(text(c.Key)),
    eTag: text(c.ETag),
    lastModified: text(c.LastModified),
    size: Number(text(c.Size) || 0),
    storageClass: text(c.StorageClass) || 'STANDARD',
    owner: ownerOf(c.Owner),
  }))
  const prefixes = asArray(result.CommonPrefixes as XmlObject | XmlObject[]).map((p) => decode(text(p.Prefix)))
  const token = text(result.NextContinuationToken)
  const last = [keys[keys.length - 1]?.key, prefixes[prefixes.length - 1]].filter((x): x is string => x !== undefined).sort(compareKeys).pop()
  const nextMarker = text(result.NextMarker) ? decode(text(result.NextMarker)) : last
  const v1 = result.Marker !== undefined && result.KeyCount === undefined
  return {keys, prefixes, truncated: text(result.IsTruncated) === 'true', nextToken: token || undefined, v1, nextMarker}
}

export async function parseVersionsPage(body: Buffer): Promise<VersionsPage> {
  const result = await root(body, 'ListVersionsResult')
  const decode = decoder(result)
  const entry = (deleteMarker: boolean) => (v: XmlObject) => new ObjectVersion({
    key: decode(text(v.Key)),
    versionId: text(v.VersionId) || 'null',
    deleteMarker,
    isLatest: text(v.IsLatest) === 'true',
    lastModified: text(v.LastModified),
    size: Number(text(v.Size) || 0),
    eTag: text(v.ETag),
    storageClass: deleteMarker ? '' : text(v.StorageClass) || 'STANDARD',
    owner: ownerOf(v.Owner),
  })
  // The parser groups <Version> and <DeleteMarker> apart, losing their interleaving: put the
  // page back in S3's order (key, then newest first; the latest of a key leads).
  const entries = [
    ...asArray(result.Version as XmlObject | XmlObject[]).map(entry(false)),
    ...asArray(result.DeleteMarker as XmlObject | XmlObject[]).map(entry(true)),
  ].sort((a, b) => compareKeys(a.key, b.key) || Number(b.isLatest) - Number(a.isLatest) || compareDates(b.lastModified, a.lastModified))
  return {
    entries,
    truncated: text(result.IsTruncated) === 'true',
    nextKeyMarker: text(result.NextKeyMarker) ? decode(text(result.NextKeyMarker)) : undefined,
    nextVersionIdMarker: text(result.NextVersionIdMarker) || undefined,
  }
}

function compareDates(a: string, b: string): number {
  return (Date.parse(a) || 0) - (Date.parse(b) || 0)
}

export async function parseUploadsPage(body: Buffer): Promise<UploadsPage> {
  const result = await root(body, 'ListMultipartUploadsResult')
  const decode = decoder(result)
  return {
    uploads: asArray(result.Upload as XmlObject | XmlObject[]).map((u) => ({key: decode(text(u.Key)), uploadId: text(u.UploadId), initiated: text(u.Initiated)})),
    truncated: text(result.IsTruncated) === 'true',
    nextKeyMarker: text(result.NextKeyMarker) ? decode(text(result.NextKeyMarker)) : undefined,
    nextUploadIdMarker: text(result.NextUploadIdMarker) || undefined,
  }
}

export async function parseDeleteResult(body: Buffer): Promise<DeleteError[]> {
  if (body.length === 0) return []
  const result = await root(body, 'DeleteResult')
  return asArray(result.Error as XmlObject | XmlObject[]).map((e) => ({
    key: text(e.Key),
    versionId: text(e.VersionId) || undefined,
    code: text(e.Code),
    message: text(e.Message),
  }))
}
