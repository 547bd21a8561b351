/**
 * Storage: the original's client, every bucket and object method over one S3Connection.
 *
 * It is built in layers, each in its own file: StorageCore (core.ts: the connection,
 * `storage.response`, remote names) <- ObjectStorage (objects.ts: write, read, copy...)
 * <- BucketStorage (buckets.ts: list, create, the listing of keys, emptying)
 * <- BucketConfigMethods (bucket-config-methods.ts, generated from the configuration table:
 * bucketGetCors, bucketSetPolicy...) <- Storage.
 */
import {BucketConfigMethods} from './bucket-config-methods.js'

export class Storage extends BucketConfigMethods {}
