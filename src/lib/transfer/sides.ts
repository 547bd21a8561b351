/**
 * THE rule of "source and destination" for batch commands, checked before anything is read or
 * written: one side must be S3; a local SOURCE folder must exist and be a folder (a missing
 * destination folder is made); and the two sides must not overlap. An overlap (the same
 * prefix, or one inside the other in one bucket) would have a batch read what it writes: a
 * sync --delete deletes what it copies, a move onto itself deletes the only copy, a copy into
 * its own prefix lists its own copies. rclone refuses overlapping remotes; so does this, even
 * where a filter might make it safe (simple beats clever here).
 */
import {stat} from 'node:fs/promises'
import type {Location} from './plans.js'
import {LocalFileError, ValueError} from '../errors.js'

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

/** A local SOURCE folder must exist: a mistyped or missing one is never "an empty folder". */
export async function checkSourceFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new LocalFileError(`${dir}: no such folder`, 'ENOENT', dir)
    throw error
  })
  if (!info.isDirectory()) throw new LocalFileError(`${dir} is a file, not a folder`, 'ENOTDIR', dir)
}

/** One object moved onto itself (the same bucket and key) would be copied, then deleted: refused. */
export function checkNotSameObject(from: {bucket: string; key: string}, to: {bucket: string; key: string}): void {
  if (from.bucket === to.bucket && from.key === to.key) throw new ValueError(`cannot move s3://${from.bucket}/${from.key} onto itself`)
}
