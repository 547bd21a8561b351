/**
 * sync --watch against RGW (the built CLI in a child): after the first sync, files created,
 * changed, moved in and deleted are sent as they happen (deletions with --delete, filters
 * applied, a file written in pieces sent once); with the network gone for a while (the fault
 * proxy resetting every upload), a change is kept and arrives once it is back; Ctrl-C ends it
 * with 130.
 */
import assert from 'node:assert/strict'
import type {ChildProcess} from 'node:child_process'
import {appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import type {Storage} from '../../src/lib/storage.js'
import {S3Key} from '../../src/lib/types.js'
import {bucketFixture, faultProxyFixture, outcomeOf, removeBuckets, spawnCli, tempDir, uniqueBucket} from '../support/fixtures.js'

/** The bucket's keys under `prefix` (relative) and their bodies. */
async function contents(storage: Storage, bucket: string, prefix: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for await (const item of storage.bucketListKeys(bucket, null, prefix)) {
    if (!(item instanceof S3Key)) continue
    out[item.key.slice(prefix.length)] = (await storage.connection.request({op: 'test', method: 'GET', bucket, key: item.key})).body.toString()
  }
  return out
}

/** Polls until `check` passes (it throws until then), or fails with its last error after `ms`. */
async function eventually(check: () => Promise<void>, ms = 45_000): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await sleep(300)
    }
  }
}

/** A `sync --watch` child, its stderr and stdout gathered as they come. */
function startWatch(args: string[], cwd: string): {child: ChildProcess; out: () => string; err: () => string; ended: ReturnType<typeof outcomeOf>} {
  const child = spawnCli(['sync', ...args, '--watch', '--watch-delay', '300'], {cwd})
  const out: string[] = []
  const err: string[] = []
  child.stdout!.on('data', (d: Buffer) => out.push(d.toString()))
  child.stderr!.on('data', (d: Buffer) => err.push(d.toString()))
  return {child, out: () => out.join(''), err: () => err.join(''), ended: outcomeOf(child, {timeoutMs: 300_000})}
}

async function watching(run: {err: () => string}): Promise<void> {
  await eventually(async () => assert.match(run.err(), /^s3: watching for changes/m, run.err()), 60_000)
}

describe('sync --watch', function () {
  this.timeout(180_000)

  describe('against RGW', function () {
    const fixture = bucketFixture('watch')

    it('sends what is created, changed, moved in and deleted (--delete), filters applied, a file written in pieces once; Ctrl-C: 130', async function () {
      const {bucket, storage} = fixture
      const dir = tempDir()
      writeFileSync(path.join(dir, 'a.txt'), 'a1')
      writeFileSync(path.join(dir, 'gone.txt'), 'bye')
      const run = startWatch([dir, `s3://${bucket}/w/`, '--delete', '--exclude', '*.tmp'], fixture.configDir)
      await watching(run)
      assert.deepEqual(await contents(storage, bucket, 'w/'), {'a.txt': 'a1', 'gone.txt': 'bye'}, 'the first sync')

      writeFileSync(path.join(dir, 'a.txt'), 'a2 changed')
      writeFileSync(path.join(dir, 'new.txt'), 'new')
      writeFileSync(path.join(dir, 'skip.tmp'), 'excluded')
      mkdirSync(path.join(dir, 'made', 'later'), {recursive: true})
      await sleep(200) // the folder is watched before its file is written
      writeFileSync(path.join(dir, 'made', 'later', 'deep.txt'), 'deep')
      const outside = tempDir()
      mkdirSync(path.join(outside, 'moved'))
      writeFileSync(path.join(outside, 'moved', 'in.txt'), 'moved in')
      renameSync(path.join(outside, 'moved'), path.join(dir, 'moved'))
      rmSync(path.join(dir, 'gone.txt'))
      for (let i = 0; i < 5; i++) { // written in pieces, each within the quiet time: sent once, whole
        appendFileSync(path.join(dir, 'slow.txt'), `${i}`)
        await sleep(100)
      }
      const expected = {'a.txt': 'a2 changed', 'new.txt': 'new', 'made/later/deep.txt': 'deep', 'moved/in.txt': 'moved in', 'slow.txt': '01234'}
      await eventually(async () => assert.deepEqual(await contents(storage, bucket, 'w/'), expected))

      run.child.kill('SIGINT')
      const ended = await run.ended
      assert.equal(ended.code, 130, ended.stderr)
      assert.match(ended.stderr, /^s3: watched: \d+ sent, 1 deleted/m)
      assert.equal(run.out().split('\n').filter((line) => line.startsWith('upload: ') && line.endsWith('/w/slow.txt')).length, 1, run.out())
      assert.match(run.out(), new RegExp(`^delete: s3://${bucket}/w/gone.txt$`, 'm'))
      assert.doesNotMatch(run.out(), /skip\.tmp/)
    })

    it('without --delete a deleted file keeps its key; --watch needs a local SOURCE', async function () {
      const {bucket, storage} = fixture
      const dir = tempDir()
      writeFileSync(path.join(dir, 'kept.txt'), 'kept')
      const run = startWatch([dir, `s3://${bucket}/keep/`], fixture.configDir)
      await watching(run)
      rmSync(path.join(dir, 'kept.txt'))
      writeFileSync(path.join(dir, 'after.txt'), 'after')
      await eventually(async () => assert.deepEqual(await contents(storage, bucket, 'keep/'), {'kept.txt': 'kept', 'after.txt': 'after'}))
      run.child.kill('SIGINT')
      assert.equal((await run.ended).code, 130)

      const wrong = startWatch([`s3://${bucket}/keep/`, tempDir()], fixture.configDir)
      const refused = await wrong.ended
      assert.equal(refused.code, 2)
      assert.match(refused.stderr, /^s3: error: --watch sends the changes of a local SOURCE folder to S3/)
    })
  })

  describe('through a network that goes away', function () {
    const fixture = faultProxyFixture({retry: {limit: 2, interval: 0.05}})
    const bucket = uniqueBucket('watchnet')
    after(() => removeBuckets(fixture.storage, [bucket]))

    it('a change made while every upload fails is kept, tried again, and arrives once the network is back', async function () {
      await fixture.storage.bucketCreate(bucket)
      const dir = tempDir()
      const run = startWatch([dir, `s3://${bucket}/n/`], fixture.configDir)
      await watching(run)
      fixture.proxy.inject({kind: 'reset'}, 10_000, (req) => req.method === 'PUT')
      writeFileSync(path.join(dir, 'late.txt'), 'arrives later')
      await eventually(async () => assert.match(run.err(), /late\.txt: .*; kept, trying again in \d+ s/, run.err()), 60_000)
      assert.deepEqual(await contents(fixture.storage, bucket, 'n/'), {}, 'nothing went through')
      fixture.proxy.clear() // the network is back
      await eventually(async () => assert.deepEqual(await contents(fixture.storage, bucket, 'n/'), {'late.txt': 'arrives later'}))
      run.child.kill('SIGINT')
      const ended = await run.ended
      assert.equal(ended.code, 130, ended.stderr)
      assert.match(run.out(), /^upload: .*late\.txt to s3:\/\/.*\/n\/late\.txt$/m)
    })
  })
})
