/**
 * A folder's listing as `aws s3 ls` shows it, shared by `s3 ls` and `object:list`: one level
 * (common prefixes as `PRE name/`, then objects) unless recursive, a prefix taken as S3 takes
 * it (`tre` lists `PRE tree/`), names relative to the prefix's folder, and exit 1 when a
 * prefix lists nothing (as aws: a mistyped prefix is not an empty folder).
 */
import {type Command} from '@oclif/core/command'
import {EXIT} from '../../exit-codes.js'
import type {S3Key} from '../../lib/types.js'
import {ObjectCommand} from './object-command.js'

export interface FolderListOptions {
  /** Every key under the prefix, with its whole name (no common prefixes). */
  recursive?: boolean
  /** Group by this instead of '/' (names are then shown whole). */
  delimiter?: string
  human?: boolean
  summarize?: boolean
}

/** S3 sends at most this many names (keys and common prefixes) a page. */
const PAGE_NAMES = 1000

/**
 * aws prints each page's folders before its objects; the listing yields a page's keys, then
 * its common prefixes. So the last keys are held until it is known whether folders follow
 * them: at most a page's worth (older keys cannot be of the page whose folders are to come).
 */
export async function* foldersFirst(entries: AsyncIterable<S3Key | string>): AsyncGenerator<S3Key | string> {
  let keys: S3Key[] = []
  let folders: string[] = []
  for await (const entry of entries) {
    if (typeof entry === 'string') {
      folders.push(entry)
      continue
    }
    if (folders.length > 0) {
      yield* folders
      yield* keys
      folders = []
      keys = []
    }
    keys.push(entry)
    if (keys.length > PAGE_NAMES) yield keys.shift()!
  }
  yield* folders
  yield* keys
}

/** A listed key's record: key, size and date first, the rest after. */
export function keyRecord(key: S3Key): Record<string, unknown> {
  return {key: key.key, size: key.size, lastModified: key.lastModified, storageClass: key.storageClass, eTag: key.eTag, owner: key.owner}
}

export abstract class FolderListCommand<T extends typeof Command> extends ObjectCommand<T> {
  /** Lists `prefix` of `bucket` (see above); returns the number of entries listed. */
  protected async listFolder(bucket: string, prefix: string, options: FolderListOptions): Promise<number> {
    const [{KEY_COLUMNS, KEY_SUMMARY}, {awsObjectLine, awsPrefixLine}] = await Promise.all([
      import('../../output/listing-lines.js'), import('../../output/aws-lines.js'),
    ])
    const delimiter = options.delimiter ?? (options.recursive ? undefined : '/')
    // aws names entries after the folder the prefix is in (`ls s3://B/docs/a` shows `a.txt`).
    const folder = delimiter === '/' ? prefix.slice(0, prefix.lastIndexOf('/') + 1) : ''
    const shown = (name: string) => name.slice(folder.length)
    const storage = await this.storage()
    const listing = storage.bucketListKeys(bucket, delimiter, prefix || undefined)
    const count = await this.outputList<S3Key | string>(delimiter === undefined ? listing : foldersFirst(listing), {
      record: (item) => (typeof item === 'string' ? {prefix: item} : keyRecord(item)),
      text: (item) => (typeof item === 'string' ? awsPrefixLine(shown(item)) : awsObjectLine(item, shown(item.key), options.human)),
      row: (item) => (typeof item === 'string' ? {size: 'PRE', key: item} : {...item}),
      columns: KEY_COLUMNS,
      human: options.human,
      summary: options.summarize ? KEY_SUMMARY : undefined,
    })
    if (count === 0 && prefix !== '') process.exitCode = EXIT.FAILURE
    return count
  }
}
