/**
 * How listings look, in one place for every command that prints them: text lines (the original
 * `s3` tool's key line, and lines in its spirit for versions and multipart uploads), table
 * columns (the name last, where its length costs no padding), and what --summarize counts.
 * With `human`, sizes read as 1.2 MiB and dates as local time; the fields stay in their places.
 */
import type {VersionEntry} from '../lib/ops/listing.js'
import type {OpenUpload} from '../lib/ops/multipart.js'
import type {S3Key} from '../lib/types.js'
import type {ListSummary} from './list-writer.js'
import type {Column} from './table.js'
import {formatBytes, formatLocalTime} from './units.js'

export interface LineOptions {
  human?: boolean
}

/**
 * A key as the original `s3 list` printed it: `e_tag storage_class size(%12s) last_modified owner key`.
 * The owner is its display name, else its id (S3 no longer sends display names in most regions).
 */
export function keyLine(key: S3Key, options: LineOptions = {}): string {
  const owner = key.owner?.displayName || key.owner?.id || ''
  return `${key.eTag} ${key.storageClass} ${size(key.size, options).padStart(12)} ${date(key.lastModified, options)} ${owner} ${key.key}`
}

/**
 * A version: `last_modified * size version_id key`, `*` marking the current version of its
 * key; a delete marker says `(delete marker)` where the size goes.
 */
export function versionLine(version: VersionEntry, options: LineOptions = {}): string {
  const what = version.deleteMarker ? '(delete marker)' : size(version.size, options)
  return `${date(version.lastModified, options)} ${version.isLatest ? '*' : ' '} ${what.padStart(15)} ${version.versionId} ${version.key}`
}

/** An unfinished multipart upload: `initiated upload_id key`. */
export function uploadLine(upload: OpenUpload, options: LineOptions = {}): string {
  return `${date(upload.initiated, options)} ${upload.uploadId} ${upload.key}`
}

/** Keys and common prefixes (strings), as bucketListKeys yields them. */
type KeyEntry = S3Key | string

export const KEY_COLUMNS: Column[] = [
  {name: 'lastModified', kind: 'date'}, {name: 'size', kind: 'bytes'}, {name: 'storageClass', kind: 'id'}, {name: 'key', kind: 'name'},
]

/** Objects are counted and their sizes added; common prefixes are not objects. */
export const KEY_SUMMARY: ListSummary<KeyEntry> = {
  noun: 'objects',
  counts: (e) => typeof e !== 'string',
  size: (e) => (typeof e === 'string' ? 0 : e.size),
}

export const VERSION_COLUMNS: Column[] = [
  {name: 'lastModified', kind: 'date'}, {name: 'isLatest', kind: 'flag'}, {name: 'deleteMarker', kind: 'flag'},
  {name: 'size', kind: 'bytes'}, {name: 'versionId', kind: 'id'}, {name: 'key', kind: 'name'},
]

/** Versions and delete markers are counted; the size is what the versions hold (markers hold nothing). */
export const VERSION_SUMMARY: ListSummary<VersionEntry> = {noun: 'versions', size: (v) => v.size}

export const UPLOAD_COLUMNS: Column[] = [
  {name: 'initiated', kind: 'date'}, {name: 'uploadId', kind: 'id'}, {name: 'key', kind: 'name'},
]

export const UPLOAD_SUMMARY: ListSummary<OpenUpload> = {noun: 'uploads'}

function size(bytes: number, options: LineOptions): string {
  return options.human ? formatBytes(bytes) : String(bytes)
}

function date(iso: string, options: LineOptions): string {
  return options.human ? formatLocalTime(iso) : iso
}
