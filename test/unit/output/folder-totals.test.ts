import assert from 'node:assert/strict'
import {folderTotals, foldersOf} from '../../../src/output/folder-totals.js'

async function totals(names: Record<string, number>, depth: number): Promise<string[]> {
  const objects = (async function* () {
    for (const [rel, size] of Object.entries(names)) yield {rel, size}
  })()
  const out: string[] = []
  for await (const t of folderTotals(objects, depth)) out.push(`${t.depth} ${t.folder || '.'} ${t.count} ${t.size}`)
  return out
}

describe('folderTotals', () => {
  const NAMES = {'a.txt': 1, 'a/b/c': 2, 'a/b/d': 3, 'a/e': 4, 'a0': 5, 'b/f/g/h': 6}

  it('depth 0: the total only', async () => {
    assert.deepEqual(await totals(NAMES, 0), ['0 . 6 21'])
  })

  it('each folder after the folders inside it, the whole last (du\'s order), down to the depth', async () => {
    assert.deepEqual(await totals(NAMES, 1), ['1 a/ 3 9', '1 b/ 1 6', '0 . 6 21'])
    assert.deepEqual(await totals(NAMES, 2), ['2 a/b/ 2 5', '1 a/ 3 9', '2 b/f/ 1 6', '1 b/ 1 6', '0 . 6 21'])
  })

  it('an empty listing is an empty total; a folder marker counts in its folder', async () => {
    assert.deepEqual(await totals({}, 3), ['0 . 0 0'])
    assert.deepEqual(await totals({'x/': 0, 'x/y': 2}, 1), ['1 x/ 2 2', '0 . 2 2'])
  })

  it('foldersOf: the folders of a name, outermost first, down to a depth', () => {
    assert.deepEqual(foldersOf('a/b/c.txt', 5), ['a/', 'a/b/'])
    assert.deepEqual(foldersOf('a/b/c.txt', 1), ['a/'])
    assert.deepEqual(foldersOf('top', 5), [])
    assert.deepEqual(foldersOf('a/b/', 5), ['a/', 'a/b/'])
  })
})
