import assert from 'node:assert/strict'
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..', '..')

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile() && !entry.parentPath.includes('node_modules'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
}

describe('public wording', () => {
  it('TSDoc, messages and docs speak of "the original package", never of a "seed"', () => {
    const files = [...filesUnder('src'), ...filesUnder('docs'), ...filesUnder('examples'), 'README.md', 'oclif.manifest.json']
    const found = files.flatMap((file) => readFileSync(path.join(ROOT, file), 'utf8').split('\n')
      .map((line, i) => ({file, line: i + 1, text: line}))
      .filter(({text}) => /\bseed/i.test(text)))
    assert.deepEqual(found, [])
  })
})
