/**
 * Listing lines as `aws s3 ls` prints them, for `s3 ls` and `object:list`: a bucket as
 * `date name`, a common prefix as `PRE name/` in the size column, an object as
 * `date size name`; dates in local time, sizes right-aligned in 10 columns. With `human`,
 * sizes read as aws's do (`3 Bytes`, `1.5 KiB`).
 */
import type {S3Bucket, S3Key} from '../lib/types.js'
import {formatBytes, formatLocalTime} from './units.js'

/** `2024-05-01 14:03:22 my-bucket` */
export function awsBucketLine(bucket: S3Bucket): string {
  return `${formatLocalTime(bucket.creationDate)} ${bucket.name}`
}

/** `                           PRE tree/`: PRE where the date and size go, then the name. */
export function awsPrefixLine(name: string): string {
  return `${'PRE'.padStart(30)} ${name}`
}

/** `2024-05-01 14:03:22       1500 name` */
export function awsObjectLine(key: S3Key, name: string, human = false): string {
  return `${formatLocalTime(key.lastModified)} ${awsSize(key.size, human).padStart(10)} ${name}`
}

/** aws's human sizes: bytes spelled out below 1 KiB, then binary units with one decimal. */
export function awsSize(bytes: number, human: boolean): string {
  if (!human) return String(bytes)
  if (bytes < 1024) return `${bytes} Byte${bytes === 1 ? '' : 's'}`
  return formatBytes(bytes)
}
