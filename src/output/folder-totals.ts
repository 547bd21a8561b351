/**
 * `s3 du`: sizes and counts of the folders of a listing, down to a depth, as du(1) prints them:
 * each folder after the folders inside it, the whole prefix last. A sorted listing holds each
 * folder's keys together, so only the folders of the current key are kept open (memory grows
 * with the depth, never with the listing).
 */

export interface FolderTotal {
  /** The folder relative to the listed prefix, ending in / ('' for the prefix itself). */
  folder: string
  /** 0 for the prefix itself, 1 for its first-level folders... */
  depth: number
  count: number
  size: number
}

/** Totals of `objects` (relative names, sorted as S3 lists them) for every folder down to `maxDepth`. */
export async function* folderTotals(objects: AsyncIterable<{rel: string; size: number}>, maxDepth: number): AsyncGenerator<FolderTotal> {
  const open: FolderTotal[] = [{folder: '', depth: 0, count: 0, size: 0}]
  for await (const {rel, size} of objects) {
    const folders = foldersOf(rel, maxDepth)
    // Close the open folders this key is not in (the deepest first), then open its own.
    let shared = 0
    while (shared < folders.length && shared + 1 < open.length && open[shared + 1].folder === folders[shared]) shared++
    while (open.length > shared + 1) yield open.pop()!
    for (const folder of folders.slice(shared)) open.push({folder, depth: open.length, count: 0, size: 0})
    for (const total of open) {
      total.count++
      total.size += size
    }
  }
  while (open.length > 0) yield open.pop()!
}

/** The folders a relative name is in, outermost first, down to `maxDepth`: 'a/b/c.txt' -> ['a/', 'a/b/']. */
export function foldersOf(rel: string, maxDepth: number): string[] {
  const parts = rel.split('/')
  const depth = Math.min(maxDepth, parts.length - 1)
  const folders: string[] = []
  for (let d = 1; d <= depth; d++) folders.push(parts.slice(0, d).join('/') + '/')
  return folders
}
