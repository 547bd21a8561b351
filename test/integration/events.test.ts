/**
 * The plugin events of every command that writes, against RGW: a test plugin, linked into a
 * throw-away data dir, listens to s3:object-uploaded, s3:object-deleted and s3:request-retried
 * and appends what it hears to a file. Single and batch commands alike must fire them.
 */
import assert from 'node:assert/strict'
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {bucketFixture, faultProxyFixture, runCli, tempDir} from '../support/fixtures.js'
import {cliEnv} from '../support/packing.js'

const EVENTS = {uploaded: 's3:object-uploaded', deleted: 's3:object-deleted', retried: 's3:request-retried'} as const

/** A plugin with one hook per event, each appending `{event, ...options}` as a line of S3_EVENT_LOG. */
function eventPlugin(): string {
  const dir = path.join(tempDir('s3-events-'), 's3-plugin-events')
  mkdirSync(path.join(dir, 'hooks'), {recursive: true})
  const hooks: Record<string, string> = {}
  for (const [name, event] of Object.entries(EVENTS)) {
    hooks[event] = `./hooks/${name}.js`
    writeFileSync(path.join(dir, 'hooks', `${name}.js`), `import {appendFileSync} from 'node:fs'
export default async function (options) {
  const {config: _config, context: _context, ...event} = options
  appendFileSync(process.env.S3_EVENT_LOG, JSON.stringify({event: ${JSON.stringify(event)}, ...event}) + '\\n')
}
`)
  }
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({name: 's3-plugin-events', version: '0.0.1', type: 'module', oclif: {hooks}}))
  return dir
}

type Heard = {event: string; bucket?: string; key?: string; source?: string; commandId?: string; size?: number; op?: string; code?: string; attempt?: number}

describe('plugin events: every store, delete and retry, single and batch commands alike', function () {
  this.timeout(180_000)
  const fixture = bucketFixture('ev')
  const proxied = faultProxyFixture({retry: {limit: 3, interval: 0.05}})
  let env: NodeJS.ProcessEnv
  let log: string
  let files: string

  before(async () => {
    env = cliEnv(path.join(tempDir('s3-data-'), 'data'))
    const link = await runCli(['plugins:link', eventPlugin(), '--no-install'], {env})
    assert.equal(link.code, 0, link.stderr)
    files = tempDir('s3-events-files-')
    writeFileSync(path.join(files, 'one.txt'), 'one\n')
    mkdirSync(path.join(files, 'tree', 'sub'), {recursive: true})
    writeFileSync(path.join(files, 'tree', 'a.txt'), 'a\n')
    writeFileSync(path.join(files, 'tree', 'sub', 'b.txt'), 'bb\n')
    log = path.join(tempDir(), 'events.ndjson')
  })

  /** Runs the CLI from the bucket's config folder (or `cwd`) and answers the events it fired. */
  async function heard(args: string[], cwd = fixture.configDir): Promise<Heard[]> {
    rmSync(log, {force: true})
    const result = await runCli(args, {cwd, env: {...env, S3_EVENT_LOG: log}})
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`)
    if (!existsSync(log)) return []
    return readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Heard)
  }

  const keysOf = (events: Heard[], event: string) => events.filter((e) => e.event === event).map((e) => e.key).sort()

  it('object:put fires s3:object-uploaded with the size, ETag, source and command', async () => {
    const file = path.join(files, 'one.txt')
    const events = await heard(['object:put', file, `s3://${fixture.bucket}/one.txt`])
    assert.equal(events.length, 1, JSON.stringify(events))
    const [uploaded] = events
    assert.equal(uploaded.event, EVENTS.uploaded)
    assert.deepEqual({...uploaded, eTag: undefined}, {event: EVENTS.uploaded, bucket: fixture.bucket, key: 'one.txt', size: 4, source: file, commandId: 'object:put', eTag: undefined})
    assert.match(String((uploaded as {eTag?: string}).eTag), /^"[0-9a-f]{32}"$/)
  })

  it('object:put -r fires it for every file', async () => {
    const events = await heard(['object:put', '-r', path.join(files, 'tree'), `s3://${fixture.bucket}/tree/`])
    assert.deepEqual(keysOf(events, EVENTS.uploaded), ['tree/a.txt', 'tree/sub/b.txt'])
    assert.ok(events.every((e) => e.commandId === 'object:put'))
  })

  it('object:copy fires it with the source object', async () => {
    const events = await heard(['object:copy', `s3://${fixture.bucket}/one.txt`, `s3://${fixture.bucket}/copied.txt`])
    assert.equal(events.length, 1, JSON.stringify(events))
    assert.deepEqual([events[0].event, events[0].key, events[0].source, events[0].commandId],
      [EVENTS.uploaded, 'copied.txt', `s3://${fixture.bucket}/one.txt`, 'object:copy'])
  })

  it('object:update-metadata fires it (the object is stored anew)', async () => {
    const events = await heard(['object:update-metadata', `s3://${fixture.bucket}/copied.txt`, '--meta', 'state=done'])
    assert.deepEqual(keysOf(events, EVENTS.uploaded), ['copied.txt'])
  })

  it('object:sync --delete fires s3:object-uploaded for what it sends and s3:object-deleted for what it removes', async () => {
    const synced = tempDir('s3-events-sync-')
    writeFileSync(path.join(synced, 'kept.txt'), 'kept\n')
    writeFileSync(path.join(synced, 'gone.txt'), 'gone\n')
    await heard(['object:sync', synced, `s3://${fixture.bucket}/sync/`])
    rmSync(path.join(synced, 'gone.txt'))
    writeFileSync(path.join(synced, 'new.txt'), 'new\n')
    const events = await heard(['object:sync', synced, `s3://${fixture.bucket}/sync/`, '--delete'])
    assert.deepEqual(keysOf(events, EVENTS.uploaded), ['sync/new.txt'])
    assert.deepEqual(keysOf(events, EVENTS.deleted), ['sync/gone.txt'])
    assert.ok(events.every((e) => e.commandId === 'object:sync'))
  })

  it('object:move fires both: the copy stored, the source deleted', async () => {
    const events = await heard(['object:move', `s3://${fixture.bucket}/copied.txt`, `s3://${fixture.bucket}/moved.txt`])
    assert.deepEqual(keysOf(events, EVENTS.uploaded), ['moved.txt'])
    assert.deepEqual(keysOf(events, EVENTS.deleted), ['copied.txt'])
  })

  it('object:move -r from local files fires s3:object-uploaded for each', async () => {
    const moving = tempDir('s3-events-move-')
    writeFileSync(path.join(moving, 'm1.txt'), 'm1\n')
    writeFileSync(path.join(moving, 'm2.txt'), 'm2\n')
    const events = await heard(['object:move', '-r', moving, `s3://${fixture.bucket}/moved/`])
    assert.deepEqual(keysOf(events, EVENTS.uploaded), ['moved/m1.txt', 'moved/m2.txt'])
  })

  it('object:delete fires s3:object-deleted for one key, and -r for every key under the prefix', async () => {
    const one = await heard(['object:delete', `s3://${fixture.bucket}/moved.txt`])
    assert.deepEqual(one.map((e) => [e.event, e.bucket, e.key, e.commandId]), [[EVENTS.deleted, fixture.bucket, 'moved.txt', 'object:delete']])
    const tree = await heard(['object:delete', '-r', `s3://${fixture.bucket}/tree/`])
    assert.deepEqual(keysOf(tree, EVENTS.deleted), ['tree/a.txt', 'tree/sub/b.txt'])
  })

  it('a request tried again fires s3:request-retried, then the store its own event', async () => {
    proxied.proxy.inject({kind: 'status', status: 503, code: 'SlowDown'}, 1, (req) => req.method === 'PUT')
    const events = await heard(['object:put', path.join(files, 'one.txt'), `s3://${fixture.bucket}/retried.txt`], proxied.configDir)
    assert.deepEqual(events.map((e) => e.event), [EVENTS.retried, EVENTS.uploaded])
    const [retried] = events
    assert.deepEqual([retried.op, retried.code, retried.attempt, retried.key, retried.commandId], ['write', 'SlowDown', 1, 'retried.txt', 'object:put'])
  })
})
