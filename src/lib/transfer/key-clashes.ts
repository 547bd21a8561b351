/**
 * Keys that cannot all be files in a folder, decided while the listing is planned (so the
 * outcome never depends on --files or on which download ends first):
 * - a zero-byte key ending in '/' is a folder marker (the AWS console makes them): a folder;
 * - a key ending in '/' that has content cannot be a file or a folder: skipped;
 * - a file `a` and keys `a/...`: the listing is sorted, so `a` comes first and is the file; the
 *   later `a/...` keys are skipped. Only planned file names that may still prefix a later key
 *   are kept (a stack: the names on it are each a prefix of the next), so memory follows the
 *   depth of the tree, not the listing.
 */
import {compareRel} from './order.js'

export type KeyShape = {kind: 'file'} | {kind: 'folder'} | {kind: 'skip'; why: string}

export class FileFolderClashes {
  /** Planned file names (relative paths) that a later key could still have as a folder. */
  private readonly files: string[] = []

  /** What `rel` (met in listing order) becomes locally. */
  shape(rel: string, size: number): KeyShape {
    while (this.files.length > 0 && isPast(rel, this.files.at(-1)!)) this.files.pop()
    const file = this.files.at(-1)
    if (file !== undefined && rel.startsWith(file + '/')) return {kind: 'skip', why: `the file ${file} is in the listing too, and a file cannot also be a folder`}
    if (rel.endsWith('/')) return size === 0 ? {kind: 'folder'} : {kind: 'skip', why: `its name ends in "/" but it holds ${size} bytes: it cannot be a file or a folder`}
    this.files.push(rel)
    return {kind: 'file'}
  }
}

/** Has the listing gone past every key `file/...` could be (keys come in compareRel order)? */
function isPast(rel: string, file: string): boolean {
  return !rel.startsWith(file + '/') && compareRel(rel, file + '/') > 0
}
