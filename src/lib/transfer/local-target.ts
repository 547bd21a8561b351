/**
 * Where a key lands in a local folder, or why it must not land anywhere: a key that would
 * leave the folder (`../x`, `a/../../x`, an absolute path) or that cannot be a file name is
 * never written; the batch skips it with a warning and goes on.
 */
import {lstat, realpath} from 'node:fs/promises'
import path from 'node:path'

export type LocalTarget = {path: string} | {skip: string}

export function localTarget(root: string, rel: string): LocalTarget {
  if (rel === '') return {skip: 'the key names the folder itself'}
  if (rel.startsWith('/') || /^[A-Za-z]:[\\/]/.test(rel)) return {skip: 'an absolute path'}
  const segments = rel.split('/')
  if (segments.some((s) => s === '..')) return {skip: 'a ".." segment would leave the target folder'}
  if (segments.some((s) => s === '.')) return {skip: 'a "." segment'}
  if (rel.includes('\0')) return {skip: 'a NUL character'}
  if (segments.slice(0, -1).some((s) => s === '')) return {skip: 'an empty path segment ("//")'}
  if (path.sep === '\\' && rel.includes('\\')) return {skip: 'a backslash, which is a separator here'}
  const full = path.resolve(root, ...segments)
  const base = path.resolve(root)
  if (!full.startsWith(base + path.sep)) return {skip: 'it would leave the target folder'}
  return {path: full}
}

/**
 * THE containment rule of every local write and delete of a batch: nothing outside the named
 * folder is ever written or deleted. Checked at the time of the write or delete (not when the
 * listing was read), against real paths: a destination is never written through a symbolic
 * link (a folder link would lead outside, and a file link would be replaced); a source file is
 * only deleted when the folder it is in really is inside the source folder. Real paths of
 * folders already checked are kept for the batch, so a check costs a lookup after the first.
 */
export class LocalFolder {
  private rootReal?: Promise<string>
  /** Folders (resolved paths) known to hold no link on the way from the root. */
  private readonly linkFree = new Set<string>()

  constructor(readonly root: string) {}

  /**
   * Why `file` (a path under the root) may not be written, or undefined: a symbolic link at the
   * file itself or on the way to it. Checked before its folders are made, so `mkdir -p` never
   * makes folders through a link.
   */
  async whyNotWritable(file: string): Promise<string | undefined> {
    const link = await this.linkOnTheWay(path.dirname(path.resolve(file)))
    if (link) return `${link} is a symbolic link, and a batch never writes through one`
    const own = await lstat(file).catch(() => undefined)
    if (own?.isSymbolicLink()) return `${file} is a symbolic link, and a batch never writes through one`
    return undefined
  }

  /** Why `file` may not be deleted, or undefined: the folder it is really in is not inside the root. */
  async whyNotDeletable(file: string): Promise<string | undefined> {
    const [root, folder] = await Promise.all([this.real(), realpath(path.dirname(path.resolve(file)))])
    if (folder === root || folder.startsWith(root + path.sep)) return undefined
    return `its real folder ${folder} is outside ${this.root}, so it is not deleted`
  }

  private real(): Promise<string> {
    this.rootReal ??= realpath(this.root)
    return this.rootReal
  }

  /**
   * The first symbolic link on the way from the root to `dir`, or undefined. Folders not made
   * yet cannot be links: only those that exist are looked at, from the deepest one up.
   */
  private async linkOnTheWay(dir: string): Promise<string | undefined> {
    const root = path.resolve(this.root)
    if (this.linkFree.has(dir) || dir === root) return undefined
    const info = await lstat(dir).catch(() => undefined)
    if (info?.isSymbolicLink()) return dir
    if (info && !info.isDirectory()) return undefined // a file where a folder is needed: the write fails and says so
    const parent = path.dirname(dir)
    if (parent === dir || !dir.startsWith(root + path.sep)) return undefined
    const above = await this.linkOnTheWay(parent)
    if (above === undefined && info) this.linkFree.add(dir)
    return above
  }
}
