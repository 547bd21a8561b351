/**
 * A prefix in a bucket as one side of a batch ('' for the whole bucket). Its files are the
 * objects listed under the prefix (listings checked page by page, remote-listing.ts); a file
 * of a local folder comes in as an upload, an object of another prefix as a server-side copy;
 * deletions go DELETE_BATCH keys a request.
 */
import {DELETE_BATCH} from '../constants.js'
import {StorageError} from '../errors.js'
import {etagMd5} from '../client/response.js'
import type {TransferTuning} from '../ops/objects.js'
import type {Storage} from '../storage.js'
import {type Headers, S3Name} from '../types.js'
import type {TransferRecord} from './engine.js'
import {listRemote, type RemoteObject} from './remote-listing.js'
import type {Landing, Side, SideEntry, SideSource} from './side.js'

export interface S3SideOptions {
  /** Headers of every upload or copy into the prefix (metadata, Content-Type...). */
  headers?: Headers
  /** Headers of every read from the prefix (an SSE-C key, x-amz-request-payer). */
  readHeaders?: Headers
  /** Part size and parts in flight of each large file. */
  tuning?: Omit<TransferTuning, 'signal'>
  /** Headers of every deletion in the prefix (x-amz-bypass-governance-retention). */
  deleteHeaders?: Headers
}

export class S3Side implements Side {
  readonly deleteBatch = DELETE_BATCH

  constructor(private readonly storage: Storage, readonly bucket: string, readonly prefix: string, private readonly options: S3SideOptions = {}) {}

  describe(rel: string): string {
    return `s3://${this.bucket}/${this.prefix}${rel}`
  }

  async* list(): AsyncGenerator<SideEntry> {
    for await (const object of listRemote(this.storage, this.bucket, this.prefix)) yield this.entry(object)
  }

  async stat(rel: string): Promise<SideEntry> {
    const key = this.prefix + rel
    const info = await this.storage.head(new S3Name(key, this.bucket))
    return this.entry({rel, key, size: info.size, mtimeMs: Date.parse(info.lastModified), eTag: info.eTag})
  }

  read(entry: SideEntry): SideSource {
    return {object: {bucket: this.bucket, key: this.keyOf(entry)}, headers: this.options.readHeaders}
  }

  writeAction(from: Side): TransferRecord['action'] {
    return from instanceof S3Side ? 'copy' : 'upload'
  }

  land(): Landing {
    return {kind: 'file'} // any name can be a key
  }

  whyNotAName(): string | undefined {
    return undefined
  }

  async write(rel: string, source: SideSource, signal: AbortSignal): Promise<void> {
    const target = new S3Name(this.prefix + rel, this.bucket)
    const options = {...this.options.tuning, signal}
    if ('file' in source) await this.storage.write(source.file, target, {...this.options.headers}, options)
    else await this.storage.copy(new S3Name(source.object.key, source.object.bucket), target, {...this.options.headers}, options)
  }

  /** A prefix needs no folder: keys under it are enough. */
  async makeFolder(): Promise<string | undefined> {
    return undefined
  }

  async delete(entry: SideEntry): Promise<void> {
    await this.storage.delete(new S3Name(this.keyOf(entry), this.bucket), {headers: this.options.deleteHeaders})
  }

  async deleteMany(entries: readonly SideEntry[], signal: AbortSignal): Promise<{index: number; error: string}[]> {
    const keys = entries.map((entry) => this.keyOf(entry))
    const result = await this.storage.deleteObjects(this.bucket, keys.map((key) => ({key})), signal, this.options.deleteHeaders)
    const indexOf = new Map(keys.map((key, i) => [key, i]))
    return result.errors.flatMap((e) => {
      const index = indexOf.get(e.key)
      return index === undefined ? [] : [{index, error: `${e.code}: ${e.message}`}]
    })
  }

  /** A non-empty prefix that lists no objects at all is more likely mistyped than empty. */
  emptySourceError(): Error | undefined {
    if (this.prefix === '') return undefined
    return new StorageError('sync', {code: 'NoSuchKey', status: 404, message: `not deleting: the source s3://${this.bucket}/${this.prefix} lists no objects (a mistyped or empty prefix?); to empty the destination, delete it`})
  }

  private keyOf(entry: SideEntry): string {
    return this.prefix + entry.rel
  }

  private entry(object: RemoteObject): SideEntry {
    return {
      rel: object.rel, size: object.size, mtimeMs: object.mtimeMs, name: `s3://${this.bucket}/${object.key}`, origin: `key ${object.key}`,
      md5: async () => etagMd5(object.eTag),
    }
  }
}
