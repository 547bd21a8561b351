/**
 * THE rule of "source and destination" for batch commands, checked before anything is read or
 * written: one side must be S3; a local SOURCE folder must exist and be a folder (a missing
 * destination folder is made); and the two sides must not overlap. An overlap (the same
 * prefix, or one inside the other in one bucket) would have a batch read what it writes: a
 * sync --delete deletes what it copies, a move onto itself deletes the only copy, a copy into
 * its own prefix lists its own copies. rclone refuses overlapping remotes; so does this, even
 * where a filter might make it safe (simple beats clever here).
 */
import {ValueError} from '../errors.js'
import type {Storage} from '../storage.js'
import {checkSourceFolder, LocalSide} from './local-side.js'
import {S3Side, type S3SideOptions} from './s3-side.js'
import type {Side} from './side.js'

export {checkSourceFolder} from './local-side.js'

/** One side of a batch as the command line names it: a local folder, or a prefix in a bucket ('' for the whole bucket). */
export type Location = {kind: 'local'; dir: string} | {kind: 's3'; bucket: string; prefix: string}

/** The Side a location names (the one place that turns a kind into a side). */
export function openSide(storage: Storage, at: Location, options: S3SideOptions = {}): Side {
  return at.kind === 'local' ? new LocalSide(storage, at.dir, options.tuning) : new S3Side(storage, at.bucket, at.prefix, options)
}

/** Why `from` and `to` may not be one batch's sides, or undefined when they may. Pure. */
export function overlapReason(from: Location, to: Location): string | undefined {
  if (from.kind !== 's3' || to.kind !== 's3' || from.bucket !== to.bucket) return undefined
  const [a, b] = [from.prefix, to.prefix]
  if (a === b) return `SOURCE and DESTINATION overlap: both are s3://${from.bucket}/${a}`
  if (b.startsWith(a) || a.startsWith(b)) {
    const [outer, inner] = b.startsWith(a) ? [a, b] : [b, a]
    return `SOURCE and DESTINATION overlap: s3://${from.bucket}/${inner} is inside s3://${from.bucket}/${outer}`
  }
  return undefined
}

/** Checks a batch's sides (see above); throws a ValueError (exit 2) or the local folder's error (exit 8). */
export async function checkBatchSides(from: Location, to: Location): Promise<void> {
  if (from.kind === 'local' && to.kind === 'local') throw new ValueError('one side must be S3 (s3://BUCKET/PREFIX): for a local copy, use cp or rsync')
  const overlap = overlapReason(from, to)
  if (overlap) throw new ValueError(`${overlap}; a batch may not read what it writes`)
  if (from.kind === 'local') await checkSourceFolder(from.dir)
}

/** A file in a location: `rel` is its name there ('' for a destination: the source's name). */
export type FileLocation = Location & {rel: string}

/** Checks a single move's sides: one must be S3, and an object never moves onto itself. */
export function checkMoveSides(from: FileLocation, to: FileLocation): void {
  if (from.kind === 'local' && to.kind === 'local') throw new ValueError('one side must be S3 (s3://BUCKET/KEY): for a local move, use mv')
  if (from.kind === 's3' && to.kind === 's3') {
    checkNotSameObject({bucket: from.bucket, key: from.prefix + from.rel}, {bucket: to.bucket, key: to.prefix + (to.rel === '' ? from.rel : to.rel)})
  }
}

/** One object moved onto itself (the same bucket and key) would be copied, then deleted: refused. */
export function checkNotSameObject(from: {bucket: string; key: string}, to: {bucket: string; key: string}): void {
  if (from.bucket === to.bucket && from.key === to.key) throw new ValueError(`cannot move s3://${from.bucket}/${from.key} onto itself`)
}
