/**
 * Walks a local folder as a stream of files, in S3's listing order (see order.ts): one folder
 * read at a time, so memory follows the depth and width of the tree, not its size. Symbolic
 * links are followed or skipped as asked; a link back into the folders being walked is skipped
 * (with a warning), so a walk never loops.
 */
import type {Dirent} from 'node:fs'
import {opendir, stat} from 'node:fs/promises'
import path from 'node:path'
import {compareRel} from './order.js'

export interface LocalFile {
  /** Path relative to the walk's root, with '/' separators. */
  rel: string
  /** The path to open. */
  path: string
  size: number
  mtimeMs: number
}

export interface WalkOptions {
  followSymlinks: boolean
  /** Told about what is skipped: links not followed, loops, sockets and devices, unreadable folders. */
  onSkip?: (path: string, why: string) => void
}

interface Child {
  name: string
  /** The name as it sorts among its siblings: folders sort as "name/". */
  sortKey: string
  path: string
  isDir: boolean
  size: number
  mtimeMs: number
  id: string
}

export async function* walkLocal(root: string, options: WalkOptions): AsyncGenerator<LocalFile> {
  const top = await stat(root)
  yield* walkFolder(root, '', new Set([`${top.dev}:${top.ino}`]), options)
}

async function* walkFolder(dir: string, relDir: string, ancestors: Set<string>, options: WalkOptions): AsyncGenerator<LocalFile> {
  for (const child of await readChildren(dir, options)) {
    const rel = relDir + child.name
    if (!child.isDir) {
      yield {rel, path: child.path, size: child.size, mtimeMs: child.mtimeMs}
      continue
    }
    if (ancestors.has(child.id)) {
      options.onSkip?.(child.path, 'a link back into a folder being walked (a loop)')
      continue
    }
    ancestors.add(child.id)
    yield* walkFolder(child.path, rel + '/', ancestors, options)
    ancestors.delete(child.id)
  }
}

/** Stats in flight at once while a folder is read: one at a time, each waits a thread-pool round trip. */
const STATS_IN_FLIGHT = 32

/** The folder's files and subfolders, sorted; links resolved (or skipped), other kinds skipped. */
async function readChildren(dir: string, options: WalkOptions): Promise<Child[]> {
  const children: Child[] = []
  const entries: Dirent[] = []
  try {
    for await (const entry of await opendir(dir)) entries.push(entry)
  } catch (error) {
    options.onSkip?.(dir, `cannot read the folder: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
    return children
  }
  const followed = entries.filter((entry) => {
    if (!entry.isSymbolicLink() || options.followSymlinks) return true
    options.onSkip?.(path.join(dir, entry.name), 'a symbolic link (--follow-symlinks follows them)')
    return false
  })
  const infos = await mapInFlight(followed, STATS_IN_FLIGHT, (entry) => stat(path.join(dir, entry.name)).catch(() => undefined)) // follows links
  followed.forEach((entry, i) => {
    const full = path.join(dir, entry.name)
    const info = infos[i]
    if (!info) return options.onSkip?.(full, entry.isSymbolicLink() ? 'a broken symbolic link' : 'gone while the folder was read')
    if (!info.isFile() && !info.isDirectory()) return options.onSkip?.(full, 'not a regular file or folder')
    const isDir = info.isDirectory()
    children.push({name: entry.name, sortKey: isDir ? entry.name + '/' : entry.name, path: full, isDir, size: info.size, mtimeMs: info.mtimeMs, id: `${info.dev}:${info.ino}`})
  })
  return children.sort((a, b) => compareRel(a.sortKey, b.sortKey))
}

/** `work` for every item, at most `limit` at once; the results in the items' order. */
async function mapInFlight<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i])
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  return results
}
