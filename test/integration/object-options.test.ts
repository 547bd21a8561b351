/**
 * Everyday object options (--acl, --tags, --storage-class, the Content-* headers, --expires,
 * --sse, --sse-c-key) against RGW: what landed is read back with HEAD, GET ?tagging and
 * GET ?acl. SSE-C: the test RGW speaks plain http and, as RGW does unless rgw_crypt_require_ssl
 * is false, refuses customer keys there; so the SSE-C headers are checked as sent, through the
 * fault proxy's record of each request's headers, and the refusal is checked to be RGW's.
 */
import assert from 'node:assert/strict'
import {createHash} from 'node:crypto'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {S3Connection} from '../../src/lib/client/connection.js'
import {StorageError} from '../../src/lib/errors.js'
import {headerValue} from '../../src/lib/client/response.js'
import {Storage} from '../../src/lib/storage.js'
import {S3Name} from '../../src/lib/types.js'
import {FaultProxy} from '../support/fault-proxy.js'
import {bucketFixture, connectionOptions, makeStorage, runCli, tempDir, testServer} from '../support/fixtures.js'

const KEY = Buffer.alloc(32, 7) // an SSE-C key (test only)
const KEY_B64 = KEY.toString('base64')
const KEY_MD5 = createHash('md5').update(KEY).digest('base64')

type TagSet = {Tagging: {TagSet: {Tag: {Key: string; Value: string} | {Key: string; Value: string}[]} | ''}}

function tagsOf(doc: unknown): Record<string, string> {
  const set = (doc as TagSet).Tagging.TagSet
  if (!set) return {}
  const tags = Array.isArray(set.Tag) ? set.Tag : [set.Tag]
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]))
}

describe('object options: put and copy with headers that land on the object', function () {
  const fixture = bucketFixture('objopt')
  let dir: string
  let file: string
  const at = (key: string) => new S3Name(key, fixture.bucket)
  const cli = (args: string[]) => runCli([...args, '-c', path.join(fixture.configDir, 's3.yaml')], {cwd: fixture.configDir})

  before(async function () {
    dir = tempDir('s3-objopt-')
    file = path.join(dir, 'page.vtt')
    await writeFile(file, 'WEBVTT\n')
  })

  it('put: every header flag lands, read back with HEAD', async function () {
    const r = await cli(['object:put', file, `s3://${fixture.bucket}/all.vtt`,
      '--cache-control', 'max-age=60', '--content-disposition', 'attachment; filename="a.vtt"', '--content-encoding', 'identity',
      '--content-language', 'fr-CA', '--expires', '2030-01-02T03:04:05Z', '--storage-class', 'STANDARD', '--acl', 'public-read',
      '--tags', 'team=web', '--tags', 'state=new draft'])
    assert.equal(r.code, 0, r.stderr)
    const h = (await fixture.storage.head(at('all.vtt'))).headers
    assert.equal(headerValue(h, 'content-type'), 'text/vtt') // guessed from the maintained table
    assert.equal(headerValue(h, 'cache-control'), 'max-age=60')
    assert.equal(headerValue(h, 'content-disposition'), 'attachment; filename="a.vtt"')
    assert.equal(headerValue(h, 'content-encoding'), 'identity')
    assert.equal(headerValue(h, 'content-language'), 'fr-CA')
    assert.equal(new Date(headerValue(h, 'expires')!).toISOString(), '2030-01-02T03:04:05.000Z')
    // RGW's default placement has STANDARD only, and leaves the header out for STANDARD.
    assert.ok([undefined, 'STANDARD'].includes(headerValue(h, 'x-amz-storage-class')))
    assert.deepEqual(tagsOf(await fixture.storage.objectGetTagging(at('all.vtt'))), {team: 'web', state: 'new draft'})
    // public-read: another user can read it.
    const other = await makeStorage('other')
    try {
      assert.equal((await other.head(at('all.vtt'))).size, 7)
    } finally {
      other.close()
    }
  })

  it('put: a storage class the store does not know is its error, not ours', async function () {
    const r = await cli(['object:put', file, `s3://${fixture.bucket}/glacier.vtt`, '--storage-class', 'NO_SUCH_CLASS'])
    assert.notEqual(r.code, 0)
    assert.match(r.stderr, /InvalidStorageClass|InvalidArgument/)
  })

  it('put -r: the flags apply to every file', async function () {
    const folder = path.join(dir, 'site')
    await mkdir(path.join(folder, 'css'), {recursive: true})
    await writeFile(path.join(folder, 'index.html'), '<p>hi</p>')
    await writeFile(path.join(folder, 'css', 'a.css'), 'p{}')
    const r = await cli(['object:put', '-r', folder, `s3://${fixture.bucket}/site/`, '--cache-control', 'max-age=300', '--tags', 'site=yes', '--acl', 'public-read'])
    assert.equal(r.code, 0, r.stderr)
    for (const [key, type] of [['site/index.html', 'text/html'], ['site/css/a.css', 'text/css']]) {
      const h = (await fixture.storage.head(at(key))).headers
      assert.equal(headerValue(h, 'cache-control'), 'max-age=300', key)
      assert.equal(headerValue(h, 'content-type'), type, key)
      assert.deepEqual(tagsOf(await fixture.storage.objectGetTagging(at(key))), {site: 'yes'}, key)
      const acl = JSON.stringify(await fixture.storage.objectGetAcl(at(key)))
      assert.match(acl, /AllUsers/, key)
    }
  })

  it('copy: Content-* options replace the source\'s and keep its metadata; --tags replace its tags', async function () {
    await fixture.storage.write(file, at('src.vtt'), {'x-amz-meta-origin': 'camera', 'x-amz-tagging': 'a=1'})
    const r = await cli(['object:copy', `s3://${fixture.bucket}/src.vtt`, `s3://${fixture.bucket}/dst.vtt`,
      '--cache-control', 'no-cache', '--content-type', 'text/plain', '--tags', 'b=2', '--acl', 'public-read'])
    assert.equal(r.code, 0, r.stderr)
    const info = await fixture.storage.head(at('dst.vtt'))
    assert.equal(headerValue(info.headers, 'cache-control'), 'no-cache')
    assert.equal(info.contentType, 'text/plain')
    assert.deepEqual(info.metadata, {'x-amz-meta-origin': 'camera'})
    assert.deepEqual(tagsOf(await fixture.storage.objectGetTagging(at('dst.vtt'))), {b: '2'})
    assert.match(JSON.stringify(await fixture.storage.objectGetAcl(at('dst.vtt'))), /AllUsers/)
  })

  it('sync: the flags apply to uploads; a local destination refuses them (exit 2)', async function () {
    const folder = path.join(dir, 'sync')
    await mkdir(folder, {recursive: true})
    await writeFile(path.join(folder, 'x.txt'), 'x')
    const up = await cli(['object:sync', folder, `s3://${fixture.bucket}/sync/`, '--content-language', 'de'])
    assert.equal(up.code, 0, up.stderr)
    assert.equal(headerValue((await fixture.storage.head(at('sync/x.txt'))).headers, 'content-language'), 'de')
    const down = await cli(['object:sync', `s3://${fixture.bucket}/sync/`, path.join(dir, 'down'), '--acl', 'private'])
    assert.equal(down.code, 2)
    assert.match(down.stderr, /apply to objects written to S3/)
  })

  it('bad values are usage errors (exit 2) on one line, sent nowhere', async function () {
    for (const [args, pattern] of [
      [['--tags', 'novalue'], /expected KEY=VALUE/],
      [['--expires', 'soon'], /invalid date/],
      [['--sse-kms-key-id', 'k1'], /needs --sse aws:kms/],
      [['--sse-c-key', 'short-secret-key'], /must be 256 bits/],
      [['--acl', 'everyone'], /Expected --acl=everyone to be one of/],
    ] as const) {
      const r = await cli(['object:put', file, `s3://${fixture.bucket}/bad.vtt`, ...args])
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
      assert.match(r.stderr, pattern)
      assert.doesNotMatch(r.stderr + r.stdout, /short-secret-key/, 'the key is never shown')
      assert.doesNotMatch(r.stderr, /\n.+\n/, 'one line')
    }
    await assert.rejects(fixture.storage.head(at('bad.vtt')), (e: StorageError) => e.status === 404)
  })

  it('--sse: RGW without a configured key backend refuses it with its own error', async function () {
    // The test RGW has no SSE-S3 / KMS backend: the request must at least reach it with the header.
    const r = await cli(['object:put', file, `s3://${fixture.bucket}/sse.vtt`, '--sse', 'AES256'])
    if (r.code === 0) {
      assert.equal(headerValue((await fixture.storage.head(at('sse.vtt'))).headers, 'x-amz-server-side-encryption'), 'AES256')
    } else {
      assert.match(r.stderr, /s3: error: /)
      assert.doesNotMatch(r.stderr, /\n.+\n/)
    }
  })
})

describe('object options: SSE-C headers as sent (through a recording proxy)', function () {
  const fixture = bucketFixture('objssec')
  const proxy = new FaultProxy()
  let storage: Storage
  let endpoint: string
  let configFile: string
  const at = (key: string) => new S3Name(key, fixture.bucket)

  before(async function () {
    const server = await testServer()
    endpoint = await proxy.start(server.endpoint)
    storage = new Storage(new S3Connection(connectionOptions(server, 'owner', {endpoint, retry: {limit: 1}})))
    const dir = tempDir('s3-ssec-')
    const yaml = await readFile(path.join(fixture.configDir, 's3.yaml'), 'utf8')
    configFile = path.join(dir, 's3.yaml')
    await writeFile(configFile, yaml.replace(/endpoint: .*/, `endpoint: ${endpoint}`), {mode: 0o600})
  })
  after(async function () {
    storage?.close()
    await proxy.stop()
  })

  const sseC = (prefix: string, headers: Record<string, unknown>) => ({
    algorithm: headers[`${prefix}algorithm`], key: headers[`${prefix}key`], md5: headers[`${prefix}key-md5`],
  })
  const expected = {algorithm: 'AES256', key: KEY_B64, md5: KEY_MD5}

  it('put, get, exists and copy send the key, its MD5 and the algorithm; RGW over http refuses', async function () {
    const dir = tempDir('s3-ssec-cli-')
    const file = path.join(dir, 'secret.txt')
    await writeFile(file, 'secret')
    const keyFile = path.join(dir, 'key.bin')
    await writeFile(keyFile, KEY, {mode: 0o600})
    const cli = (args: string[]) => runCli([...args, '-c', configFile, '-v'], {cwd: dir})
    const prefix = 'x-amz-server-side-encryption-customer-'
    const cases: Array<{args: string[]; method: string; copySource?: boolean}> = [
      {args: ['object:put', file, `s3://${fixture.bucket}/secret.txt`, '--sse-c-key', KEY_B64], method: 'PUT'},
      {args: ['object:get', `s3://${fixture.bucket}/secret.txt`, path.join(dir, 'out.txt'), '--sse-c-key', `fileb://${keyFile}`], method: 'GET'},
      {args: ['object:exists', `s3://${fixture.bucket}/secret.txt`, '--sse-c-key', KEY.toString('latin1')], method: 'HEAD'},
      {args: ['object:copy', `s3://${fixture.bucket}/secret.txt`, `s3://${fixture.bucket}/copy.txt`, '--source-sse-c-key', KEY_B64], method: 'HEAD', copySource: true},
    ]
    for (const c of cases) {
      proxy.clear()
      const r = await cli(c.args)
      const sent = proxy.seen.find((s) => s.method === c.method)
      assert.ok(sent, `${c.args[0]} sent a ${c.method}`)
      assert.deepEqual(sseC(prefix, sent.headers), expected, c.args[0])
      // RGW refuses SSE-C over plain http (rgw_crypt_require_ssl): its error, not a crash.
      // (exists answers `exists: false`, exit 1, for the object the refused put never made).
      if (r.code !== 0 && r.stderr) assert.match(r.stderr, /s3: error: .*(InvalidRequest|InvalidArgument|400|404|NoSuchKey)/, `${c.args[0]}: ${r.stderr}`)
      assert.doesNotMatch(r.stdout + r.stderr, new RegExp(KEY_B64.replace(/[+/=]/g, '.')), 'the key is never printed, not at -v')
    }
  })

  it('a copy to an SSE-C destination sends the key with the CopyObject', async function () {
    const {sseCustomerHeaders} = await import('../../src/lib/object-headers.js')
    await fixture.storage.write(await writeTemp('plain'), at('plain-src.txt'))
    proxy.clear()
    await storage.copy(at('plain-src.txt'), at('plain-dst.txt'), sseCustomerHeaders(KEY)).catch(() => {}) // RGW refuses over http
    const put = proxy.seen.find((s) => s.method === 'PUT')
    assert.ok(put, 'the copy was sent')
    assert.deepEqual(sseC('x-amz-server-side-encryption-customer-', put.headers), expected)
    assert.equal(put.headers['x-amz-copy-source'], `/${fixture.bucket}/plain-src.txt`)
  })
})

async function writeTemp(text: string): Promise<string> {
  const file = path.join(tempDir(), 'f.txt')
  await writeFile(file, text)
  return file
}
