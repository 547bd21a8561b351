/**
 * `s3 tree`: a sorted recursive listing drawn as tree(1) draws folders (├── └── │), streamed:
 * only the folders of the current key are kept. Whether a file is the last of its folder is
 * told by the next key (one key of look-ahead); whether a folder is, only once its whole
 * subtree was read, so the caller answers that (`hasLaterSibling`: a one-key listing of the
 * parent after the folder) rather than this holding the subtree.
 */
import {foldersOf} from './folder-totals.js'

export interface TreeNode {
  /** The name relative to the listed prefix; a folder's ends in /. */
  rel: string
  /** What the line shows: the last part of rel. */
  name: string
  kind: 'folder' | 'file'
  /** 1 for what the prefix holds directly. */
  depth: number
  size?: number
  /** The drawing before the name, such as '│   └── '. */
  prefix: string
}

export interface TreeOptions {
  /** Folders and files deeper than this are not shown (tree -L). */
  maxDepth: number
  /** Folders only (tree -d). */
  dirsOnly: boolean
  /** Does folder `parent` ('' for the prefix) hold something after its folder `folder` (a folder, with dirsOnly)? */
  hasLaterSibling(parent: string, folder: string): Promise<boolean>
}

/** The nodes of a tree, in the order drawn, from `objects` sorted as S3 lists them. */
export async function* treeNodes(objects: AsyncIterable<{rel: string; size: number}>, options: TreeOptions): AsyncGenerator<TreeNode> {
  /** The folders of the current key, outermost first: is each the last of its own folder? */
  const open: {folder: string; last: boolean}[] = []
  const drawing = (depth: number, last: boolean) =>
    open.slice(0, depth - 1).map((f) => (f.last ? '    ' : '│   ')).join('') + (last ? '└── ' : '├── ')
  const keys = objects[Symbol.asyncIterator]()
  let next = await keys.next()
  while (!next.done) {
    const current = next.value
    next = await keys.next()
    const folders = foldersOf(current.rel, Number.POSITIVE_INFINITY)
    let shared = 0
    while (shared < open.length && shared < folders.length && open[shared].folder === folders[shared]) shared++
    open.length = shared
    for (const folder of folders.slice(shared)) {
      const depth = open.length + 1
      const parent = open.at(-1)?.folder ?? ''
      // Below the depth shown, a folder's place in its parent does not matter: nothing of it is drawn.
      const last = depth > options.maxDepth ? true : !(await options.hasLaterSibling(parent, folder))
      if (depth <= options.maxDepth) yield {rel: folder, name: folder.slice(parent.length, -1), kind: 'folder', depth, prefix: drawing(depth, last)}
      open.push({folder, last})
    }
    const name = current.rel.slice(folders.at(-1)?.length ?? 0)
    const depth = folders.length + 1
    if (name === '' || options.dirsOnly || depth > options.maxDepth) continue // a folder marker is its folder
    const parent = folders.at(-1) ?? ''
    const last = next.done || !next.value.rel.startsWith(parent)
    yield {rel: current.rel, name, kind: 'file', depth, size: current.size, prefix: drawing(depth, last)}
  }
}
