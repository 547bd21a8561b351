/** The seed's data classes, in TypeScript. Sizes are numbers here (the seed had strings). */

import {ValueError} from './errors.js'

/** ValueError lives in errors.ts with every other error class; re-exported here for old imports. */
export {ValueError}

export interface S3Owner {
  id: string
  displayName: string
}

export interface S3Bucket {
  name: string
  creationDate: string
}

export interface S3Key {
  key: string
  eTag: string
  lastModified: string
  size: number
  storageClass: string
  owner: S3Owner | null
}

/**
 * A remote file: a key and the bucket holding it. Without a bucket the connection's
 * default_bucket is used; without either, resolving it is a ValueError (as in the seed).
 */
export class S3Name {
  constructor(
    public readonly key: string,
    public readonly bucket: string | null = null,
  ) {
    if (typeof key !== 'string' || key === '') throw new ValueError('S3Name: key must be a non-empty string')
  }

  toString(): string {
    return this.bucket ? `s3://${this.bucket}/${this.key}` : this.key
  }
}

/** A string key or an S3Name, as the seed's remote_name arguments. */
export type RemoteName = string | S3Name

/** Header maps sent by the caller; `x-amz-meta-*` entries are metadata. */
export type Headers = Record<string, string>

/** Is a header of this name (any case) in the caller's map? Callers' maps are not normalized. */
export function hasHeader(headers: Headers, name: string): boolean {
  const wanted = name.toLowerCase()
  return Object.keys(headers).some((k) => k.toLowerCase() === wanted)
}

/** Metadata as the seed returns it: the `x-amz-meta-*` response headers, names kept whole. */
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
