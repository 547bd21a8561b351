/** Bucket set-up and clean-up for the object tests, with raw requests (bucket methods are another suite's subject). */
import type {Storage} from '../../src/lib/storage/storage.js'
import {S3Name} from '../../src/lib/types.js'

export async function createBucket(storage: Storage, bucket: string): Promise<void> {
  await storage.connection.request({op: 'test', method: 'PUT', bucket})
}

/** Deletes every object (and unfinished upload) of `bucket`, then the bucket. */
export async function removeBucket(storage: Storage, bucket: string): Promise<void> {
  for await (const u of storage.multipartUploads(bucket)) await storage.abortMultipartUpload(new S3Name(u.key, bucket), u.uploadId)
  for (;;) {
    const page = await storage.connection.request({op: 'test', method: 'GET', bucket, query: {'max-keys': 1000, 'encoding-type': 'url'}})
    const keys = [...page.body.toString().matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => decodeURIComponent(m[1].replace(/\+/g, ' ')))
    if (keys.length === 0) break
    for (const key of keys) await storage.delete(new S3Name(key, bucket))
  }
  await storage.connection.request({op: 'test', method: 'DELETE', bucket})
}
