import assert from 'node:assert/strict'
import yaml from 'js-yaml'
import type {OutputFormat} from '../../../src/output/format.js'
import {ListWriter, type ListSpec} from '../../../src/output/list-writer.js'

interface Item {
  key: string
  size: number
}

const items: Item[] = [{key: 'a', size: 1024}, {key: 'b', size: 2048}]
const spec = (summarize: boolean, human = false): ListSpec<Item> => ({
  record: (i) => ({...i}),
  text: (i) => `${i.size} ${i.key}`,
  columns: [{name: 'size', kind: 'bytes'}, {name: 'key', kind: 'name'}],
  human,
  summary: summarize ? {noun: 'objects', size: (i) => i.size} : undefined,
})

async function render(format: OutputFormat, s: ListSpec<Item>, list: Item[] = items, complete = true): Promise<string> {
  const writer = new ListWriter(format, s)
  let out = ''
  for (const item of list) out += await writer.item(item)
  return out + await writer.end(complete)
}

describe('list writer', () => {
  it('json: a plain array, or {items, summary} with --summarize; both parse, empty ones too', async () => {
    assert.deepEqual(JSON.parse(await render('json', spec(false))), items)
    assert.deepEqual(JSON.parse(await render('json', spec(false), [])), [])
    assert.deepEqual(JSON.parse(await render('json', spec(true))), {items, summary: {count: 2, size: 3072}})
    assert.deepEqual(JSON.parse(await render('json', spec(true), [])), {items: [], summary: {count: 0, size: 0}})
  })

  it('json cut short: still one document, without a summary', async () => {
    assert.deepEqual(JSON.parse(await render('json', spec(true), items, false)), {items})
  })

  it('ndjson: a record a line, then a {summary} line', async () => {
    const lines = (await render('ndjson', spec(true))).trimEnd().split('\n').map((l) => JSON.parse(l))
    assert.deepEqual(lines, [...items, {summary: {count: 2, size: 3072}}])
    assert.equal(await render('ndjson', spec(false)), '{"key":"a","size":1024}\n{"key":"b","size":2048}\n')
  })

  it('yaml: a list, or items and summary', async () => {
    assert.deepEqual(yaml.load(await render('yaml', spec(false))), items)
    assert.deepEqual(yaml.load(await render('yaml', spec(true))), {items, summary: {count: 2, size: 3072}})
    assert.deepEqual(yaml.load(await render('yaml', spec(true), [])), {items: [], summary: {count: 0, size: 0}})
  })

  it('text and table: a Total line at the end, in bytes or for humans', async () => {
    assert.equal(await render('text', spec(true)), '1024 a\n2048 b\nTotal: 2 objects, 3072 bytes\n')
    assert.equal(await render('text', spec(true, true)), '1024 a\n2048 b\nTotal: 2 objects, 3.0 KiB\n')
    assert.equal(await render('table', spec(true, true)), '      SIZE  KEY\n   1.0 KiB  a\n   2.0 KiB  b\nTotal: 2 objects, 3.0 KiB\n')
  })

  it('counts only what counts, and a count alone without sizes', async () => {
    const writer = new ListWriter<Item | string>('text', {
      record: (i) => (typeof i === 'string' ? {prefix: i} : {...i}),
      text: (i) => (typeof i === 'string' ? i : i.key),
      summary: {noun: 'uploads', counts: (i) => typeof i !== 'string'},
    })
    let out = ''
    for (const item of ['dir/', ...items]) out += await writer.item(item)
    assert.equal(out + await writer.end(), 'dir/\na\nb\nTotal: 2 uploads\n')
  })

  it('table with untyped columns waits for the end (as before)', async () => {
    const writer = new ListWriter<Item>('table', {record: (i) => ({...i}), text: String, columns: ['key', 'size']})
    assert.equal(await writer.item(items[0]), '')
    assert.equal(await writer.end(), 'KEY  SIZE\na    1024\n')
  })
})
