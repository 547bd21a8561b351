/**
 * Bad input, as a user gives it to the built CLI: one table of rows across every command
 * (flags, arguments, bucket names, keys, remote names, ranges, metadata, config files,
 * credentials, endpoints, configuration documents, local paths). Every row must exit with its
 * documented code, say so in exactly one line on stderr with no stack trace, keep stdout valid
 * JSON (or empty) under --json, print no secret, and change nothing on the server or on disk.
 * Rows run as separate processes, a few at a time, so the file stays quick.
 */
import assert from 'node:assert/strict'
import {mkdirSync, readdirSync, statSync, writeFileSync} from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import {Readable} from 'node:stream'
import type {StorageError} from '../../src/lib/errors.js'
import {S3Name} from '../../src/lib/types.js'
import {FaultProxy} from '../support/fault-proxy.js'
import {bucketFixture, runCli, tempDir, testServer, writeConfig} from '../support/fixtures.js'

const EXIT = {FAILURE: 1, USAGE: 2, CONFIG: 3, NOT_FOUND: 4, ACCESS: 5, NETWORK: 6, REJECTED: 7, LOCAL: 8}

/** One bad input: the CLI's arguments (run in the work folder), the exit code and what the line says. */
interface Row {
  args: string[]
  code: number
  says?: RegExp
  input?: string
  env?: NodeJS.ProcessEnv
}

/** Runs `items` through `task`, `size` at a time (each row is a process of its own). */
async function inBatches<T>(items: T[], size: number, task: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(task))
}

/** Every file under `dir` with its size and modification time: what "nothing changed on disk" compares. */
function snapshot(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, {withFileTypes: true, recursive: true})) {
    const full = path.join(entry.parentPath, entry.name)
    const info = statSync(full)
    out.push(`${path.relative(dir, full)} ${entry.isDirectory() ? 'dir' : info.size} ${info.mtimeMs}`)
  }
  return out.sort()
}

/** A loopback port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('bad input (CLI): one line, the right exit code, nothing changed', function () {
  this.timeout(120_000)
  const fixture = bucketFixture('bad', async (storage, bucket) => {
    for (const key of ['h.txt', 'dir/h.txt']) await storage.write(Readable.from([Buffer.from('hello\n')]), new S3Name(key, bucket))
  })
  let work = ''
  let secret = ''

  before(async function () {
    const server = await testServer()
    secret = server.owner.secretAccessKey
    work = tempDir('s3-bad-input-')
    const bucket = fixture.bucket
    writeFileSync(path.join(work, 'h.txt'), 'hello\n')
    writeFileSync(path.join(work, 'empty.txt'), '')
    mkdirSync(path.join(work, 'folder'))
    await writeConfig(work, {default_bucket: bucket, retry: {limit: 1, interval: 0.01}})
    // Config files, each in a folder of its own (named by --config).
    const configs = path.join(work, 'configs')
    mkdirSync(configs)
    const keys = `  access_key_id: "${server.owner.accessKeyId}"\n  secret_access_key: "${secret}"\n  endpoint: "${server.endpoint}"\n`
    const port = await closedPort()
    const files: Record<string, string | Buffer> = {
      'empty.yaml': '',
      'binary.yaml': Buffer.from([0x00, 0xff, 0xfe, 0x01, 0x02, 0x80, 0x00, 0x1b]),
      'huge.yaml': 's3:\n' + keys + '#' + 'x'.repeat(4 * 1024 * 1024) + '\n  bukket: 1\n',
      'no-section.yaml': keys.replace(/^ {2}/gm, ''),
      'not-mapping.yaml': 's3: "just a string"\n',
      'bad-yaml.yaml': `s3:\n  access_key_id: "A"\n  secret_access_key: [${secret}\n  region: x\n`,
      'unknown-key.yaml': 's3:\n' + keys + '  bukket: "x"\n',
      'tls-string.yaml': 's3:\n' + keys + '  tls: "yes"\n',
      'numeric-secret.yaml': `s3:\n  access_key_id: "A"\n  secret_access_key: 314159265358979\n`,
      'numeric-token.yaml': 's3:\n' + keys + '  session_token: 27182818284590\n',
      'no-secret.yaml': `s3:\n  access_key_id: "A"\n`,
      'huge-timeout.yaml': 's3:\n' + keys + '  timeout: 1e21\n',
      'zero-concurrency.yaml': 's3:\n' + keys + '  concurrency: 0\n',
      'tiny-part.yaml': 's3:\n' + keys + '  part_size: 1024\n',
      'retry-limit.yaml': 's3:\n' + keys + '  retry:\n    limit: -1\n',
      'retry-interval.yaml': 's3:\n' + keys + '  retry:\n    interval: 1e12\n',
      'bad-style.yaml': 's3:\n' + keys + '  addressing_style: dns\n',
      'bad-port.yaml': 's3:\n' + keys.replace(/endpoint: .*/, 'endpoint: "127.0.0.1:99999"') + '\n',
      'ftp.yaml': 's3:\n' + keys.replace(/endpoint: .*/, 'endpoint: "ftp://127.0.0.1/"') + '\n',
      'bad-default-bucket.yaml': 's3:\n' + keys + '  default_bucket: "ab"\n',
      'refused.yaml': 's3:\n' + keys.replace(/endpoint: .*/, `endpoint: "http://127.0.0.1:${port}"`) + '  retry:\n    limit: 1\n',
      'wrong-secret.yaml': 's3:\n' + keys.replace(secret, 'not-the-secret-key') + '  retry:\n    limit: 1\n',
      'unknown-key-id.yaml': 's3:\n' + keys.replace(server.owner.accessKeyId, 'AKIANOSUCHKEY0000000') + '  retry:\n    limit: 1\n',
    }
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(configs, name), text, {mode: 0o600})
    writeFileSync(path.join(work, 'bad.xml'), '<CORSConfiguration><CORSRule>')
    writeFileSync(path.join(work, 'bad.json'), '{"CORSConfiguration": ')
  })

  after(async function () {
    await proxy?.stop()
  })

  let proxy: FaultProxy | undefined

  /** The table; built lazily because it needs the bucket's name. */
  function rows(): Row[] {
    const b = fixture.bucket
    const c = (name: string) => ['--config', path.join(work, 'configs', name)]
    const longName = 'n'.repeat(300)
    return [
      // ---- flags and arguments
      {args: ['object:put'], code: EXIT.USAGE, says: /^s3: error: missing LOCAL\. Usage: s3 object put LOCAL \[REMOTE\] \[FLAGS\]$/},
      {args: ['object:get'], code: EXIT.USAGE, says: /missing REMOTE\. Usage: s3 object get REMOTE/},
      {args: ['object:copy', 'h.txt'], code: EXIT.USAGE, says: /missing DESTINATION\. Usage: s3 object copy SOURCE DESTINATION/},
      {args: ['object:put', 'h.txt', 'k', '--no-such-flag'], code: EXIT.USAGE, says: /Nonexistent flag/},
      {args: ['object:put', 'h.txt', 'k', 'extra'], code: EXIT.USAGE, says: /Unexpected argument/},
      {args: ['object:list', '--json', '-o', 'xml'], code: EXIT.USAGE, says: /Expected --output=xml to be one of/},
      {args: ['object:put', 'h.txt', 'k', '--part-size', 'lots'], code: EXIT.USAGE, says: /invalid size "lots"/},
      {args: ['object:put', 'h.txt', 'k', '--multipart-threshold', '0'], code: EXIT.USAGE, says: /invalid size "0"/},
      {args: ['object:put', 'h.txt', 'k', '--concurrency', '0'], code: EXIT.USAGE, says: /greater than or equal to 1/},
      {args: ['object:put', 'h.txt', 'k', '--concurrency', 'many'], code: EXIT.USAGE, says: /integer/},
      {args: ['object:presign', 'h.txt', '--expires', '604801', '--json'], code: EXIT.USAGE, says: /604800/},
      {args: ['object:presign', 'h.txt', '--expires', '0'], code: EXIT.USAGE, says: /from 1 second to 7 days/},
      {args: ['object:presign', 'h.txt', '--method', 'POST'], code: EXIT.USAGE, says: /Expected --method=POST to be one of/},
      {args: ['object:update-metadata', 'h.txt'], code: EXIT.USAGE, says: /give the new metadata/},
      {args: ['bucket:list-keys', b, '--max', '-1'], code: EXIT.USAGE},
      {args: ['bucket:list-keys', b, '--page-size', 'x'], code: EXIT.USAGE},
      {args: ['bucket:get-versions', b, '--param', '=x'], code: EXIT.USAGE, says: /--param "=x": expected NAME=VALUE/},
      {args: ['bucket:set-cors', b], code: EXIT.USAGE},
      {args: ['bucket:set-cors', b, '--data', '<a/>', '--file', 'bad.xml'], code: EXIT.USAGE, says: /cannot also be provided/},
      {args: ['bucket:set-acl', b, '--acl', 'world-writable'], code: EXIT.USAGE, says: /Expected --acl=world-writable to be one of/},
      {args: ['bucket:no-such-verb'], code: EXIT.USAGE, says: /not found|did you mean/},
      {args: ['object:get', 'h.txt', '--version-id'], code: EXIT.USAGE, says: /expects a value/},

      // ---- bucket names (as arguments, --bucket, s3:// and default_bucket)
      {args: ['bucket:create', 'ab', '--json'], code: EXIT.USAGE, says: /invalid bucket name "ab"/},
      {args: ['bucket:create', 'My_Bucket'], code: EXIT.USAGE, says: /uppercase/},
      {args: ['bucket:create', '192.168.1.1'], code: EXIT.USAGE, says: /IP address/},
      {args: ['bucket:create', 'a'.repeat(64)], code: EXIT.USAGE, says: /3 to 63/},
      {args: ['bucket:create', 'xn--bucket'], code: EXIT.USAGE, says: /xn--/},
      {args: ['bucket:create', '-leading-hyphen'], code: EXIT.USAGE},
      {args: ['bucket:delete', 'a/b/c'], code: EXIT.USAGE, says: /invalid bucket name/},
      {args: ['bucket:exists', 'ab', '--json'], code: EXIT.USAGE, says: /invalid bucket name "ab"/},
      {args: ['bucket:exists', ''], code: EXIT.USAGE, says: /bucket name is empty/},
      {args: ['bucket:get-cors', 'bad name'], code: EXIT.USAGE, says: /invalid bucket name/},
      {args: ['bucket:list-keys', 'ab'], code: EXIT.USAGE, says: /invalid bucket name "ab"/},
      {args: ['object:put', 'h.txt', 's3://ab/key'], code: EXIT.USAGE, says: /invalid bucket name "ab"/},
      {args: ['object:exists', 's3://ab/k', '--json'], code: EXIT.USAGE, says: /invalid bucket name "ab"/},
      {args: ['object:presign', 's3://ab/k', '--json'], code: EXIT.USAGE, says: /invalid bucket name "ab"/},
      {args: ['object:get', 's3://bad bucket/k'], code: EXIT.USAGE, says: /invalid bucket name "bad bucket"/},
      {args: ['object:delete', 's3://ab/k'], code: EXIT.USAGE, says: /invalid bucket name "ab"/},
      {args: ['object:copy', 'h.txt', 's3://ab/copy.txt'], code: EXIT.USAGE, says: /invalid bucket name "ab"/},
      {args: ['object:update-metadata', 's3://a%b/k', '--meta', 'a=1'], code: EXIT.USAGE, says: /invalid bucket name "a%b"/},
      {args: ['object:list', 's3://ab'], code: EXIT.USAGE, says: /invalid bucket name "ab"/},
      {args: ['object:put', 'h.txt', 'k', '--bucket', ''], code: EXIT.USAGE, says: /must not be empty/},
      {args: ['object:put', 'h.txt', 'k', '--bucket', 'ab'], code: EXIT.USAGE, says: /invalid bucket name "ab"/},
      {args: ['object:list', ...c('bad-default-bucket.yaml')], code: EXIT.CONFIG, says: /"default_bucket": a bucket name must be 3 to 255/},
      {args: ['object:get', `s3://no-such-bucket-${Date.now()}/k`, 'out.txt'], code: EXIT.NOT_FOUND, says: /NoSuchBucket/},

      // ---- keys and remote names
      {args: ['object:put', 'h.txt', ''], code: EXIT.USAGE, says: /remote name is empty/},
      {args: ['object:put', 'h.txt', '', '--json'], code: EXIT.USAGE, says: /remote name is empty/},
      {args: ['object:copy', 'h.txt', ''], code: EXIT.USAGE, says: /remote name is empty/},
      {args: ['object:copy', '', 'k2'], code: EXIT.USAGE, says: /remote name is empty/},
      {args: ['object:get', '', 'out.txt'], code: EXIT.USAGE, says: /remote name is empty/},
      {args: ['object:delete', ''], code: EXIT.USAGE, says: /remote name is empty/},
      {args: ['object:exists', ''], code: EXIT.USAGE, says: /remote name is empty/},
      {args: ['object:update-metadata', '', '--meta', 'a=1'], code: EXIT.USAGE, says: /remote name is empty/},
      {args: ['object:presign', ''], code: EXIT.USAGE, says: /remote name is empty/},
      {args: ['object:put', 'h.txt', 'a/../b'], code: EXIT.USAGE, says: /"\." or "\.\." path segment/},
      {args: ['object:get', 'dir/./h.txt', 'out.txt'], code: EXIT.USAGE, says: /path segment/},
      {args: ['object:put', 'h.txt', 's3://'], code: EXIT.USAGE, says: /names no bucket/},
      {args: ['object:get', 's3:///k', 'out.txt'], code: EXIT.USAGE, says: /names no bucket/},
      {args: ['object:get', `s3://${b}`, 'out.txt'], code: EXIT.USAGE, says: /names a bucket but no key/},
      {args: ['object:delete', `s3://${b}/`], code: EXIT.USAGE, says: /names a bucket but no key/},
      {args: ['object:put', '-', `s3://${b}/`], code: EXIT.USAGE, input: 'x', says: /is a folder/},
      {args: ['object:get', 'dir/', '--json'], code: EXIT.USAGE, says: /give LOCAL/},
      {args: ['object:get', 'no-such-key', 'out.txt', '--json'], code: EXIT.NOT_FOUND, says: /NoSuchKey|Not Found|404/},
      {args: ['object:copy', 'no-such-key', 'k2'], code: EXIT.NOT_FOUND},
      {args: ['object:update-metadata', 'no-such-key', '--meta', 'a=1'], code: EXIT.NOT_FOUND},

      // ---- ranges
      {args: ['object:get', 'h.txt', 'out.txt', '--range', 'foo'], code: EXIT.USAGE, says: /invalid range "foo"/},
      {args: ['object:get', 'h.txt', 'out.txt', '--range', 'bytes=0-1,3-4'], code: EXIT.USAGE, says: /invalid range/},
      {args: ['object:get', 'h.txt', '-', '--range', 'bytes=-0'], code: EXIT.USAGE, says: /empty suffix/},
      {args: ['object:get', 'h.txt', 'out.txt', '--range', 'bytes=5-3', '--json'], code: EXIT.USAGE, says: /LAST before FIRST/},
      {args: ['object:get', 'h.txt', 'out.txt', '--range', 'bytes='], code: EXIT.USAGE, says: /invalid range/},
      {args: ['object:get', 'h.txt', 'out.txt', '--range', 'bytes=1000-'], code: EXIT.REJECTED, says: /InvalidRange/},

      // ---- metadata and headers
      {args: ['object:put', 'h.txt', 'k', '--meta', 'name=é'], code: EXIT.USAGE, says: /--meta: .*non-ASCII/},
      {args: ['object:put', 'h.txt', 'k', '--meta', 'name=a\nb', '--json'], code: EXIT.USAGE, says: /line break/},
      {args: ['object:put', 'h.txt', 'k', '--meta', 'a b=c'], code: EXIT.USAGE, says: /header name "x-amz-meta-a b"/},
      {args: ['object:put', 'h.txt', 'k', '--meta', 'novalue'], code: EXIT.USAGE, says: /expected KEY=VALUE/},
      {args: ['object:put', 'h.txt', 'k', '--header', 'nocolon'], code: EXIT.USAGE, says: /expected NAME:VALUE/},
      {args: ['object:put', 'h.txt', 'k', '--header', 'X-A: é'], code: EXIT.USAGE, says: /--header: .*non-ASCII/},
      {args: ['object:put', 'h.txt', 'k', '--header', 'X A: b'], code: EXIT.USAGE, says: /header name "x a"/},
      {args: ['object:copy', 'h.txt', 'k2', '--meta', 'é=1'], code: EXIT.USAGE, says: /header name/},
      {args: ['object:update-metadata', 'h.txt', '--meta', 'x=\r'], code: EXIT.USAGE, says: /line break/},
      {args: ['object:put', 'h.txt', 'k', '--content-type', 'text/é'], code: EXIT.USAGE, says: /--content-type: .*non-ASCII/},

      // ---- configuration files
      {args: ['object:list', '--config', path.join(work, 'configs', 'missing.yaml')], code: EXIT.CONFIG, says: /config file not found/},
      {args: ['object:list', '--config', path.join(work, 'configs')], code: EXIT.CONFIG},
      {args: ['object:list', ...c('empty.yaml'), '--json'], code: EXIT.CONFIG, says: /top-level "s3:" key/},
      {args: ['object:list', ...c('binary.yaml')], code: EXIT.CONFIG, says: /cannot parse/},
      {args: ['object:list', ...c('huge.yaml')], code: EXIT.CONFIG, says: /unknown key "bukket"/},
      {args: ['object:list', ...c('no-section.yaml')], code: EXIT.CONFIG, says: /top-level "s3:" key/},
      {args: ['object:list', ...c('not-mapping.yaml')], code: EXIT.CONFIG, says: /must hold a mapping/},
      {args: ['object:list', ...c('bad-yaml.yaml')], code: EXIT.CONFIG, says: /cannot parse: missed comma .* at line 4, column 3$/},
      {args: ['object:list', ...c('unknown-key.yaml')], code: EXIT.CONFIG, says: /unknown key "bukket"/},
      {args: ['object:list', ...c('tls-string.yaml')], code: EXIT.CONFIG, says: /"tls" must be true or false/},
      {args: ['object:list', ...c('numeric-secret.yaml'), '-v'], code: EXIT.CONFIG, says: /"secret_access_key" must be a string, got a number$/},
      {args: ['object:list', ...c('numeric-token.yaml'), '-v'], code: EXIT.CONFIG, says: /"session_token" must be a string, got a number$/},
      {args: ['object:list', ...c('no-secret.yaml')], code: EXIT.CONFIG, says: /missing "secret_access_key"/},
      {args: ['object:list', ...c('huge-timeout.yaml')], code: EXIT.CONFIG, says: /"timeout" must be a number of seconds from/},
      {args: ['object:list', ...c('zero-concurrency.yaml')], code: EXIT.CONFIG, says: /"concurrency" must be a whole number from 1 to 64/},
      {args: ['object:list', ...c('tiny-part.yaml')], code: EXIT.CONFIG, says: /"part_size" must be/},
      {args: ['object:list', ...c('retry-limit.yaml')], code: EXIT.CONFIG, says: /"retry.limit" must be/},
      {args: ['object:list', ...c('retry-interval.yaml')], code: EXIT.CONFIG, says: /"retry.interval" must be/},
      {args: ['object:list', ...c('bad-style.yaml')], code: EXIT.CONFIG, says: /auto, path or virtual/},
      {args: ['object:list', ...c('bad-port.yaml')], code: EXIT.CONFIG, says: /invalid endpoint "127.0.0.1:99999"/},
      {args: ['object:list', ...c('ftp.yaml')], code: EXIT.CONFIG, says: /scheme must be http or https/},
      {args: ['object:list'], code: EXIT.CONFIG, env: {AWS_ENDPOINT_URL: 'http://127.0.0.1:0'}, says: /invalid endpoint/},

      // ---- credentials and endpoints
      {args: ['bucket:list', ...c('wrong-secret.yaml'), '--json'], code: EXIT.ACCESS, says: /SignatureDoesNotMatch/},
      {args: ['object:put', 'h.txt', `s3://${b}/k`, ...c('wrong-secret.yaml')], code: EXIT.ACCESS},
      {args: ['bucket:list', ...c('unknown-key-id.yaml')], code: EXIT.ACCESS, says: /InvalidAccessKeyId/},
      {args: ['object:get', `s3://${b}/h.txt`, 'out.txt', ...c('unknown-key-id.yaml')], code: EXIT.ACCESS},
      {args: ['bucket:list', ...c('refused.yaml'), '--json'], code: EXIT.NETWORK, says: /ECONNREFUSED|refused/},
      {args: ['object:put', 'h.txt', `s3://${b}/k`, ...c('refused.yaml')], code: EXIT.NETWORK},

      // ---- configuration documents (bucket:set-* --data / --file)
      {args: ['bucket:set-cors', b, '--data', '<CORSConfiguration><CORSRule>'], code: EXIT.USAGE},
      {args: ['bucket:set-cors', b, '--file', 'bad.xml'], code: EXIT.USAGE},
      {args: ['bucket:set-cors', b, '--file', 'bad.json', '--json'], code: EXIT.USAGE},
      {args: ['bucket:set-policy', b, '--data', '{"Version": '], code: EXIT.USAGE},
      {args: ['bucket:set-cors', b, '--file', 'no-such-file.xml'], code: EXIT.LOCAL},
      {args: ['bucket:set-cors', b, '--file', 'folder'], code: EXIT.LOCAL},
      {args: ['bucket:set-tagging', b, '--data', '{"Tagging": {"TagSet": {"Tag": {"Key": "a"}}}}'], code: EXIT.REJECTED},
      {args: ['bucket:set-policy', b, '--data', '{"Version": "2012-10-17", "Statement": "nope"}'], code: EXIT.REJECTED},

      // ---- local paths
      {args: ['object:put', 'no-such-file.txt', 'k'], code: EXIT.LOCAL, says: /ENOENT|no such file/},
      {args: ['object:put', 'folder', 'k', '--json'], code: EXIT.USAGE, says: /folder is a folder: use -r \(or sync\) to upload it/},
      {args: ['object:put', path.join('h.txt', 'below'), 'k'], code: EXIT.LOCAL},
      {args: ['object:put', longName, 'k'], code: EXIT.LOCAL},
      {args: ['object:get', 'h.txt', path.join('no-such-dir', 'out.txt')], code: EXIT.LOCAL},
      {args: ['object:get', 'h.txt', path.join('h.txt', 'out.txt')], code: EXIT.LOCAL},
      {args: ['object:get', 'h.txt', longName], code: EXIT.LOCAL},
      {args: ['object:get', 'h.txt', '/proc/s3-bad-input.txt'], code: EXIT.LOCAL},
      {args: ['bucket:set-cors', b, '--file', longName], code: EXIT.LOCAL},
    ]
  }

  async function check(row: Row): Promise<void> {
    const what = JSON.stringify(row.args)
    const r = await runCli(row.args, {cwd: work, input: row.input, env: row.env, timeoutMs: 30_000})
    assert.equal(r.code, row.code, `${what}: exit ${r.code}, stderr: ${r.stderr}`)
    const lines = r.stderr.split('\n').filter((line) => line !== '')
    assert.match(lines[0] ?? '', /^s3: error: /, what)
    // -v too: it shows results, never a stack trace (DEBUG does).
    assert.equal(lines.length, 1, `${what}: one line on stderr, got:\n${r.stderr}`)
    assert.ok(!/\n\s+at /.test(r.stderr), `${what}: no stack trace`)
    if (row.says) assert.match(lines[0], row.says, what)
    assert.ok(!r.stderr.includes(secret) && !r.stdout.includes(secret), `${what}: the secret key is never printed`)
    assert.ok(!/314159265358979|27182818284590/.test(r.stderr), `${what}: no secret of a config file is printed`)
    if (row.args.includes('--json') && r.stdout !== '') assert.doesNotThrow(() => JSON.parse(r.stdout), `${what}: stdout is JSON`)
  }

  /** The test bucket's keys and CORS rules (other suites share the server, so its bucket list moves on). */
  async function serverState(): Promise<string[]> {
    const keys: string[] = []
    for await (const key of fixture.storage.bucketListKeys(fixture.bucket)) {
      if (typeof key !== 'string') keys.push(`${key.key} ${key.size} ${key.eTag} ${key.lastModified}`)
    }
    const cors = await fixture.storage.bucketGetCors(fixture.bucket).catch((e: StorageError) => e.code)
    return [...keys.sort(), JSON.stringify(cors)]
  }

  it('answers each row with its exit code and one line, changing nothing', async function () {
    const table = rows()
    assert.ok(table.length >= 80, `${table.length} rows`)
    const before = {server: await serverState(), disk: snapshot(work)}
    const failures: string[] = []
    await inBatches(table, 6, async (row) => {
      try {
        await check(row)
      } catch (error) {
        failures.push((error as Error).message)
      }
    })
    assert.deepEqual(failures, [], `${failures.length} of ${table.length} rows failed:\n${failures.join('\n\n')}`)
    assert.deepEqual(await serverState(), before.server, 'nothing changed on the server')
    assert.deepEqual(snapshot(work), before.disk, 'nothing changed on disk')
  })

  it('writes nothing when a server ignores --range and answers 200 with the whole object', async function () {
    proxy = new FaultProxy()
    const endpoint = await proxy.start((await testServer()).endpoint)
    const dir = tempDir('s3-ignored-range-')
    await writeConfig(dir, {default_bucket: fixture.bucket, endpoint, retry: {limit: 1}})
    proxy.inject({kind: 'ignore-range'}, 2)
    const toFile = await runCli(['object:get', 'h.txt', 'out.txt', '--range', 'bytes=0-1'], {cwd: dir})
    assert.equal(toFile.code, EXIT.FAILURE, toFile.stderr)
    assert.match(toFile.stderr, /^s3: error: .*ignored the Range header.*\n$/)
    assert.deepEqual(readdirSync(dir), ['s3.yaml'], 'no file, no temp file')
    const toStdout = await runCli(['object:get', 'h.txt', '-', '--range', 'bytes=-2'], {cwd: dir})
    assert.equal(toStdout.code, EXIT.FAILURE, toStdout.stderr)
    assert.equal(toStdout.stdout, '', 'not one byte more than asked')
  })
})
