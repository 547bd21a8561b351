import assert from 'node:assert/strict'
import {renderJson, renderKeyValues, renderNdjson, renderTable, renderYaml} from '../../../src/output/format.js'

describe('output formats', () => {
  it('aligns table columns under upper-cased headers, the last column unpadded', () => {
    const text = renderTable([{name: 'a', size: 1}, {name: 'longer-name', size: 12345}])
    assert.equal(text, [
      'NAME         SIZE',
      'a            1',
      'longer-name  12345',
      '',
    ].join('\n'))
  })

  it('takes the union of the rows\' keys as columns, in first-seen order, blank where a row has none', () => {
    const text = renderTable([{a: 1}, {b: 'x', a: 2}, {c: null}])
    assert.equal(text, [
      'A  B  C',
      '1',
      '2  x',
      '',
      '',
    ].join('\n'))
  })

  it('shows only the given columns, in their order, and objects as JSON', () => {
    const text = renderTable([{a: 1, b: {x: 1}, c: 3}], ['c', 'b'])
    assert.equal(text, 'C  B\n3  {"x":1}\n')
  })

  it('renders nothing for no rows and no columns, and a header alone for columns without rows', () => {
    assert.equal(renderTable([]), '')
    assert.equal(renderTable([], ['key', 'size']), 'KEY  SIZE\n')
  })

  it('renders JSON indented, NDJSON on one line, each ending in a newline', () => {
    assert.equal(renderJson({a: 1, b: [1, 2]}), '{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ]\n}\n')
    assert.equal(renderNdjson({a: 1, b: [1, 2]}), '{"a":1,"b":[1,2]}\n')
  })

  it('renders YAML', async () => {
    assert.equal(await renderYaml({name: 'b', tags: ['t1', 't2'], nested: {count: 1}}), 'name: b\ntags:\n  - t1\n  - t2\nnested:\n  count: 1\n')
  })

  it('renders a record as key: value lines, empty for null, JSON for objects', () => {
    assert.equal(renderKeyValues({bucket: 'b', size: 3, owner: null, meta: {a: '1'}}), 'bucket: b\nsize: 3\nowner: \nmeta: {"a":"1"}\n')
  })
})
