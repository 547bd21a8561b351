/**
 * One side of a batch, whatever it is (a local folder, a prefix in a bucket): what the plans
 * (plans.ts) ask of it. The plans never ask which kind a side is; each side keeps its own
 * data-safety rules (a local folder's containment and key clashes, an S3 prefix's mistyped
 * emptiness) and knows how to take a file from the other kind (upload, download, server-side copy).
 */
import type {TransferRecord} from './engine.js'

/** A file of a side, named relative to the side's folder or prefix. */
export interface SideEntry {
  rel: string
  size: number
  /** Modification time (an object's LastModified), in ms since the epoch. */
  mtimeMs: number
  /** Where it is, as the user reads it: a local path or s3://BUCKET/KEY. */
  name: string
  /** How a reason names it: `key K` for an object, the path of a file. */
  origin: string
  /** Its content MD5, when one can be had (a local file's, an ETag that is one). */
  md5(): Promise<string | undefined>
}

/** Where a file's bytes come from, as the destination side takes them (sides.ts, `SideSource`). */
export type SideSource = {file: string} | {object: {bucket: string; key: string}; headers?: Record<string, string>}

/** What a side is asked to list as: a source must exist and is walked as asked, what it cannot read told. */
export type ListAs =
  | {role: 'source'; followSymlinks: boolean; onSkip?: (path: string, why: string) => void; onProblem?: (path: string, why: string, kind: 'unreadable' | 'name') => void}
  | {role: 'destination'}

/** What a name of the source becomes on this side: a file, a folder (a marker), nothing at all (quietly), or skipped (why). */
export type Landing = {kind: 'file'} | {kind: 'folder'} | {kind: 'nothing'} | {kind: 'skip'; why: string}

export interface Side {
  /** A relative path of this side as the user reads it. */
  describe(rel: string): string
  /** Every file, in S3's listing order (order.ts). */
  list(as: ListAs): AsyncIterable<SideEntry>
  /** One file, by its relative path (a single move's source). */
  stat(rel: string): Promise<SideEntry>
  /** Where an entry's bytes come from when this side is the source. */
  read(entry: SideEntry): SideSource
  /** The record's action when a file of `from` is written here (upload, download, copy). */
  writeAction(from: Side): TransferRecord['action']
  /**
   * What a source entry becomes here, decided in listing order (called once per source entry,
   * in order: a side keeps what it needs, e.g. a local folder's file/folder clashes).
   */
  land(entry: SideEntry): Landing
  /** Why `rel` can never be written here (a key that would leave a local folder), or undefined. */
  whyNotAName(rel: string): string | undefined
  /** Writes a file as `rel`, its bytes from `source` (of another side); a local file gets the object's modification time. */
  write(rel: string, source: SideSource, signal: AbortSignal): Promise<void>
  /** Makes the folder `rel` (a folder marker met in a listing); a reason when it may not be made. */
  makeFolder(rel: string): Promise<string | undefined>
  /** Deletes one file; throws SkipFile when the side's rules keep it. */
  delete(entry: SideEntry, signal?: AbortSignal): Promise<void>
  /** How many files one deleteMany takes at most. */
  readonly deleteBatch: number
  /** Deletes several files at once; the ones that failed, by index, with why. */
  deleteMany(entries: readonly SideEntry[], signal: AbortSignal): Promise<{index: number; error: string}[]>
  /**
   * Why a source that listed nothing at all may not have the destination's extras deleted (a
   * mistyped S3 prefix is not an empty folder), as the error to throw; undefined when empty is empty.
   */
  emptySourceError(): Error | undefined
}
