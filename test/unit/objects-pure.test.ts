/** The object layer's pure pieces: remote names, content types, sizes, part sizes, ranges, progress text. */
import assert from 'node:assert/strict'
import {Readable} from 'node:stream'
import {parseSize, buildHeaders} from '../../src/commands/object/shared.js'
import {guessContentType} from '../../src/lib/content-type.js'
import {copySourceHeader} from '../../src/lib/storage/copy.js'
import {planPartSize} from '../../src/lib/storage/multipart-driver.js'
import {normalizeRange, plainMd5} from '../../src/lib/storage/download.js'
import {StreamSource} from '../../src/lib/storage/sources.js'
import {partSizeFor} from '../../src/lib/storage/upload.js'
import {formatBytes, formatDuration, ProgressBar, renderProgress} from '../../src/output/progress.js'
import {downloadTarget, parseRemote, uploadTarget} from '../../src/cli/remote-arg.js'

const MiB = 1024 * 1024

describe('remote names (CLI)', function () {
  it('reads s3://, bucket/key and plain keys', function () {
    assert.deepEqual(parseRemote('s3://b/k/x', null), {bucket: 'b', key: 'k/x'})
    assert.deepEqual(parseRemote('s3://b/k/x', 'dflt'), {bucket: 'b', key: 'k/x'}, 's3:// always names its bucket')
    assert.deepEqual(parseRemote('s3://b', null), {bucket: 'b', key: ''})
    assert.deepEqual(parseRemote('s3://b/', null), {bucket: 'b', key: ''})
    assert.deepEqual(parseRemote('s3://b/a//c/', null), {bucket: 'b', key: 'a//c/'})
    assert.deepEqual(parseRemote('b/k', null), {bucket: 'b', key: 'k'})
    assert.deepEqual(parseRemote('b/k', 'dflt'), {bucket: null, key: 'b/k'}, 'with a default bucket the argument is a key')
    assert.deepEqual(parseRemote('b', null), {bucket: 'b', key: ''})
    assert.throws(() => parseRemote('/k', null), /no bucket/)
    assert.throws(() => parseRemote('s3:///k', null), /names no bucket/)
  })

  it('appends the local base name to a folder remote, as aws-cli', function () {
    assert.deepEqual(uploadTarget('dir/a.txt', undefined, 'd'), {bucket: null, key: 'a.txt'})
    assert.deepEqual(uploadTarget('dir/a.txt', 's3://b/x/', null), {bucket: 'b', key: 'x/a.txt'})
    assert.deepEqual(uploadTarget('dir/a.txt', 's3://b', null), {bucket: 'b', key: 'a.txt'})
    assert.deepEqual(uploadTarget('dir/a.txt', 'x/y', 'd'), {bucket: null, key: 'x/y'})
    assert.throws(() => uploadTarget('-', undefined, 'd'), /stdin/)
    assert.throws(() => uploadTarget('-', 's3://b/x/', null), /folder/)
  })

  it('names downloads after the key, inside folders', function () {
    const isFolder = (p: string) => p === 'existing'
    assert.equal(downloadTarget({bucket: 'b', key: 'a/b.txt'}, undefined, isFolder), 'b.txt')
    assert.equal(downloadTarget({bucket: 'b', key: 'a/b.txt'}, 'out/', isFolder), 'out/b.txt')
    assert.equal(downloadTarget({bucket: 'b', key: 'a/b.txt'}, 'existing', isFolder), 'existing/b.txt')
    assert.equal(downloadTarget({bucket: 'b', key: 'a/b.txt'}, 'c.txt', isFolder), 'c.txt')
    assert.equal(downloadTarget({bucket: 'b', key: 'a/b.txt'}, '-', isFolder), '-')
    assert.throws(() => downloadTarget({bucket: 'b', key: 'a/'}, undefined, isFolder), /give LOCAL/)
  })
})

describe('content types, sizes, headers', function () {
  it('guesses Content-Type from the extension', function () {
    assert.equal(guessContentType('a/b/page.HTML'), 'text/html')
    assert.equal(guessContentType('x.tar.gz'), 'application/gzip')
    assert.equal(guessContentType('photo.jpeg'), 'image/jpeg')
    assert.equal(guessContentType('.bashrc'), 'application/octet-stream')
    assert.equal(guessContentType('noext'), 'application/octet-stream')
    assert.equal(guessContentType('trailing.'), 'application/octet-stream')
  })

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
})

describe('multipart arithmetic', function () {
  it('keeps parts within 10000 and at least 5 MiB', function () {
    assert.equal(planPartSize(16 * MiB, 512 * MiB), 16 * MiB)
    assert.equal(planPartSize(16 * MiB, 1024 * 1024 * MiB), 105 * MiB)
    assert.equal(planPartSize(MiB), 5 * MiB)
    assert.equal(partSizeFor(1, 16 * MiB, false), 16 * MiB)
    assert.equal(partSizeFor(1001, 16 * MiB, false), 32 * MiB, 'unknown sizes grow every 1000 parts')
    assert.equal(partSizeFor(1001, 16 * MiB, true), 16 * MiB)
    assert.equal(planPartSize(256 * MiB, 6 * 1024 * MiB), 256 * MiB)
    assert.equal(planPartSize(256 * MiB, 5 * 1024 * 1024 * MiB), 525 * MiB, 'grown to fit 10000 parts')
    assert.equal(planPartSize(8 * 1024 * MiB, 10 * 1024 * MiB), 5 * 1024 * MiB, 'at most 5 GiB per part')
  })

  it('encodes x-amz-copy-source like the path', function () {
    assert.equal(copySourceHeader({bucket: 'b', key: 'a b/c+d%#?ü~'}), '/b/a%20b/c%2Bd%25%23%3F%C3%BC~')
    assert.equal(copySourceHeader({bucket: 'b', key: 'k'}, 'v 1'), '/b/k?versionId=v%201')
  })
})

describe('download checks', function () {
  it('normalizes ranges', function () {
    assert.equal(normalizeRange('bytes=0-9'), 'bytes=0-9')
    assert.equal(normalizeRange('10-'), 'bytes=10-')
    assert.equal(normalizeRange('bytes=-5'), 'bytes=-5')
    assert.equal(normalizeRange({start: 3, end: 4}), 'bytes=3-4')
    assert.throws(() => normalizeRange('bytes=a-b'), /invalid range/)
    assert.throws(() => normalizeRange({start: 5, end: 1}), /invalid range/)
  })

  it('trusts only plain MD5 ETags', function () {
    const r = (headers: Record<string, string>) => ({statusCode: 200, headers, body: Buffer.alloc(0), method: 'GET', url: ''})
    assert.equal(plainMd5(r({etag: '"5D41402ABC4B2A76B9719D911017C592"'})), '5d41402abc4b2a76b9719d911017c592')
    assert.equal(plainMd5(r({etag: '"5d41402abc4b2a76b9719d911017c592-3"'})), undefined)
    assert.equal(plainMd5(r({etag: '"5d41402abc4b2a76b9719d911017c592"', 'x-amz-server-side-encryption': 'aws:kms'})), undefined)
  })
})

describe('stream source', function () {
  it('peeks up to a threshold and fills part buffers across chunk boundaries', async function () {
    const source = new StreamSource(Readable.from([Buffer.from('abc'), Buffer.from('defg'), Buffer.from('h')]))
    assert.equal(await source.peek(5), 7)
    const part = Buffer.alloc(5)
    assert.equal(await source.fill(part), 5)
    assert.equal(part.toString(), 'abcde')
    assert.equal(await source.fill(part), 3)
    assert.equal(part.subarray(0, 3).toString(), 'fgh')
    assert.equal(await source.fill(part), 0)
  })
})

describe('progress bar', function () {
  it('renders bytes, percentage, rate and ETA', function () {
    const line = renderProgress('put b/k', 256 * MiB, 512 * MiB, 2, 100)
    assert.match(line, /^put b\/k {2}\[=+> +\] {2} 50% {2}256\.0 MiB \/ 512\.0 MiB {2}128\.0 MiB\/s {2}ETA 00:02$/)
    assert.match(renderProgress('get', 1000, undefined, 1), /1000 B {2}1000 B\/s/)
    assert.equal(formatBytes(1536), '1.5 KiB')
    assert.equal(formatDuration(3725), '1:02:05')
    assert.equal(formatDuration(Infinity), '--:--')
  })

  it('draws only on a TTY', function () {
    const written: string[] = []
    new ProgressBar('x', true, {isTTY: false, write: (t) => written.push(t)}).update(1, 2)
    assert.equal(written.length, 0)
    const bar = new ProgressBar('x', true, {isTTY: true, columns: 80, write: (t) => written.push(t)})
    bar.update(2, 2)
    bar.finish()
    assert.equal(written.length, 2)
    assert.ok(written[0].startsWith('\r'))
  })
})
