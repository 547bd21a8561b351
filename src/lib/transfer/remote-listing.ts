/** The objects under a prefix as a stream of entries relative to it, in S3's listing order. */
import type {Storage} from '../storage.js'

export interface RemoteObject {
  /** The key relative to the prefix. */
  rel: string
  key: string
  size: number
  /** LastModified, in ms since the epoch. */
  mtimeMs: number
  eTag: string
}

export async function* listRemote(storage: Pick<Storage, 'bucketListKeys'>, bucket: string, prefix: string): AsyncGenerator<RemoteObject> {
  for await (const item of storage.bucketListKeys(bucket, null, prefix === '' ? null : prefix)) {
    if (typeof item === 'string') continue // a common prefix: only listings with a delimiter have them
    yield {rel: item.key.slice(prefix.length), key: item.key, size: item.size, mtimeMs: Date.parse(item.lastModified), eTag: item.eTag}
  }
}
