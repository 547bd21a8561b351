import assert from 'node:assert/strict'
import {foldersFirst} from '../../../../src/commands/object/folder-list.js'
import {S3Key} from '../../../../src/lib/types.js'

const key = (name: string) => new S3Key({key: name, eTag: '""', lastModified: '', size: 0, storageClass: 'STANDARD', owner: null})
const names = async (entries: Array<S3Key | string>) => {
  async function* stream() {
    yield* entries
  }
  const out: string[] = []
  for await (const entry of foldersFirst(stream())) out.push(typeof entry === 'string' ? entry : entry.key)
  return out
}

describe('foldersFirst (aws s3 ls order: each page\'s folders, then its objects)', () => {
  it('puts a page\'s common prefixes before its keys, page by page', async () => {
    // the listing's order: page 1 keys, page 1 prefixes, page 2 keys, page 2 prefixes
    assert.deepEqual(await names([key('a.txt'), key('c.txt'), 'b/', 'd/', key('e.txt'), 'f/']), ['b/', 'd/', 'a.txt', 'c.txt', 'f/', 'e.txt'])
    assert.deepEqual(await names(['only/', 'prefixes/']), ['only/', 'prefixes/'])
    assert.deepEqual(await names([key('only'), key('keys')]), ['only', 'keys'])
  })

  it('holds at most a page of keys when no folder comes', async () => {
    const many = Array.from({length: 2500}, (_, i) => key(`k${String(i).padStart(5, '0')}`))
    let given = 0
    async function* stream() {
      for (const k of many) {
        given++
        yield k
      }
    }
    await foldersFirst(stream()).next()
    assert.equal(given, 1001, 'the first key comes out once a page\'s worth is behind it')
  })
})
