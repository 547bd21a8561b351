/**
 * What `s3 diff` reports of two Sides: the names only one side has and the files that differ,
 * by size, and with `checksum` by content MD5 (compareMd5, as sync --checksum compares). Both
 * sides are walked side by side in S3's order (pairUp), so neither listing is held. Both are
 * listed as sources: a missing local folder is an error, and so is a folder or file that could
 * not be read, after the differences found. A listing error is an error too: two sides are
 * never "equal" on the word of a listing that did not end.
 */
import {LocalFileError} from '../errors.js'
import {compareMd5} from './checksums.js'
import {pairUp} from './order.js'
import type {Side, SideEntry} from './side.js'

export type Difference =
  | {kind: 'only-in-source'; rel: string; source: SideEntry}
  | {kind: 'only-in-destination'; rel: string; destination: SideEntry}
  | {kind: 'differ'; rel: string; source: SideEntry; destination: SideEntry; by: 'size'}
  | {kind: 'differ'; rel: string; source: SideEntry; destination: SideEntry; by: 'md5'; sourceMd5: string; destinationMd5: string}
  /** Same size, and no MD5 on one side (a multipart ETag): not guessed either way. */
  | {kind: 'not-compared'; rel: string; source: SideEntry; destination: SideEntry; why: string}

export interface DiffOptions {
  checksum: boolean
  /** Told about local paths the walk passes over (links that loop, devices). */
  onSkip?: (path: string, why: string) => void
}

/** The differences of `from` and `to`, in S3's order of their relative names. */
export async function* diffSides(from: Side, to: Side, options: DiffOptions): AsyncGenerator<Difference> {
  const unread: string[] = []
  const listAs = {role: 'source', followSymlinks: true, onSkip: options.onSkip, onProblem: (file: string, why: string) => unread.push(`${file}: ${why}`)} as const
  for await (const pair of pairUp(files(from.list(listAs)), files(to.list(listAs)))) {
    const {rel, source, destination} = pair
    if (!destination) yield {kind: 'only-in-source', rel, source: source!}
    else if (!source) yield {kind: 'only-in-destination', rel, destination}
    else if (source.size !== destination.size) yield {kind: 'differ', rel, source, destination, by: 'size'}
    else if (options.checksum) {
      const compared = await compareMd5(source, destination)
      if (!compared) yield {kind: 'not-compared', rel, source, destination, why: 'no MD5 on one side (a multipart ETag is none)'}
      else if (!compared.equal) yield {kind: 'differ', rel, source, destination, by: 'md5', sourceMd5: compared.source, destinationMd5: compared.destination}
    }
  }
  if (unread.length > 0) {
    const more = unread.length > 1 ? ` (and ${unread.length - 1} more)` : ''
    throw new LocalFileError(`the comparison is incomplete: could not read ${unread[0]}${more}`)
  }
}

/** Files only: a folder marker (an empty key ending in /, or the prefix's own) is no file to compare. */
async function* files(entries: AsyncIterable<SideEntry>): AsyncGenerator<SideEntry> {
  for await (const entry of entries) {
    if (entry.rel === '' || (entry.rel.endsWith('/') && entry.size === 0)) continue
    yield entry
  }
}
