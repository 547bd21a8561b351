import assert from 'node:assert/strict'
import {compareRel} from '../../../src/lib/transfer/order.js'
import {type TreeOptions, treeNodes} from '../../../src/output/tree-lines.js'

/** The tree of `names` as text, with hasLaterSibling answered from the same names (as the one-key listing would). */
async function draw(names: string[], options: Partial<TreeOptions> = {}): Promise<string[]> {
  const sorted = [...names].sort(compareRel)
  const asked: string[] = []
  const hasLaterSibling = async (parent: string, folder: string) => {
    asked.push(folder)
    return sorted.some((n) => n.startsWith(parent) && compareRel(n, folder) > 0 && !n.startsWith(folder) &&
      (!options.dirsOnly || n.slice(parent.length).includes('/')))
  }
  const lines: string[] = []
  for await (const node of treeNodes(listing(sorted), {maxDepth: Infinity, dirsOnly: false, hasLaterSibling, ...options})) {
    lines.push(node.prefix + node.name)
  }
  return lines
}

async function* listing(names: string[]): AsyncGenerator<{rel: string; size: number}> {
  for (const rel of names) yield {rel, size: rel.length}
}

describe('treeNodes', () => {
  const NAMES = ['a.txt', 'a/b/c', 'a/b/d', 'a/e', 'z/y/x']

  it('draws tree(1)\'s lines: the last of a folder with └──, the folders above it with │ or blank', async () => {
    assert.deepEqual(await draw(NAMES), [
      '├── a.txt',
      '├── a',
      '│   ├── b',
      '│   │   ├── c',
      '│   │   └── d',
      '│   └── e',
      '└── z',
      '    └── y',
      '        └── x',
    ])
  })

  it('--dirs-only and --depth', async () => {
    assert.deepEqual(await draw(NAMES, {dirsOnly: true}), ['├── a', '│   └── b', '└── z', '    └── y'])
    assert.deepEqual(await draw(NAMES, {maxDepth: 1}), ['├── a.txt', '├── a', '└── z'])
  })

  it('a folder marker is its folder, not a file', async () => {
    assert.deepEqual(await draw(['m/', 'm/n', 'p/']), ['├── m', '│   └── n', '└── p'])
  })
})
