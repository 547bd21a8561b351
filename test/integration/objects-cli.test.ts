/**
 * The object commands as a user runs them (the built CLI): the seed's put/get/delete/list with
 * their output, remote-name forms, stdin/stdout, every bad input with its one line and exit
 * code, Ctrl-C during a multipart upload, and interop with the AWS CLI both ways.
 */
import assert from 'node:assert/strict'
import {execFile, spawn} from 'node:child_process'
import {createHash, randomBytes} from 'node:crypto'
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import type {Storage} from '../../src/lib/storage.js'
import {S3Name} from '../../src/lib/types.js'
import {ROOT} from '../support/server.js'
import {makeStorage, runCli, tempDir, testServer, uniqueBucket, writeConfig} from '../support/fixtures.js'
import {createBucket, removeBucket} from './objects-helpers.js'

const run = promisify(execFile)
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex')
const MiB = 1024 * 1024

/** One line on stderr, starting `s3: error:`, and no stack trace. */
function assertOneErrorLine(stderr: string, pattern?: RegExp): void {
  const lines = stderr.trim().split('\n')
  assert.equal(lines.length, 1, `one line on stderr, got:\n${stderr}`)
  assert.match(lines[0], /^s3: error: /)
  if (pattern) assert.match(lines[0], pattern)
}

describe('objects (CLI)', function () {
  let storage: Storage
  let bucket: string
  let dir: string

  before(async function () {
    bucket = uniqueBucket('cli')
    storage = await makeStorage('owner', {default_bucket: bucket})
    await createBucket(storage, bucket)
    dir = tempDir()
    await writeConfig(dir, {default_bucket: bucket})
  })

  after(async function () {
    await removeBucket(storage, bucket)
    storage.connection.close()
  })

  const cli = (args: string[], input?: Buffer | string) => runCli(args, {cwd: dir, input})

  it("keeps the seed's put / list / get / delete with their arguments and -v lines", async function () {
    writeFileSync(path.join(dir, 'example.txt'), 'seed example\n')
    let r = await cli(['put', '-v', 'example.txt'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, `created S3 ${bucket}/example.txt from file example.txt\n`)
    r = await cli(['put', 'example.txt', 'other name.txt'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, '', 'quiet without -v, as the seed')

    r = await cli(['list'])
    assert.equal(r.code, 0, r.stderr)
    const lines = r.stdout.trim().split('\n')
    assert.equal(lines.length, 2)
    // e_tag storage_class size(%12s) last_modified owner key
    assert.match(lines[0], /^"[0-9a-f]{32}" STANDARD {11}13 \d{4}-\d\d-\d\dT[\d:.]+Z \S+ example\.txt$/)
    assert.match(lines[1], / other name\.txt$/)

    r = await cli(['list', 'example.txt'])
    assert.equal(r.stdout, 'example.txt exists: true, metadata: {}\n')
    r = await cli(['list', 'nothing-here'])
    assert.equal(r.stdout, 'nothing-here exists: false, metadata: {}\n')
    assert.equal(r.code, 0, 'the original\'s `list NAME` succeeds, as it did')
    r = await cli(['object:list', 'nothing-here'])
    assert.equal(r.code, 1, 'object:list keeps its documented code')

    r = await cli(['get', '-v', 'other name.txt'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, `created file other name.txt from S3 ${bucket}/other name.txt\n`)
    assert.equal(readFileSync(path.join(dir, 'other name.txt'), 'utf8'), 'seed example\n')

    r = await cli(['delete', '-v', 'example.txt', 'other name.txt'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, `deleted S3 ${bucket}/example.txt\ndeleted S3 ${bucket}/other name.txt\n`)
    r = await cli(['list', '--json'])
    assert.deepEqual(JSON.parse(r.stdout), [])
  })

  it('accepts s3://bucket/key and bucket/key, with aws-cli trailing-slash rules', async function () {
    const noDefault = tempDir()
    await writeConfig(noDefault)
    writeFileSync(path.join(noDefault, 'file.txt'), 'x')
    const c = (args: string[]) => runCli(args, {cwd: noDefault})
    assert.equal((await c(['put', 'file.txt', `s3://${bucket}/folder/`])).code, 0)
    assert.equal((await c(['put', 'file.txt', `${bucket}/plain/key.txt`])).code, 0)
    assert.equal((await c(['put', 'file.txt', `s3://${bucket}`])).code, 0)
    for (const key of ['folder/file.txt', 'plain/key.txt', 'file.txt']) assert.equal((await storage.exists(key))[0], true, key)
    mkdirSync(path.join(noDefault, 'into'))
    const r = await c(['get', `${bucket}/plain/key.txt`, 'into'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(readFileSync(path.join(noDefault, 'into', 'key.txt'), 'utf8'), 'x')
    // --bucket makes the argument a plain key, even with a slash
    assert.equal((await c(['object:exists', '-b', bucket, 'plain/key.txt'])).code, 0)
    const missing = await c(['get', 'no-bucket-given'])
    assert.equal(missing.code, 2)
    assertOneErrorLine(missing.stderr, /names a bucket but no key|no bucket/)
  })

  it('streams stdin up (multipart with small parts) and down to stdout', async function () {
    const data = randomBytes(12 * MiB + 5)
    let r = await runCli(['put', '-', 'piped.bin', '--multipart-threshold', '5MiB', '--part-size', '5MiB', '--concurrency', '2', '--json'], {cwd: dir, input: data})
    assert.equal(r.code, 0, r.stderr)
    const record = JSON.parse(r.stdout)
    assert.equal(record.parts, 3)
    assert.equal(record.size, data.length)
    const out = await new Promise<Buffer>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'run.js'), 'get', 'piped.bin', '-'], {cwd: dir})
      const chunks: Buffer[] = []
      child.stdout.on('data', (d) => chunks.push(d))
      child.on('error', reject)
      child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`exit ${code}`))))
    })
    assert.equal(md5(out), md5(data))
    r = await cli(['put', '-', 'small.txt'], 'tiny\n')
    assert.equal(r.code, 0, r.stderr)
    assert.equal((await storage.head('small.txt')).contentType, 'text/plain')
  })

  it('sets metadata and headers, updates metadata, copies, presigns, and answers --json', async function () {
    writeFileSync(path.join(dir, 'doc.json'), '{"v":1}')
    let r = await cli(['object:put', 'doc.json', 'docs/doc.json', '--meta', 'state=unprocessed', '--header', 'Cache-Control: max-age=60'])
    assert.equal(r.code, 0, r.stderr)
    let info = await storage.head('docs/doc.json')
    assert.deepEqual(info.metadata, {'x-amz-meta-state': 'unprocessed'})
    assert.equal(info.contentType, 'application/json')
    assert.equal(info.headers['cache-control'], 'max-age=60')

    r = await cli(['object:update-metadata', 'docs/doc.json', '--meta', 'state=processed', '--json'])
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(JSON.parse(r.stdout).metadata, {'x-amz-meta-state': 'processed'})
    info = await storage.head('docs/doc.json')
    assert.equal(info.contentType, 'application/json')
    assert.equal(info.headers['cache-control'], 'max-age=60')

    r = await cli(['object:exists', 'docs/doc.json', '--json'])
    assert.equal(r.code, 0)
    assert.deepEqual(JSON.parse(r.stdout), {bucket, key: 'docs/doc.json', exists: true, metadata: {'x-amz-meta-state': 'processed'}})
    r = await cli(['object:exists', 'docs/none.json'])
    assert.equal(r.code, 1)
    assert.equal(r.stdout, 'docs/none.json exists: false, metadata: {}\n')

    r = await cli(['object:copy', 'docs/doc.json', 'archive/', '-v'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, `copied S3 ${bucket}/docs/doc.json to S3 ${bucket}/archive/doc.json\n`)
    assert.deepEqual((await storage.head('archive/doc.json')).metadata, {'x-amz-meta-state': 'processed'})

    r = await cli(['object:presign', 'archive/doc.json', '--expires', '120'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(await (await fetch(r.stdout.trim())).text(), '{"v":1}')

    r = await cli(['object:list', '--prefix', 'docs/', '--output', 'ndjson'])
    assert.deepEqual(r.stdout.trim().split('\n').map((l) => JSON.parse(l).key), ['docs/doc.json'])
    r = await cli(['object:list', '--delimiter', '/'])
    assert.ok(r.stdout.split('\n').includes(`${' '.repeat(27)}PRE docs/`), r.stdout) // aws s3 ls's folder line (issue 22)
    r = await cli(['list', '--delimiter', '/'])
    assert.ok(r.stdout.split('\n').includes('docs/'), r.stdout) // the original's list: the prefix alone
  })

  it('answers bad input with one line and its exit code, leaving nothing behind', async function () {
    const cases: [string[], number, RegExp][] = [
      [['put', 'no-such-file.txt'], 8, /ENOENT|no such file/],
      [['put', '.', 'x'], 2, /\. is a folder: use -r \(or sync\) to upload it/],
      [['get', 'no/such/key'], 4, /NoSuchKey/],
      [['get', `s3://${uniqueBucket('none')}/key`], 4, /NoSuchBucket/],
      [['get', 'small.txt', 'missing-folder/out.txt'], 8, /ENOENT/],
      [['get', 'small.txt', 'doc.json/inside'], 8, /ENOTDIR/],
      [['object:update-metadata', 'small.txt'], 2, /--meta/],
      [['object:presign', 'small.txt', '--expires', '700000'], 2, /--expires/],
      [['put', 'doc.json', 'x', '--part-size', 'lots'], 2, /invalid size/],
    ]
    for (const [args, code, pattern] of cases) {
      const r = await cli(args)
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`)
      assertOneErrorLine(r.stderr, pattern)
      assert.equal(r.stdout, '')
    }
    assert.deepEqual(readdirSync(dir).filter((n) => n.includes('s3tmp')), [])
    for await (const u of storage.multipartUploads(bucket)) assert.fail(`open upload ${u.key}`)
  })

  it('answers access denied (exit 5) to the second user, with no partial file', async function () {
    const otherDir = tempDir()
    await writeConfig(otherDir, {default_bucket: bucket}, 'other')
    writeFileSync(path.join(otherDir, 'mine.txt'), 'x')
    for (const args of [['get', 'small.txt'], ['put', 'mine.txt'], ['delete', 'small.txt'], ['object:exists', 'small.txt'], ['list']]) {
      const r = await runCli(args, {cwd: otherDir})
      assert.equal(r.code, 5, `${args.join(' ')}: ${r.stderr}`)
      assertOneErrorLine(r.stderr, /AccessDenied/)
    }
    assert.deepEqual(readdirSync(otherDir).sort(), ['mine.txt', 's3.yaml'])
  })

  it('aborts the multipart upload on Ctrl-C (exit 130) and leaves no upload open', async function () {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'run.js'), 'put', '-', 'interrupted.bin', '--multipart-threshold', '5MiB', '--part-size', '5MiB', '-v'], {cwd: dir})
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.stdin.on('error', () => {})
    // Feed stdin until the upload has started, then interrupt.
    const chunk = randomBytes(MiB)
    const feed = setInterval(() => child.stdin.write(chunk), 20)
    const started = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 30_000)
      child.stderr.on('data', () => {
        if (/multipart upload .* started/.test(stderr)) {
          clearTimeout(timer)
          resolve(true)
        }
      })
    })
    assert.ok(started, stderr)
    await new Promise((r) => setTimeout(r, 300))
    child.kill('SIGINT')
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    clearInterval(feed)
    assert.equal(code, 130, stderr)
    assert.match(stderr, /s3: error: .*interrupted by SIGINT/)
    for await (const u of storage.multipartUploads(bucket)) assert.fail(`open upload ${u.key}`)
    assert.equal((await storage.exists('interrupted.bin'))[0], false)
  })

  describe('interop with the AWS CLI', function () {
    let aws: (args: string[]) => Promise<string>

    before(async function () {
      const server = await testServer()
      const env: NodeJS.ProcessEnv = {...process.env, AWS_ACCESS_KEY_ID: server.owner.accessKeyId, AWS_SECRET_ACCESS_KEY: server.owner.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1'}
      for (const name of ['AWS_PROFILE', 'AWS_CA_BUNDLE', 'AWS_SESSION_TOKEN']) delete env[name]
      aws = async (args) => (await run('/usr/bin/aws', ['--endpoint-url', server.endpoint, ...args], {env, cwd: dir, maxBuffer: 64 * MiB})).stdout
    })

    it('an object put by s3 reads the same through aws s3api', async function () {
      const data = randomBytes(200_000)
      writeFileSync(path.join(dir, 'interop.bin'), data)
      const r = await cli(['put', 'interop.bin', 'inter op/ü.bin', '--meta', 'state=unprocessed', '--content-type', 'application/x-interop'])
      assert.equal(r.code, 0, r.stderr)
      const head = JSON.parse(await aws(['s3api', 'head-object', '--bucket', bucket, '--key', 'inter op/ü.bin']))
      assert.deepEqual(head.Metadata, {state: 'unprocessed'})
      assert.equal(head.ContentType, 'application/x-interop')
      assert.equal(head.ContentLength, data.length)
      await aws(['s3api', 'get-object', '--bucket', bucket, '--key', 'inter op/ü.bin', path.join(dir, 'from-aws.bin')])
      assert.equal(md5(readFileSync(path.join(dir, 'from-aws.bin'))), md5(data))
    })

    it('an object put by aws s3api reads the same through s3', async function () {
      const data = randomBytes(150_000)
      writeFileSync(path.join(dir, 'by-aws.bin'), data)
      await aws(['s3api', 'put-object', '--bucket', bucket, '--key', 'by aws+%.bin', '--body', 'by-aws.bin', '--metadata', 'origin=aws,state=new', '--content-type', 'application/x-aws'])
      const r = await cli(['object:exists', 'by aws+%.bin', '--json'])
      assert.equal(r.code, 0, r.stderr)
      assert.deepEqual(JSON.parse(r.stdout).metadata, {'x-amz-meta-origin': 'aws', 'x-amz-meta-state': 'new'})
      const g = await cli(['get', 'by aws+%.bin', 'back.bin'])
      assert.equal(g.code, 0, g.stderr)
      assert.equal(md5(readFileSync(path.join(dir, 'back.bin'))), md5(data))
      // and a multipart object put by aws s3 cp
      const big = randomBytes(9 * MiB)
      writeFileSync(path.join(dir, 'aws-big.bin'), big)
      await aws(['s3', 'cp', 'aws-big.bin', `s3://${bucket}/aws-big.bin`])
      const gb = await cli(['get', 'aws-big.bin', 'aws-big-back.bin'])
      assert.equal(gb.code, 0, gb.stderr)
      assert.equal(md5(readFileSync(path.join(dir, 'aws-big-back.bin'))), md5(big))
      assert.ok((await storage.head(new S3Name('aws-big.bin', bucket))).eTag.includes('-'), 'aws went multipart')
    })
  })
})
