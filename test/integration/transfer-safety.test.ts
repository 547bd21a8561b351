/**
 * "Never lose data" in the batch commands (built CLI against RGW): a move onto itself, a
 * missing or empty source, overlapping SOURCE and DESTINATION, deletions only after the source
 * was read completely (a listing that fails part way, an unreadable folder, a name that is not
 * UTF-8), nothing written or deleted outside the named folder through symbolic links, and
 * folder markers and file/folder clashes of keys.
 */
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type {Storage} from '../../src/lib/storage.js'
import {FaultProxy} from '../support/fault-proxy.js'
import {bucketFixture, type CliResult, outcomeOf, runCli, tempDir, testServer, writeConfig} from '../support/fixtures.js'
import {ROOT} from '../support/server.js'

async function put(storage: Storage, bucket: string, key: string, body: Buffer | string): Promise<void> {
  await storage.connection.request({op: 'test', method: 'PUT', bucket, key, body})
}

async function keysUnder(storage: Storage, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = []
  for await (const item of storage.bucketListKeys(bucket, null, prefix)) if (typeof item !== 'string') keys.push(item.key.slice(prefix.length))
  return keys.sort()
}

function writeTree(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, ...rel.split('/'))
    mkdirSync(path.dirname(file), {recursive: true})
    writeFileSync(file, content)
  }
}

/** The command failed with `code` and said why in one `s3: ` line matching `why` (no stack trace). */
function refused(result: CliResult, code: number, why: RegExp): void {
  assert.equal(result.code, code, `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`)
  assert.match(result.stderr, why)
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace')
}

function exitCode(result: CliResult, code: number): CliResult {
  assert.equal(result.code, code, `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`)
  return result
}

const IS_ROOT = process.getuid?.() === 0
const NOBODY = 65534

/**
 * Runs the CLI as a user the folder permissions apply to: tests run as root, who reads any
 * folder, so the CLI is started as `nobody` (setpriv) with `cwd` and its s3.yaml handed over.
 */
function runCliUnprivileged(args: string[], cwd: string): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {...process.env, HOME: cwd}
  for (const name of Object.keys(env)) if (name.startsWith('AWS_')) delete env[name]
  const command = IS_ROOT
    ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath]
    : [process.execPath]
  return outcomeOf(spawn(command[0], [...command.slice(1), path.join(ROOT, 'bin', 'run.js'), ...args], {cwd, env}), {timeoutMs: 110_000})
}

/** Hands a folder and everything under it to `nobody` (when running as root). */
function giveToNobody(dir: string): void {
  if (!IS_ROOT) return
  chownSync(dir, NOBODY, NOBODY)
  for (const rel of readdirSync(dir, {recursive: true}) as string[]) chownSync(path.join(dir, rel), NOBODY, NOBODY)
}

describe('transfer safety (CLI): never lose data, never write outside the target', function () {
  this.timeout(120_000)
  const fixture = bucketFixture('safety')
  const s3 = (...args: string[]) => runCli(args, {cwd: fixture.configDir, timeoutMs: 110_000})

  describe('a move onto itself, overlapping SOURCE and DESTINATION', () => {
    beforeEach(async () => {
      for (const key of ['self/x', 'self/sub/y', 'self/z']) await put(fixture.storage, fixture.bucket, key, `content of ${key}`)
    })

    it('move of an object onto itself (same key, or the prefix it is in) is refused and keeps the object', async () => {
      const {bucket, storage} = fixture
      refused(await s3('object:move', `s3://${bucket}/self/x`, `s3://${bucket}/self/x`, '--cache-control', 'max-age=60'), 2, /onto itself/)
      refused(await s3('object:move', `s3://${bucket}/self/x`, `s3://${bucket}/self/`), 2, /onto itself/)
      assert.deepEqual(await keysUnder(storage, bucket, 'self/'), ['sub/y', 'x', 'z'])
    })

    it('move -r and sync of a prefix onto itself or into itself (either way) are refused, exit 2, nothing changed', async () => {
      const {bucket, storage} = fixture
      const cases = [
        ['object:move', '-r', `s3://${bucket}/self/`, `s3://${bucket}/self/`],
        ['object:move', '-r', `s3://${bucket}/self/`, `s3://${bucket}/self/sub/`],
        ['object:sync', `s3://${bucket}/self/`, `s3://${bucket}/self/sub/`, '--delete'],
        ['object:sync', `s3://${bucket}/self/sub/`, `s3://${bucket}/self/`, '--delete'],
        ['object:sync', `s3://${bucket}`, `s3://${bucket}/self/sub/`],
      ]
      for (const args of cases) refused(await s3(...args), 2, /^s3: .*overlap/m)
      assert.deepEqual(await keysUnder(storage, bucket, 'self/'), ['sub/y', 'x', 'z'])
    })
  })

  describe('a missing or empty source', () => {
    const remote = ['keep/a.txt', 'keep/b/c.txt']
    beforeEach(async () => {
      for (const key of remote) await put(fixture.storage, fixture.bucket, key, key)
    })
    afterEach(async () => {
      assert.deepEqual(await keysUnder(fixture.storage, fixture.bucket, 'keep/'), ['a.txt', 'b/c.txt'], 'nothing deleted')
    })

    it('an empty argument is never a path: sync "" --delete, delete -r "", put -r "", move "" are bad usage (exit 2)', async () => {
      const {bucket} = fixture
      refused(await s3('object:sync', '', `s3://${bucket}/keep/`, '--delete'), 2, /empty/)
      refused(await s3('object:delete', '-r', ''), 2, /empty/)
      refused(await s3('object:put', '-r', '', `s3://${bucket}/keep/`), 2, /empty/)
      refused(await s3('object:move', '-r', '', `s3://${bucket}/keep/`), 2, /empty/)
      refused(await s3('object:move', `s3://${bucket}/keep/a.txt`, ''), 2, /empty/)
    })

    it('a local source folder that does not exist fails in one line (exit 8) before anything is deleted; a file is not a folder', async () => {
      const {bucket} = fixture
      const missing = path.join(tempDir(), 'no', 'such', 'dir')
      refused(await s3('object:sync', missing, `s3://${bucket}/keep/`, '--delete'), 8, /no such folder/)
      refused(await s3('object:move', '-r', missing, `s3://${bucket}/keep/`), 8, /no such folder/)
      refused(await s3('object:put', '-r', missing, `s3://${bucket}/keep/`), 8, /no such folder/)
      const file = path.join(tempDir(), 'file.txt')
      writeFileSync(file, 'x')
      refused(await s3('object:sync', file, `s3://${bucket}/keep/`, '--delete'), 8, /not a folder/)
    })

    it('a missing local DESTINATION folder is made', async () => {
      const out = path.join(tempDir(), 'new', 'dir')
      exitCode(await s3('object:sync', `s3://${fixture.bucket}/keep/`, out), 0)
      assert.equal(readFileSync(path.join(out, 'b', 'c.txt'), 'utf8'), 'keep/b/c.txt')
    })

    it('sync --delete from a bucket that does not exist, or from a prefix that lists nothing, deletes nothing', async () => {
      const {bucket} = fixture
      refused(await s3('object:sync', 's3://no-such-bucket-safety/p/', `s3://${bucket}/keep/`, '--delete'), 4, /NoSuchBucket|does not exist/)
      refused(await s3('object:sync', `s3://${bucket}/nothing-here/`, `s3://${bucket}/keep/`, '--delete'), 4, /not deleting: .*lists no objects/)
      const local = tempDir()
      writeFileSync(path.join(local, 'local.txt'), 'mine')
      refused(await s3('object:sync', `s3://${bucket}/nothing-here/`, local, '--delete'), 4, /not deleting/)
      assert.ok(existsSync(path.join(local, 'local.txt')))
    })
  })

  describe('deletions only after the source was read completely', () => {
    const proxy = new FaultProxy()
    let proxyDir: string

    before(async function () {
      proxyDir = tempDir()
      await writeConfig(proxyDir, {endpoint: await proxy.start((await testServer()).endpoint), retry: {limit: 1, interval: 0.05}})
      // 1,001 keys: two listing pages.
      const keys = Array.from({length: 1001}, (_, i) => `paged/k${String(i).padStart(4, '0')}`)
      for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((key) => put(fixture.storage, fixture.bucket, key, 'k')))
    })

    after(async () => {
      await proxy.stop()
      http.globalAgent.destroy()
    })

    it('a source listing that fails on its second page deletes nothing (local and S3 destinations), exit of the error', async () => {
      const {bucket, storage} = fixture
      const local = tempDir()
      writeTree(local, {'a-extra.txt': 'extra', 'k0000': 'k', 'zz-extra.txt': 'extra'})
      await put(storage, bucket, 'paged-copy/a-extra.txt', 'extra')
      const secondSourcePage = (req: http.IncomingMessage) => req.method === 'GET' && /prefix=paged%2F/.test(req.url ?? '') && /continuation-token=|start-after=/.test(req.url ?? '')
      for (const destination of [local, `s3://${bucket}/paged-copy/`]) {
        proxy.clear()
        proxy.inject({kind: 'status', status: 500, code: 'InternalError'}, 10, secondSourcePage)
        const result = await runCli(['object:sync', `s3://${bucket}/paged/`, destination, '--delete'], {cwd: proxyDir, timeoutMs: 110_000})
        refused(result, 6, /not deleting: the listings could not be read completely/)
        assert.doesNotMatch(result.stderr, /socket hang up/, 'the files in flight ended before the error was reported')
        assert.ok(proxy.seen.some((r) => r.fault === 'status'), 'the fault was met')
      }
      assert.ok(existsSync(path.join(local, 'a-extra.txt')) && existsSync(path.join(local, 'zz-extra.txt')), 'the local extras are kept')
      assert.ok((await keysUnder(storage, bucket, 'paged-copy/')).includes('a-extra.txt'))
    })

    it('an unreadable source folder: sync --delete deletes nothing (exit 10); put -r and move -r count it as failed', async function () {
      const {bucket, storage} = fixture
      const work = tempDir()
      const local = path.join(work, 'tree')
      writeTree(local, {'ok.txt': 'ok', 'locked/x.txt': 'x'})
      await writeConfig(work)
      giveToNobody(work)
      chmodSync(path.join(local, 'locked'), 0o000)
      for (const key of ['ur/ok.txt', 'ur/locked/x.txt', 'ur/extra.txt']) await put(storage, bucket, key, 'old')

      const sync = await runCliUnprivileged(['object:sync', local, `s3://${bucket}/ur/`, '--delete'], work)
      refused(sync, 10, /not deleting: the source could not be read completely/)
      assert.match(sync.stderr, /locked.*(EACCES|permission)/i)
      assert.deepEqual(await keysUnder(storage, bucket, 'ur/'), ['extra.txt', 'locked/x.txt', 'ok.txt'])

      const putR = await runCliUnprivileged(['object:put', '-r', local, `s3://${bucket}/ur-put/`], work)
      refused(putR, 10, /1 failed/)
      const move = await runCliUnprivileged(['object:move', '-r', local, `s3://${bucket}/ur-move/`], work)
      refused(move, 10, /1 failed/)
      assert.deepEqual(await keysUnder(storage, bucket, 'ur-move/'), ['ok.txt'])
      chmodSync(path.join(local, 'locked'), 0o755)
      assert.ok(existsSync(path.join(local, 'locked', 'x.txt')))
    })

    it('a file whose name is not UTF-8 is skipped with the reason, and sync --delete then deletes nothing', async function () {
      const {bucket, storage} = fixture
      const local = tempDir()
      writeFileSync(path.join(local, 'ok.txt'), 'ok')
      const badName = Buffer.concat([Buffer.from(local + '/bad-'), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')])
      writeFileSync(badName, 'bad')
      await put(storage, bucket, 'utf/extra.txt', 'extra')
      const sync = await s3('object:sync', local, `s3://${bucket}/utf/`, '--delete')
      assert.match(sync.stderr, /its name is not valid UTF-8 \(S3 keys are UTF-8\)/)
      assert.match(sync.stderr, /not deleting: the source could not be read completely/)
      assert.notEqual(sync.code, 0)
      assert.deepEqual(await keysUnder(storage, bucket, 'utf/'), ['extra.txt', 'ok.txt'])
      const putR = exitCode(await s3('object:put', '-r', local, `s3://${bucket}/utf-put/`), 0)
      assert.match(putR.stderr, /its name is not valid UTF-8/)
    })
  })

  describe('nothing outside the named folder is written or deleted through a symbolic link', () => {
    it('sync down --no-follow-symlinks does not write through a folder link in the destination', async () => {
      const {bucket, storage} = fixture
      await put(storage, bucket, 'ln/link/evil.txt', 'evil')
      await put(storage, bucket, 'ln/fine.txt', 'fine')
      const outside = tempDir()
      const dir = tempDir()
      symlinkSync(outside, path.join(dir, 'link'))
      const result = exitCode(await s3('object:sync', `s3://${bucket}/ln/`, dir, '--no-follow-symlinks'), 0)
      assert.match(result.stderr, /symbolic link/)
      assert.deepEqual(readdirSync(outside), [])
      assert.equal(readFileSync(path.join(dir, 'fine.txt'), 'utf8'), 'fine')
      const get = exitCode(await s3('object:get', '-r', `s3://${bucket}/ln/`, dir), 0)
      assert.match(get.stderr, /symbolic link/)
      assert.deepEqual(readdirSync(outside), [])
    })

    it('sync --delete to a folder never deletes through a folder link in it', async () => {
      const {bucket, storage} = fixture
      await put(storage, bucket, 'ln2/a.txt', 'a')
      const outside = tempDir()
      writeFileSync(path.join(outside, 'keep.txt'), 'keep')
      const dir = tempDir()
      symlinkSync(outside, path.join(dir, 'link'))
      writeFileSync(path.join(dir, 'extra.txt'), 'extra')
      exitCode(await s3('object:sync', `s3://${bucket}/ln2/`, dir, '--delete'), 0)
      assert.ok(existsSync(path.join(outside, 'keep.txt')), 'the file outside is kept')
      assert.ok(!existsSync(path.join(dir, 'extra.txt')), 'the extra inside is deleted')
    })

    it('move -r of a folder copies what a folder link reaches outside it, but does not delete it', async () => {
      const {bucket, storage} = fixture
      const outside = tempDir()
      writeFileSync(path.join(outside, 'keep.txt'), 'keep')
      const dir = tempDir()
      writeFileSync(path.join(dir, 'mine.txt'), 'mine')
      symlinkSync(outside, path.join(dir, 'link'))
      const result = exitCode(await s3('object:move', '-r', dir, `s3://${bucket}/mvln/`), 0)
      assert.match(result.stderr, /outside/)
      assert.deepEqual(await keysUnder(storage, bucket, 'mvln/'), ['link/keep.txt', 'mine.txt'])
      assert.ok(existsSync(path.join(outside, 'keep.txt')), 'the file outside is kept')
      assert.ok(!existsSync(path.join(dir, 'mine.txt')), 'the file inside is moved')
    })
  })

  describe('folder markers and keys that are both a file and a folder', () => {
    before(async () => {
      const {bucket, storage} = fixture
      for (const [key, body] of Object.entries({
        'mk/folder/': '', 'mk/folder/f.txt': 'f', 'mk/empty-folder/': '', 'mk/bad/': 'not empty', 'mk/a': 'file a', 'mk/a-x': 'a-x', 'mk/a/b': 'clash', 'mk/a/': '',
      })) await put(storage, bucket, key, body)
    })

    const expectTree = (out: string) => {
      assert.equal(readFileSync(path.join(out, 'folder', 'f.txt'), 'utf8'), 'f')
      assert.ok(statSync(path.join(out, 'empty-folder')).isDirectory())
      assert.ok(!existsSync(path.join(out, 'bad')), 'a non-empty key ending in / is not a file')
      assert.equal(readFileSync(path.join(out, 'a'), 'utf8'), 'file a')
      assert.equal(readFileSync(path.join(out, 'a-x'), 'utf8'), 'a-x')
    }

    it('get -r and sync: markers become folders, a non-empty "x/" and the "a/..." of a file "a" are skipped with a warning, whatever --files', async () => {
      const {bucket} = fixture
      for (const files of ['1', '32']) {
        const out = path.join(tempDir(), 'out')
        for (const run of [1, 2]) {
          const get = exitCode(await s3('object:get', '-r', `s3://${bucket}/mk/`, out, '--files', files), 0)
          expectTree(out)
          assert.match(get.stderr, /mk\/bad\/.*ends in "\/"/)
          assert.match(get.stderr, /mk\/a\/b.*the file .*a/)
          assert.doesNotMatch(get.stdout, /folder\/ to|empty-folder/, `run ${run}: nothing printed for markers`)
        }
        const syncOut = path.join(tempDir(), 'sync')
        for (const run of [1, 2]) {
          exitCode(await s3('object:sync', `s3://${bucket}/mk/`, syncOut, '--files', files), 0)
          expectTree(syncOut)
          assert.ok(run)
        }
      }
    })

    it('move -r down: markers become folders and are deleted after', async () => {
      const {bucket, storage} = fixture
      for (const [key, body] of Object.entries({'mk2/folder/': '', 'mk2/folder/f.txt': 'f', 'mk2/empty-folder/': ''})) await put(storage, bucket, key, body)
      const out = path.join(tempDir(), 'out')
      exitCode(await s3('object:move', '-r', `s3://${bucket}/mk2/`, out), 0)
      assert.equal(readFileSync(path.join(out, 'folder', 'f.txt'), 'utf8'), 'f')
      assert.ok(statSync(path.join(out, 'empty-folder')).isDirectory())
      assert.deepEqual(await keysUnder(storage, bucket, 'mk2/'), [])
    })
  })
})
