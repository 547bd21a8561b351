import assert from 'node:assert/strict'
import {buildHeaders, parseSize, tuningFlags} from '../../../../src/commands/object/object-command.js'
import {S3Connection} from '../../../../src/lib/index.js'

const MiB = 1024 * 1024

describe('object command sizes and headers', function () {
  it('parses sizes', function () {
    assert.equal(parseSize('16MiB'), 16 * MiB)
    assert.equal(parseSize('5m'), 5 * MiB)
    assert.equal(parseSize('8 MB'), 8_000_000)
    assert.equal(parseSize('1048576'), MiB)
    assert.equal(parseSize('1.5GiB'), 1.5 * 1024 * MiB)
    assert.throws(() => parseSize('lots'), /invalid size/)
    assert.throws(() => parseSize('0'), /invalid size/)
  })

  it('builds headers from --meta and --header', function () {
    assert.deepEqual(buildHeaders(['State=new', 'x-amz-meta-b=2', 'empty='], ['Cache-Control: max-age=60', 'x-amz-acl:private'], 'text/x'), {
      'x-amz-meta-state': 'new', 'x-amz-meta-b': '2', 'x-amz-meta-empty': '', 'cache-control': 'max-age=60', 'x-amz-acl': 'private', 'content-type': 'text/x',
    })
    assert.throws(() => buildHeaders(['novalue']), /KEY=VALUE/)
    assert.throws(() => buildHeaders([], ['nocolon']), /NAME:VALUE/)
  })

  it('refuses metadata and headers HTTP cannot carry, naming the flag', function () {
    assert.throws(() => buildHeaders(['name=é']), /--meta: the value of x-amz-meta-name holds a non-ASCII character/)
    assert.throws(() => buildHeaders(['name=a\nb']), /--meta: .*line break/)
    assert.throws(() => buildHeaders(['a b=c']), /--meta: header name "x-amz-meta-a b" is not valid/)
    assert.throws(() => buildHeaders([], ['X-A: b\rc']), /--header: .*line break/)
    assert.throws(() => buildHeaders([], ['Bad Name: v']), /--header: header name "bad name"/)
    assert.throws(() => buildHeaders([], [], 'text/é'), /--content-type: .*non-ASCII/)
  })
})

describe('the tuning flags\' help', function () {
  /** The default a flag's help states: "(default: part_size, 16MiB; ...)" -> 16777216. */
  function statedDefault(description: string | undefined): number {
    const stated = description?.match(/\(default: \w+, ([^;)]+)/)?.[1]
    assert.ok(stated, `no default in "${description}"`)
    return /^\d+$/.test(stated) ? Number(stated) : parseSize(stated)
  }

  it('states the defaults the connection applies when nothing is configured', function () {
    const connection = new S3Connection({access_key_id: 'AKIDEXAMPLE', secret_access_key: 'secret'})
    assert.equal(statedDefault(tuningFlags['multipart-threshold'].description), connection.multipartThreshold)
    assert.equal(statedDefault(tuningFlags['part-size'].description), connection.partSize)
    assert.equal(statedDefault(tuningFlags.concurrency.description), connection.concurrency)
  })
})
