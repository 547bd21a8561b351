import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {Readable} from 'node:stream'
import {detectFormat, parseBucketDocument, readBucketDocument} from '../../../src/input/bucket-document.js'
import {ValueError} from '../../../src/lib/types.js'

describe('config documents (--file / --data)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 's3-doc-'))
  const file = (name: string, text: string) => {
    const p = path.join(dir, name)
    writeFileSync(p, text)
    return p
  }

  it('tells the format by extension, else by the first character', () => {
    assert.equal(detectFormat('{}', 'a.yaml'), 'yaml')
    assert.equal(detectFormat('x: 1', 'a.JSON'), 'json')
    assert.equal(detectFormat('<a/>', 'a.yml'), 'yaml')
    assert.equal(detectFormat('\uFEFF  <a/>'), 'xml')
    assert.equal(detectFormat('\n {"a": 1}', 'policy.txt'), 'json')
    assert.equal(detectFormat('a: 1'), 'yaml')
  })

  it('reads XML, JSON and YAML files into the same object', async () => {
    const want = {CORSConfiguration: {CORSRule: {AllowedOrigin: '*', AllowedMethod: ['GET', 'PUT']}}}
    const xml = await readBucketDocument(file('c.xml', '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod></CORSRule></CORSConfiguration>'))
    const json = await readBucketDocument(file('c.json', JSON.stringify(want)))
    const yaml = await readBucketDocument(file('c.yaml', 'CORSConfiguration:\n  CORSRule:\n    AllowedOrigin: "*"\n    AllowedMethod: [GET, PUT]\n'))
    assert.deepEqual(xml.value, want)
    assert.deepEqual(json.value, want)
    assert.deepEqual(yaml.value, want)
    assert.equal(xml.format, 'xml')
    assert.match(xml.text, /^<CORSConfiguration/)
  })

  it('keeps YAML dates and version strings as text (core schema)', async () => {
    const doc = await parseBucketDocument('Version: 2012-10-17\nDays: 7\n', '--data')
    assert.deepEqual(doc.value, {Version: '2012-10-17', Days: 7})
  })

  it('reads stdin for -', async () => {
    const doc = await readBucketDocument('-', Readable.from([Buffer.from('{"a":'), Buffer.from('"b"}')]))
    assert.deepEqual(doc.value, {a: 'b'})
    assert.equal(doc.source, 'stdin')
  })

  const bad: Array<[string, string, RegExp]> = [
    ['bad.xml', '<CORSConfiguration><CORSRule></CORSConfiguration>', /^.*bad\.xml: invalid XML: .*line 1/],
    ['bad.json', '{"CORSConfiguration": ', /^.*bad\.json: invalid JSON: /],
    ['bad.yaml', 'a: 1\n  b: 2\n c', /^.*bad\.yaml: invalid YAML: /],
    ['list.json', '[1, 2]', /list\.json: expected a mapping \(an object\), got a list/],
    ['scalar.yaml', 'just words', /scalar\.yaml: expected a mapping \(an object\), got "just words"/],
    ['empty.json', '  \n', /empty\.json: the document is empty/],
  ]
  for (const [name, text, message] of bad) {
    it(`rejects ${name} with one line naming the file and the problem`, async () => {
      await assert.rejects(readBucketDocument(file(name, text)), (e: unknown) => {
        assert.ok(e instanceof ValueError)
        assert.match((e as Error).message, message)
        assert.ok(!(e as Error).message.includes('\n'), 'one line')
        return true
      })
    })
  }

  it('a missing file is a local file error, not a parse error', async () => {
    await assert.rejects(readBucketDocument(path.join(dir, 'nope.json')), (e: NodeJS.ErrnoException) => e.code === 'ENOENT' && /cannot read .*nope\.json: no such file/.test(e.message))
  })
})
