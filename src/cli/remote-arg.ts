/**
 * THE argument grammar of the object commands. How the CLI reads a remote name: `s3://bucket/key` always names its bucket; otherwise a plain
 * key in the default bucket (--bucket or default_bucket) when there is one, else `bucket/key`.
 * Trailing-slash rules follow aws-cli: a remote that is only a bucket or ends with `/` is a
 * folder, and the local file's base name is appended to it (and the reverse for downloads).
 * A batch's SOURCE or DESTINATION (`parseLocation`) and a single move's sides
 * (`parseFileLocation`) are read here too; commands only resolve the default bucket.
 */
import {existsSync, statSync} from 'node:fs'
import path from 'node:path'
import {S3Name, ValueError} from '../lib/types.js'

export interface RemoteRef {
  /** The bucket, or null for the default bucket. */
  bucket: string | null
  /** The key; '' when the argument named only a bucket. */
  key: string
}

export function parseRemote(arg: string, defaultBucket: string | null | undefined): RemoteRef {
  // An empty argument is usually an unset shell variable: never read it as "the default".
  if (arg === '') throw new ValueError('the remote name is empty: give KEY, BUCKET/KEY or s3://BUCKET/KEY')
  if (arg.startsWith('s3://')) {
    const rest = arg.slice(5)
    const slash = rest.indexOf('/')
    const bucket = slash === -1 ? rest : rest.slice(0, slash)
    if (bucket === '') throw new ValueError(`"${arg}" names no bucket: use s3://BUCKET/KEY`)
    return {bucket, key: slash === -1 ? '' : rest.slice(slash + 1)}
  }
  if (defaultBucket) return {bucket: null, key: arg}
  const slash = arg.indexOf('/')
  if (slash <= 0) {
    if (slash === -1 && arg !== '') return {bucket: arg, key: ''}
    throw new ValueError(`no bucket for "${arg}": use s3://BUCKET/KEY, BUCKET/KEY, --bucket or default_bucket`)
  }
  return {bucket: arg.slice(0, slash), key: arg.slice(slash + 1)}
}

/** Is the remote a folder (only a bucket, or ending with '/')? */
export function isRemoteFolder(ref: RemoteRef): boolean {
  return ref.key === '' || ref.key.endsWith('/')
}

export function toS3Name(ref: RemoteRef, what = 'remote name'): S3Name {
  if (ref.key === '') throw new ValueError(`the ${what} names a bucket but no key: use s3://${ref.bucket ?? 'BUCKET'}/KEY`)
  return new S3Name(ref.key, ref.bucket)
}

export function describeRemote(ref: RemoteRef, defaultBucket: string | null | undefined): string {
  return `${ref.bucket ?? defaultBucket ?? ''}/${ref.key}`
}

/** Remote name for `put LOCAL [REMOTE]`: the local base name by default, appended to a folder remote. */
export function uploadTarget(local: string, remote: string | undefined, defaultBucket: string | null | undefined): RemoteRef {
  const base = local === '-' ? '' : path.basename(local)
  if (remote === undefined) {
    if (!base) throw new ValueError('reading stdin needs a remote name: s3 put - KEY')
    return {bucket: null, key: base}
  }
  const ref = parseRemote(remote, defaultBucket)
  if (!isRemoteFolder(ref)) return ref
  if (!base) throw new ValueError(`"${remote}" is a folder: give the key to write stdin to`)
  return {bucket: ref.bucket, key: ref.key + base}
}

/**
 * Local name for `get REMOTE [LOCAL]`: the key's base name by default; inside LOCAL when LOCAL
 * ends with a path separator or is an existing folder (`isFolder` tells).
 */
export function downloadTarget(ref: RemoteRef, local: string | undefined, isFolder: (p: string) => boolean): string {
  if (local === '-') return '-'
  const base = ref.key.split('/').pop() ?? ''
  if (local === undefined || local.endsWith('/') || local.endsWith(path.sep) || isFolder(local)) {
    if (!base || base === '.' || base === '..') throw new ValueError(`cannot name a local file after the key "${ref.key}": give LOCAL`)
    return local === undefined ? base : path.join(local, base)
  }
  return local
}

/** An empty argument is never a path or a prefix (an unset shell variable): it would name the current folder or a whole bucket. */
export function notEmpty(arg: string): void {
  if (arg === '') throw new ValueError('an empty argument names no file, folder or prefix (an unset variable?)')
}

/** Is this local path an existing folder? */
export function isLocalFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory()
  } catch {
    return false
  }
}

/** A batch's side as typed: a local folder, or an S3 prefix (bucket null: the default bucket). */
export type LocationRef = {kind: 'local'; dir: string} | {kind: 's3'; bucket: string | null; prefix: string}

/**
 * A batch argument: `s3://BUCKET/PREFIX` (or, where `remoteByDefault`, any remote name the
 * single-file commands take) is an S3 prefix, ending in '/' unless it is the whole bucket;
 * anything else is a local folder.
 */
export function parseLocation(arg: string, remoteByDefault: boolean, defaultBucket: string | null | undefined): LocationRef {
  notEmpty(arg)
  if (!arg.startsWith('s3://') && !remoteByDefault) return {kind: 'local', dir: arg}
  const ref = parseRemote(arg, defaultBucket)
  const prefix = ref.key === '' || ref.key.endsWith('/') ? ref.key : ref.key + '/'
  return {kind: 's3', bucket: ref.bucket, prefix}
}

/** One file's side: its folder or prefix, and its name there ('' for a folder: the source's name is kept). */
export type FileLocationRef = LocationRef & {rel: string}

/**
 * One file of a single move: a local path unless `s3://`. A path that is a folder (ends with
 * a separator, or `isFolder` says it exists as one) and a key ending in '/' get rel ''.
 */
export function parseFileLocation(arg: string, defaultBucket: string | null | undefined, isFolder: (p: string) => boolean, remote = arg.startsWith('s3://')): FileLocationRef {
  notEmpty(arg)
  if (!remote) {
    const folder = arg.endsWith('/') || arg.endsWith(path.sep) || isFolder(arg)
    return folder ? {kind: 'local', dir: arg, rel: ''} : {kind: 'local', dir: path.dirname(arg), rel: path.basename(arg)}
  }
  const ref = parseRemote(arg, defaultBucket)
  const slash = ref.key.lastIndexOf('/')
  return {kind: 's3', bucket: ref.bucket, prefix: ref.key.slice(0, slash + 1), rel: ref.key.slice(slash + 1)}
}

/** Is this argument a local path: one that exists, or one written as a path (/, ./, ../, ~)? */
export function looksLocal(arg: string, exists: (p: string) => boolean = existsSync): boolean {
  return path.isAbsolute(arg) || arg === '.' || arg === '..' || /^(\.\.?|~)[/\\]/.test(arg) || exists(arg)
}

/**
 * Which of a two-sided command's arguments (sync, move: SOURCE DESTINATION) name S3. `s3://`
 * always does, and then the other side is local. Without it on either side, the side that is a
 * local path (see looksLocal) is local and the other one is S3, read as put and get read a remote
 * name (`BUCKET/KEY`, or KEY in the default bucket). Both local: neither is S3 (the sides' check
 * says one must be). Neither: ambiguous, refused rather than guessed.
 */
export function remoteSides(source: string, destination: string, exists: (p: string) => boolean = existsSync): [boolean, boolean] {
  notEmpty(source)
  notEmpty(destination)
  const explicit: [boolean, boolean] = [source.startsWith('s3://'), destination.startsWith('s3://')]
  if (explicit[0] || explicit[1]) return explicit
  const [localSource, localDestination] = [looksLocal(source, exists), looksLocal(destination, exists)]
  if (localSource !== localDestination) return [!localSource, !localDestination]
  if (localSource) return [false, false]
  throw new ValueError(`neither "${source}" nor "${destination}" is a local path: write the S3 side as s3://BUCKET/PREFIX (or the local one as ./${destination})`)
}
