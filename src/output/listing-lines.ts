/** The original `s3` tool's text lines for listings, in one place for every command that prints them. */
import type {S3Key} from '../lib/types.js'

/**
 * A key as the original `s3 list` printed it: `e_tag storage_class size(%12s) last_modified owner key`.
 * The owner is its display name, else its id (S3 no longer sends display names in most regions).
 */
export function keyLine(key: S3Key): string {
  const owner = key.owner?.displayName || key.owner?.id || ''
  return `${key.eTag} ${key.storageClass} ${String(key.size).padStart(12)} ${key.lastModified} ${owner} ${key.key}`
}
