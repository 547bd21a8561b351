/**
 * Why object versions could not be deleted, when object lock is the reason: each version's
 * retention (mode, until when) and legal hold, read from `?retention` and `?legal-hold`, and
 * the one line that names them. Used by bucketEmpty (bucket:delete --force), whose DeleteObjects
 * answers only "AccessDenied" for a locked version.
 */
import type {Client} from '../client/client.js'
import {StorageError} from '../errors.js'
import {S3Name} from '../types.js'
import type {DeleteError} from './listing.js'
import {objectConfigGet} from './subresources.js'

export interface VersionLock {
  key: string
  versionId?: string
  /** GOVERNANCE or COMPLIANCE, with the date it ends; absent when the version has no retention. */
  retention?: {mode: string; until: string}
  legalHold: boolean
}

/** How many refused versions are looked up and named in the line. */
export const LOCKS_NAMED = 3

/** The lock of each version (absent parts when the server has none for it: NoSuchObjectLockConfiguration). */
export async function versionLocks(client: Client, bucket: string, refused: readonly DeleteError[]): Promise<VersionLock[]> {
  return Promise.all(refused.map(async ({key, versionId}) => {
    const name = new S3Name(key, bucket)
    const [retention, hold] = await Promise.all([
      objectConfigGet(client, 'retention', name, {versionId}).catch(absent),
      objectConfigGet(client, 'legal-hold', name, {versionId}).catch(absent),
    ])
    const r = (retention?.Retention ?? {}) as {Mode?: string; RetainUntilDate?: string}
    const lock: VersionLock = {key, versionId, legalHold: (hold?.LegalHold as {Status?: string} | undefined)?.Status === 'ON'}
    if (r.Mode && r.RetainUntilDate && Date.parse(r.RetainUntilDate) > Date.now()) lock.retention = {mode: r.Mode, until: isoSeconds(r.RetainUntilDate)}
    return lock
  }))
}

/** A lock that is not there reads as none; any other failure of the look-up too (the line only explains). */
function absent(error: unknown): undefined {
  if (error instanceof StorageError) return undefined
  throw error
}

/** '2026-12-03T17:26:41.000000000Z' -> '2026-12-03T17:26:41Z' */
function isoSeconds(date: string): string {
  const at = Date.parse(date)
  return Number.isNaN(at) ? date : new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** `b.txt (GOVERNANCE until 2026-12-03T17:26:41Z)`, `a.txt (legal hold)`, `c.txt (locked)`. */
export function describeLock(lock: VersionLock): string {
  const parts = [
    ...(lock.retention ? [`${lock.retention.mode} until ${lock.retention.until}`] : []),
    ...(lock.legalHold ? ['legal hold'] : []),
  ]
  return `${lock.key} (${parts.length > 0 ? parts.join(', ') : 'locked'})`
}

/** Whether a DeleteObjects failure is object lock's refusal (S3 and RGW say AccessDenied). */
export function refusedByLock(error: DeleteError): boolean {
  return error.code === 'AccessDenied'
}
