/**
 * Bucket name rules, checked before anything is sent, so a bad name fails with the rule it
 * broke instead of a bare InvalidBucketName (or a request to the wrong host).
 *
 * 'strict' is AWS's rule for new buckets (used by bucketCreate). 'legacy' is what existing
 * buckets may still be called (old us-east-1 buckets kept uppercase letters and underscores),
 * so that reading or deleting such a bucket keeps working; it still rejects what no S3 accepts.
 */
import {ValueError} from './types.js'

export type BucketNameMode = 'strict' | 'legacy'

/** The first rule `name` breaks, or null when it is a valid bucket name. */
export function bucketNameProblem(name: string, mode: BucketNameMode = 'strict'): string | null {
  if (typeof name !== 'string' || name === '') return 'a bucket name must not be empty'
  const max = mode === 'strict' ? 63 : 255
  if (name.length < 3 || name.length > max) return `a bucket name must be 3 to ${max} characters long (got ${name.length})`
  if (mode === 'legacy') {
    if (!/^[A-Za-z0-9._-]+$/.test(name)) return 'a bucket name may only hold letters, digits, dots, hyphens and underscores'
    return null
  }
  if (/[A-Z]/.test(name)) return 'a bucket name must not contain uppercase letters'
  if (name.includes('_')) return 'a bucket name must not contain underscores'
  if (!/^[a-z0-9.-]+$/.test(name)) return 'a bucket name may only hold lowercase letters, digits, dots and hyphens'
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'a bucket name must start and end with a lowercase letter or digit'
  if (name.includes('..')) return 'a bucket name must not contain two adjacent dots'
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'a bucket name must not look like an IP address'
  if (name.startsWith('xn--')) return 'a bucket name must not start with "xn--"'
  if (name.startsWith('sthree-')) return 'a bucket name must not start with "sthree-"'
  if (name.endsWith('-s3alias')) return 'a bucket name must not end with "-s3alias"'
  if (name.endsWith('--ol-s3')) return 'a bucket name must not end with "--ol-s3"'
  return null
}

/** Throws a ValueError naming the bucket and the rule it broke. */
export function checkBucketName(name: string, mode: BucketNameMode = 'strict'): string {
  const problem = bucketNameProblem(name, mode)
  if (problem) throw new ValueError(`invalid bucket name ${JSON.stringify(name)}: ${problem}`)
  return name
}
