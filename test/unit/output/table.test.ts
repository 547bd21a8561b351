import assert from 'node:assert/strict'
import {type Column, shortenMiddle, StreamingTable} from '../../../src/output/table.js'

const columns: Column[] = [
  {name: 'lastModified', kind: 'date'}, {name: 'size', kind: 'bytes'}, {name: 'storageClass', kind: 'id'}, {name: 'key', kind: 'name'},
]
const row = (key: string, size: number | string = 1234) => ({key, size, lastModified: '2024-05-01T14:03:22.000Z', storageClass: 'STANDARD'})

describe('streaming table', () => {
  it('prints the header with the first row and each row as it comes, aligned', () => {
    const table = new StreamingTable(columns)
    const first = table.row(row('a.txt')).split('\n')
    assert.equal(first.length, 3) // header, row, ''
    assert.equal(first[0], 'LASTMODIFIED                       SIZE  STORAGECLASS  KEY')
    assert.equal(first[1], '2024-05-01T14:03:22.000Z           1234  STANDARD      a.txt')
    const second = table.row(row('b/c.txt', 5_000_000_000_000))
    assert.equal(second, '2024-05-01T14:03:22.000Z  5000000000000  STANDARD      b/c.txt\n')
    assert.equal(table.end(), '')
  })

  it('prints the header alone for an empty listing', () => {
    assert.equal(new StreamingTable(columns).end(), 'LASTMODIFIED                       SIZE  STORAGECLASS  KEY\n')
  })

  it('fits the terminal: the name column takes the rest and is shortened in the middle', () => {
    const table = new StreamingTable(columns, {width: 80})
    const lines = (table.row(row('photos/2024/05/01/holiday/IMG_0001.jpg')) + table.row(row('short'))).trimEnd().split('\n')
    for (const line of lines) assert.ok(line.length <= 80, `${line.length}: ${line}`)
    assert.match(lines[1], / photos\/2024\/…IMG_0001\.jpg$/)
    assert.match(lines[2], / short$/)
  })

  it('keeps a name of some width however narrow the terminal', () => {
    const line = new StreamingTable(columns, {width: 20}).row(row('abcdefghijklmnopqrstuvwxyz')).split('\n')[1]
    assert.match(line, / abcdef…vwxyz$/)
  })

  it('shows sizes and dates for humans, and plain text in a size column (PRE) as is', () => {
    const table = new StreamingTable(columns, {human: true})
    const lines = table.row(row('a', 1.5 * 1024 * 1024)).split('\n')
    assert.match(lines[1], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {5}1\.5 MiB {2}STANDARD {6}a$/)
    assert.match(table.row({size: 'PRE', key: 'dir/'}), / {7}PRE {2}.* dir\/\n$/)
  })

  it('shortens in the middle, counting characters not bytes', () => {
    assert.equal(shortenMiddle('abcdef', 10), 'abcdef')
    assert.equal(shortenMiddle('abcdefghij', 5), 'ab…ij')
    assert.equal(shortenMiddle('ééééééé', 3), 'é…é')
    assert.equal(shortenMiddle('abc', 1), '…')
    assert.equal(shortenMiddle('abc', 0), '')
  })
})
