/**
 * aws's verbs, end to end (built CLI against RGW, aws-cli as the reference reader): ls (lines
 * as aws s3 ls prints them), cp in every direction and with -r, mv's same forms, rm, mb, rb,
 * cat, stat; one line and a documented exit code for bad input; typo suggestions that never
 * offer a deleting command for another verb; the verbs in `s3 --help`.
 */
import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import {S3Name} from '../../src/lib/types.js'
import {bucketFixture, removeBuckets, runCli, tempDir, testServer, uniqueBucket} from '../support/fixtures.js'

const AWS = '/usr/bin/aws'
const FILES: Record<string, string> = {'tree/a.txt': 'abc', 'tree/sub/b.bin': 'x'.repeat(1500), 'tree.txt': 'tree file\n', 'top.txt': 'top\n'}

describe('aws verbs (CLI)', function () {
  this.timeout(120_000)
  const fixture = bucketFixture('av', async (storage, bucket) => {
    for (const [key, body] of Object.entries(FILES)) await storage.connection.request({op: 'test', method: 'PUT', bucket, key, body: Buffer.from(body)})
  })
  const s3 = (...args: string[]) => runCli(args, {cwd: fixture.configDir})
  const s3In = (input: string, ...args: string[]) => runCli(args, {cwd: fixture.configDir, input})
  const other = uniqueBucket('av2')
  const exists = async (bucket: string, key: string) => (await fixture.storage.exists(new S3Name(key, bucket)))[0]

  after(async () => {
    await removeBuckets(fixture.storage, [other])
  })

  describe('ls', () => {
    let aws: (...args: string[]) => Promise<string>

    before(async function () {
      if (!existsSync(AWS)) this.skip()
      const server = await testServer()
      const env: NodeJS.ProcessEnv = {...process.env, AWS_ACCESS_KEY_ID: server.owner.accessKeyId, AWS_SECRET_ACCESS_KEY: server.owner.secretAccessKey,
        AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null'}
      delete env.AWS_PROFILE
      aws = async (...args) => (await promisify(execFile)(AWS, ['--endpoint-url', server.endpoint, 's3', 'ls', ...args], {env})).stdout
    })

    it('prints the lines aws s3 ls prints: a bucket, a folder, S3\'s prefix, --recursive, --human-readable', async () => {
      const b = `s3://${fixture.bucket}`
      for (const args of [[b], [`${b}/`], [`${b}/tre`], [`${b}/tree`], [`${b}/tree/`], [`${b}/tree/a`], [`${b}/tree/`, '--recursive'], [b, '--recursive', '--human-readable']]) {
        const ours = await s3('ls', ...args)
        assert.equal(ours.code, 0, ours.stderr)
        assert.equal(ours.stdout, await aws(...args), args.join(' '))
      }
      assert.equal((await s3('ls', `${b}/tre`)).stdout.split('\n')[0], `${' '.repeat(27)}PRE tree/`)
    })

    it('without an argument lists the buckets as aws does', async () => {
      const ours = await s3('ls')
      assert.equal(ours.code, 0, ours.stderr)
      const line = (out: string) => out.split('\n').find((l) => l.endsWith(` ${fixture.bucket}`))
      assert.ok(line(ours.stdout))
      assert.equal(line(ours.stdout), line(await aws()))
    })

    it('a prefix that lists nothing exits 1 (as aws), a missing bucket 4, in one line', async () => {
      const none = await s3('ls', `s3://${fixture.bucket}/nothing`)
      assert.equal(none.code, 1)
      assert.equal(none.stdout + none.stderr, '')
      const missing = await s3('ls', 's3://no-such-bucket-av')
      assert.equal(missing.code, 4)
      assert.match(missing.stderr, /^s3: error: .*NoSuchBucket.*\n$/)
    })

    it('--json: records with key, size and date first; folders as {prefix}', async () => {
      const result = await s3('ls', `s3://${fixture.bucket}/tree/`, '--json')
      const records = JSON.parse(result.stdout) as Array<Record<string, unknown>>
      assert.deepEqual(records[0], {prefix: 'tree/sub/'})
      assert.deepEqual(Object.keys(records[1]).slice(0, 3), ['key', 'size', 'lastModified'])
      assert.equal(records[1].key, 'tree/a.txt')
    })
  })

  describe('object:list (aws\'s meaning of a prefix)', () => {
    it('lists one level, a prefix without / as S3 takes it, --recursive to descend; exit 1 when nothing', async () => {
      const oneLevel = await s3('object:list', `s3://${fixture.bucket}/tree`)
      assert.equal(oneLevel.code, 0, oneLevel.stderr)
      assert.deepEqual(oneLevel.stdout.trimEnd().split('\n').map((l) => l.trim().split(/ +/).pop()), ['tree/', 'tree.txt'])
      const inside = await s3('object:list', `${fixture.bucket}/tree/`, '-o', 'ndjson')
      assert.deepEqual(inside.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).key ?? JSON.parse(l).prefix), ['tree/sub/', 'tree/a.txt'])
      const all = await s3('object:list', `s3://${fixture.bucket}/tree/`, '-r')
      assert.match(all.stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {10}3 tree\/a\.txt\n.* tree\/sub\/b\.bin\n$/)
      assert.equal((await s3('object:list', `s3://${fixture.bucket}/nothing`)).code, 1)
    })
  })

  describe('cp', () => {
    before(async () => {
      await fixture.storage.bucketCreate(other)
    })

    it('local to S3, S3 to local, S3 to S3 (server-side), a folder destination keeping the name', async () => {
      const dir = tempDir()
      writeFileSync(path.join(dir, 'up.txt'), 'uploaded\n')
      const up = await s3('cp', path.join(dir, 'up.txt'), `s3://${fixture.bucket}/cp/`)
      assert.equal(up.code, 0, up.stderr)
      assert.equal(up.stdout, `upload: ${path.join(dir, 'up.txt')} to s3://${fixture.bucket}/cp/up.txt\n`)
      const across = await s3('cp', `s3://${fixture.bucket}/cp/up.txt`, `s3://${other}/copied.txt`)
      assert.equal(across.code, 0, across.stderr)
      assert.equal(across.stdout, `copy: s3://${fixture.bucket}/cp/up.txt to s3://${other}/copied.txt\n`)
      mkdirSync(path.join(dir, 'down'))
      const down = await s3('cp', `s3://${other}/copied.txt`, path.join(dir, 'down'))
      assert.equal(down.code, 0, down.stderr)
      assert.equal(readFileSync(path.join(dir, 'down', 'copied.txt'), 'utf8'), 'uploaded\n')
    })

    it('-r copies a prefix between buckets, with or without the trailing slash', async () => {
      const result = await s3('cp', '-r', `s3://${fixture.bucket}/tree`, `s3://${other}/copy/`)
      assert.equal(result.code, 0, result.stderr)
      const listed = await s3('ls', `s3://${other}/copy/`, '--recursive')
      assert.deepEqual(listed.stdout.trimEnd().split('\n').map((l) => l.split(' ').pop()), ['copy/a.txt', 'copy/sub/b.bin'])
      const dir = tempDir()
      const down = await s3('cp', '--recursive', `s3://${other}/copy/`, dir)
      assert.equal(down.code, 0, down.stderr)
      assert.equal(readFileSync(path.join(dir, 'sub', 'b.bin'), 'utf8'), FILES['tree/sub/b.bin'])
    })

    it('without -r, a folder or prefix source is one line naming -r (exit 2), and nothing is written', async () => {
      for (const source of [`s3://${fixture.bucket}/tree/`, `s3://${fixture.bucket}/tree`, tempDir()]) {
        const result = await s3('cp', source, `s3://${other}/hint/`)
        assert.equal(result.code, 2, `${source}: ${result.stderr}`)
        assert.match(result.stderr, /^s3: error: .* add -r \(--recursive\) to copy everything under .*\n$/)
        assert.equal(result.stdout, '')
      }
      assert.equal((await s3('ls', `s3://${other}/hint/`)).code, 1)
    })

    it('- reads stdin into one object and writes one object to stdout', async () => {
      const up = await s3In('from stdin\n', 'cp', '-', `s3://${fixture.bucket}/stdin.txt`)
      assert.equal(up.code, 0, up.stderr)
      const down = await s3('cp', `s3://${fixture.bucket}/stdin.txt`, '-')
      assert.equal(down.code, 0, down.stderr)
      assert.equal(down.stdout, 'from stdin\n')
    })

    it('refuses two local sides, --dryrun writes nothing', async () => {
      const dir = tempDir()
      writeFileSync(path.join(dir, 'f'), 'f')
      const local = await s3('cp', path.join(dir, 'f'), path.join(dir, 'g'))
      assert.equal(local.code, 2)
      assert.match(local.stderr, /^s3: error: one side must be S3.*\n$/)
      const dry = await s3('cp', path.join(dir, 'f'), `s3://${fixture.bucket}/dry/f`, '--dryrun')
      assert.equal(dry.code, 0, dry.stderr)
      assert.match(dry.stdout, /^\(dryrun\) upload: /)
      assert.equal(await exists(fixture.bucket, 'dry/f'), false)
    })
  })

  describe('mv takes the forms of cp', () => {
    it('a file up, an object across buckets, a prefix with -r', async () => {
      const dir = tempDir()
      writeFileSync(path.join(dir, 'm.txt'), 'move me')
      assert.equal((await s3('mv', path.join(dir, 'm.txt'), `s3://${fixture.bucket}/mv/`)).code, 0)
      assert.equal(existsSync(path.join(dir, 'm.txt')), false)
      assert.equal((await s3('mv', `s3://${fixture.bucket}/mv/m.txt`, `s3://${other}/mv/`)).code, 0)
      assert.equal(await exists(other, 'mv/m.txt'), true)
      const tree = await s3('mv', '-r', `s3://${other}/mv/`, `s3://${fixture.bucket}/moved/`)
      assert.equal(tree.code, 0, tree.stderr)
      assert.equal(await exists(fixture.bucket, 'moved/m.txt'), true)
      assert.equal(await exists(other, 'mv/m.txt'), false)
    })
  })

  describe('rm, mb, rb', () => {
    it('rm KEY, rm -r PREFIX (--dryrun first deletes nothing)', async () => {
      for (const key of ['rm/a', 'rm/b/c', 'rm-one']) await fixture.storage.connection.request({op: 'test', method: 'PUT', bucket: fixture.bucket, key, body: Buffer.from('x')})
      const one = await s3('rm', `s3://${fixture.bucket}/rm-one`)
      assert.equal(one.code, 0, one.stderr)
      assert.equal(await exists(fixture.bucket, 'rm-one'), false)
      const dry = await s3('rm', '-r', `s3://${fixture.bucket}/rm/`, '--dryrun')
      assert.equal(dry.code, 0, dry.stderr)
      assert.equal(await exists(fixture.bucket, 'rm/b/c'), true)
      const all = await s3('rm', '-r', `s3://${fixture.bucket}/rm/`)
      assert.equal(all.code, 0, all.stderr)
      assert.equal(await exists(fixture.bucket, 'rm/a'), false)
      assert.equal(await exists(fixture.bucket, 'rm/b/c'), false)
    })

    it('mb s3://B and rb s3://B [--force]; a key is not a bucket (exit 2)', async () => {
      const bucket = uniqueBucket('avmb')
      const made = await s3('mb', `s3://${bucket}`)
      assert.equal(made.code, 0, made.stderr)
      assert.equal(await fixture.storage.bucketExists(bucket), true)
      await fixture.storage.connection.request({op: 'test', method: 'PUT', bucket, key: 'k', body: Buffer.from('x')})
      const full = await s3('rb', `s3://${bucket}`)
      assert.equal(full.code, 7)
      assert.match(full.stderr, /BucketNotEmpty/)
      const key = await s3('rb', `s3://${bucket}/k`)
      assert.equal(key.code, 2)
      assert.match(key.stderr, /^s3: error: "s3:\/\/.*\/k" names a key or prefix: a bucket command takes BUCKET or s3:\/\/BUCKET\n$/)
      const forced = await s3('rb', `s3://${bucket}/`, '--force')
      assert.equal(forced.code, 0, forced.stderr)
      assert.equal(await fixture.storage.bucketExists(bucket), false)
    })
  })

  describe('cat and stat', () => {
    it('cat writes the objects in order, nothing else; a missing one stops with exit 4', async () => {
      const both = await s3('cat', `s3://${fixture.bucket}/top.txt`, `${fixture.bucket}/tree.txt`)
      assert.equal(both.code, 0, both.stderr)
      assert.equal(both.stdout, 'top\ntree file\n')
      const missing = await s3('cat', `s3://${fixture.bucket}/top.txt`, `s3://${fixture.bucket}/nope`)
      assert.equal(missing.code, 4)
      assert.equal(missing.stdout, 'top\n')
      assert.match(missing.stderr, /^s3: error: .*NoSuchKey.*\n$/)
    })

    it('stat: size, type, ETag, storage class, date, version, metadata; text and --json; missing exits 4', async () => {
      const put = await s3('put', path.join(writeTemp('stat.txt', 'stat me\n')), `s3://${fixture.bucket}/stat.txt`, '--meta', 'color=blue', '--cache-control', 'max-age=60')
      assert.equal(put.code, 0, put.stderr)
      const json = await s3('stat', `s3://${fixture.bucket}/stat.txt`, '--json')
      assert.equal(json.code, 0, json.stderr)
      const record = JSON.parse(json.stdout) as Record<string, unknown>
      assert.deepEqual(Object.keys(record).slice(0, 5), ['bucket', 'key', 'size', 'contentType', 'eTag'])
      assert.equal(record.size, 8)
      assert.equal(record.contentType, 'text/plain')
      assert.equal(record.storageClass, 'STANDARD')
      assert.equal(record.cacheControl, 'max-age=60')
      assert.match(record.lastModified as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/)
      assert.deepEqual(record.metadata, {'x-amz-meta-color': 'blue'})
      const text = await s3('stat', `${fixture.bucket}/stat.txt`)
      assert.match(text.stdout, /^bucket: .*\nkey: stat\.txt\nsize: 8\ncontentType: text\/plain\neTag: "[0-9a-f]{32}"\n/)
      const missing = await s3('stat', `s3://${fixture.bucket}/nope`)
      assert.equal(missing.code, 4)
      assert.equal(missing.stdout, '')
    })

    it('stat shows the object-lock legal hold and retention when set', async function () {
      const bucket = uniqueBucket('avlock')
      await fixture.storage.bucketCreate(bucket, {'x-amz-bucket-object-lock-enabled': 'true'})
      try {
        const until = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d+Z$/, '.000Z')
        const put = await s3('put', writeTemp('l.txt', 'locked'), `s3://${bucket}/l.txt`,
          '-H', 'x-amz-object-lock-legal-hold: ON', '-H', 'x-amz-object-lock-mode: GOVERNANCE', '-H', `x-amz-object-lock-retain-until-date: ${until}`)
        if (put.code !== 0) this.skip() // a store without object lock
        const record = JSON.parse((await s3('stat', `s3://${bucket}/l.txt`, '--json')).stdout) as Record<string, string>
        assert.equal(record.objectLockLegalHold, 'ON')
        assert.equal(record.objectLockMode, 'GOVERNANCE')
        assert.equal(Date.parse(record.objectLockRetainUntilDate), Date.parse(until))
        assert.ok(record.versionId)
      } finally {
        await unlockAll(bucket)
      }
    })
  })

  describe('typo suggestions and help', () => {
    it('never offer a deleting command for another verb; a typo of a deleting command still gets it', async () => {
      for (const typed of ['ro', 'rn', 'mp', 'dl']) {
        const result = await s3(typed)
        assert.equal(result.code, 2)
        assert.doesNotMatch(result.stderr, /did you mean "s3 (rm|rb|mv|delete|delete-bucket)"/, typed)
      }
      assert.match((await s3('delte')).stderr, /did you mean "s3 delete"\?/)
      assert.match((await s3('cpp')).stderr, /did you mean "s3 cp"\?/)
    })

    it('s3 --help lists the verbs', async () => {
      const help = await s3('--help')
      for (const verb of ['ls', 'cp', 'mv', 'rm', 'mb', 'rb', 'cat', 'stat']) assert.match(help.stdout, new RegExp(`\\n  ${verb} +\\S`), verb)
    })
  })

  /** A local file with `body`, for put. */
  function writeTemp(name: string, body: string): string {
    const file = path.join(tempDir(), name)
    writeFileSync(file, body)
    return file
  }

  /** Lifts legal holds and governance retention so the lock bucket can go. */
  async function unlockAll(bucket: string): Promise<void> {
    const storage = fixture.storage
    for await (const version of storage.bucketListVersions(bucket)) {
      const query = {versionId: version.versionId}
      await storage.connection.request({op: 'test', method: 'PUT', bucket, key: version.key, query: {...query, 'legal-hold': ''},
        body: Buffer.from('<LegalHold xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>OFF</Status></LegalHold>')}).catch(() => {})
      await storage.connection.request({op: 'test', method: 'DELETE', bucket, key: version.key, query, headers: {'x-amz-bypass-governance-retention': 'true'}}).catch(() => {})
    }
    await storage.bucketDelete(bucket).catch(() => {})
  }
})
