/** The original's data classes, in TypeScript. Sizes are numbers here (the original had strings). */

import {ValueError} from './errors.js'

/** ValueError lives in errors.ts with every other error class; re-exported here for old imports. */
export {ValueError}

/** The fields of a record class, as its constructor takes them. */
type Fields<T> = {[K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K]}

/** The owner of a bucket or object, as listings name it (the original's S3Owner). */
export class S3Owner {
  /** The owner's canonical user id. */
  id: string
  /** Its display name ('' where the server sends none). */
  displayName: string

  constructor(fields: Fields<S3Owner>) {
    this.id = fields.id
    this.displayName = fields.displayName
  }
}

/** A bucket, as `storage.bucketList()` yields it (the original's S3Bucket). */
export class S3Bucket {
  name: string
  /** ISO 8601, as S3 sends it. */
  creationDate: string

  constructor(fields: Fields<S3Bucket>) {
    this.name = fields.name
    this.creationDate = fields.creationDate
  }
}

/** An object, as `storage.bucketListKeys()` yields it (the original's S3Key). */
export class S3Key {
  key: string
  /** Quoted, as S3 sends it: `"9b2cf535f27731c974343645a3985328"`. */
  eTag: string
  /** ISO 8601, as S3 sends it. */
  lastModified: string
  /** Bytes (a number; the original had a string). */
  size: number
  storageClass: string
  /** null when the server did not say (S3 names owners only when asked: listings ask). */
  owner: S3Owner | null

  constructor(fields: Fields<S3Key>) {
    this.key = fields.key
    this.eTag = fields.eTag
    this.lastModified = fields.lastModified
    this.size = fields.size
    this.storageClass = fields.storageClass
    this.owner = fields.owner
  }
}

/**
 * One version of an object, or a delete marker (no bytes: size 0, eTag ''), as
 * `storage.bucketListVersions()` yields it: an S3Key with its version's facts.
 */
export class ObjectVersion extends S3Key {
  /** 'null' for an object written while versioning was off. */
  versionId: string
  deleteMarker: boolean
  /** The current version of its key (what a plain GET answers, or the marker that hides it). */
  isLatest: boolean

  constructor(fields: Fields<ObjectVersion>) {
    super(fields)
    this.versionId = fields.versionId
    this.deleteMarker = fields.deleteMarker
    this.isLatest = fields.isLatest
  }
}

/**
 * A remote file: a key and the bucket holding it. Without a bucket the connection's
 * default_bucket is used; without either, resolving it is a ValueError (as in the original package).
 */
export class S3Name {
  constructor(
    public readonly key: string,
    public readonly bucket: string | null = null,
  ) {
    if (typeof key !== 'string' || key === '') throw new ValueError('S3Name: key must be a non-empty string')
  }

  /**
   * The name an `s3://bucket/key` string gives (the form the CLI and aws-cli print):
   * `S3Name.parse('s3://my-bucket/logs/a.log')` is `new S3Name('logs/a.log', 'my-bucket')`.
   * The key is everything after the bucket's slash, kept as it is (no percent-decoding).
   * Anything else (no `s3://`, no bucket, no key) is a ValueError.
   */
  static parse(name: string): S3Name {
    const match = typeof name === 'string' ? /^s3:\/\/([^/]+)\/(.+)$/s.exec(name) : null
    if (!match) throw new ValueError(`S3Name.parse: ${JSON.stringify(name)} is not s3://bucket/key`)
    return new S3Name(match[2], match[1])
  }

  toString(): string {
    return this.bucket ? `s3://${this.bucket}/${this.key}` : this.key
  }
}

/** A string key or an S3Name, as the original's remote_name arguments. */
export type RemoteName = string | S3Name

/** Header maps sent by the caller; `x-amz-meta-*` entries are metadata. */
export type Headers = Record<string, string>

/** Is a header of this name (any case) in the caller's map? Callers' maps are not normalized. */
export function hasHeader(headers: Headers, name: string): boolean {
  const wanted = name.toLowerCase()
  return Object.keys(headers).some((k) => k.toLowerCase() === wanted)
}

/** Metadata as the original package returns it: the `x-amz-meta-*` response headers, names kept whole. */
export type Metadata = Record<string, string>

export function metadataOf(headers: Record<string, string | string[] | undefined>): Metadata {
  const metadata: Metadata = {}
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase().startsWith('x-amz-meta-') && value !== undefined) {
      metadata[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value
    }
  }
  return metadata
}

/** A resolved remote name: the bucket and key a request goes to. */
export interface Target {
  bucket: string
  key: string
}
