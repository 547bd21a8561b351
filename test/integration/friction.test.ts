/**
 * The friction of issue 22 (built CLI against RGW): `put DIR` hints -r, sync and move take
 * BUCKET/KEY opposite a local path, a missing argument is one line with the usage (every command),
 * presign --expires takes durations, put's Expires header flag says what it is, a dry run's
 * totals add up, and -q leaves errors only.
 */
import assert from 'node:assert/strict'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {COMMANDS} from '../../src/commands/index.js'
import {S3Name} from '../../src/lib/types.js'
import {bucketFixture, runCli, tempDir} from '../support/fixtures.js'

/** A folder `tree` holding a/f.txt (8 bytes), in a fresh folder that has the fixture's s3.yaml. */
function treeIn(configDir: string): string {
  const cwd = tempDir()
  writeFileSync(path.join(cwd, 's3.yaml'), readFileSync(path.join(configDir, 's3.yaml')), {mode: 0o600})
  mkdirSync(path.join(cwd, 'tree', 'a'), {recursive: true})
  writeFileSync(path.join(cwd, 'tree', 'a', 'f.txt'), '1234567\n')
  return cwd
}

describe('the friction of issue 22', function () {
  const fixture = bucketFixture('friction')
  const text = async (key: string) => (await fixture.storage.connection.request({op: 'test', method: 'GET', bucket: fixture.bucket, key})).body.toString()
  const put = (key: string, body: string) => fixture.storage.connection.request({op: 'test', method: 'PUT', bucket: fixture.bucket, key, body: Buffer.from(body)})

  it('put DIR without -r says to use -r (or sync), exit 2', async function () {
    const cwd = treeIn(fixture.configDir)
    const r = await runCli(['put', 'tree', `s3://${fixture.bucket}/x/`], {cwd})
    assert.equal(r.code, 2, r.stderr)
    assert.equal(r.stderr, 's3: error: tree is a folder: use -r (or sync) to upload it\n')
  })

  it('sync takes BUCKET/PREFIX opposite a local folder, both ways; neither side local is refused', async function () {
    const cwd = treeIn(fixture.configDir)
    const up = await runCli(['sync', 'tree', `${fixture.bucket}/sub/`], {cwd})
    assert.equal(up.code, 0, up.stderr)
    assert.equal(up.stdout, `upload: tree/a/f.txt to s3://${fixture.bucket}/sub/a/f.txt\n`)
    assert.equal(await text('sub/a/f.txt'), '1234567\n')
    const down = await runCli(['sync', `${fixture.bucket}/sub/`, './back'], {cwd})
    assert.equal(down.code, 0, down.stderr)
    assert.equal(readFileSync(path.join(cwd, 'back', 'a', 'f.txt'), 'utf8'), '1234567\n')
    const neither = await runCli(['sync', `${fixture.bucket}/sub/`, 'elsewhere'], {cwd})
    assert.equal(neither.code, 2)
    assert.match(neither.stderr, /^s3: error: neither ".*" nor "elsewhere" is a local path: write the S3 side as s3:\/\/BUCKET\/PREFIX/)
  })

  it('move takes BUCKET/KEY opposite a local file, and move -r BUCKET/PREFIX opposite a folder', async function () {
    const cwd = treeIn(fixture.configDir)
    const one = await runCli(['mv', 'tree/a/f.txt', `${fixture.bucket}/moved/f.txt`], {cwd})
    assert.equal(one.code, 0, one.stderr)
    assert.equal(existsSync(path.join(cwd, 'tree', 'a', 'f.txt')), false)
    assert.equal(await text('moved/f.txt'), '1234567\n')
    const back = await runCli(['mv', '-r', `${fixture.bucket}/moved/`, './tree/b'], {cwd})
    assert.equal(back.code, 0, back.stderr)
    assert.equal(readFileSync(path.join(cwd, 'tree', 'b', 'f.txt'), 'utf8'), '1234567\n')
  })

  it('a missing argument is one line with the usage, exit 2, for every command that requires one', async function () {
    this.timeout(300_000)
    const cwd = tempDir()
    const needing = Object.entries(COMMANDS).filter(([, command]) => Object.values(command.args ?? {}).some((arg) => arg.required))
    assert.ok(needing.length >= 10, `${needing.length} commands with required arguments`)
    for (let i = 0; i < needing.length; i += 4) {
      await Promise.all(needing.slice(i, i + 4).map(async ([id, command]) => {
        const r = await runCli([id], {cwd})
        const required = Object.entries(command.args ?? {}).filter(([, arg]) => arg.required).map(([name]) => name.toUpperCase())
        assert.equal(r.code, 2, `${id}: ${r.stderr}`)
        assert.equal(r.stderr.split('\n').length, 2, `${id}: one line: ${r.stderr}`)
        assert.ok(r.stderr.startsWith(`s3: error: missing ${required[0]}`), `${id}: ${r.stderr}`)
        assert.ok(r.stderr.includes(`. Usage: s3 ${id.replaceAll(':', ' ')} `), `${id}: ${r.stderr}`)
        assert.doesNotMatch(r.stderr, /Note:|allow multiple/, id)
      }))
    }
    const sync = await runCli(['sync', 'tree', '--include', '*.txt'], {cwd})
    assert.equal(sync.stderr, 's3: error: missing DESTINATION. Usage: s3 sync SOURCE DESTINATION [FLAGS]\n')
    assert.equal(sync.code, 2)
  })

  it('presign --expires takes seconds or durations up to 7 days; the URL works', async function () {
    await put('p.txt', 'signed')
    for (const [given, seconds] of [['3600', 3600], ['90m', 5400], ['1h', 3600], ['7d', 604_800]] as const) {
      const r = await runCli(['object:presign', `s3://${fixture.bucket}/p.txt`, '--expires', given, '-o', 'json'], {cwd: fixture.configDir})
      assert.equal(r.code, 0, r.stderr)
      const {url, expiresAt} = JSON.parse(r.stdout) as {url: string; expiresAt: string}
      assert.equal(new URL(url).searchParams.get('X-Amz-Expires'), String(seconds), given)
      assert.ok(Math.abs(Date.parse(expiresAt) - Date.now() - seconds * 1000) < 60_000, given)
      if (given === '1h') assert.equal(await (await fetch(url)).text(), 'signed')
    }
    for (const bad of ['8d', '0', '1.5h']) {
      const r = await runCli(['object:presign', `s3://${fixture.bucket}/p.txt`, '--expires', bad], {cwd: fixture.configDir})
      assert.equal(r.code, 2, bad)
      assert.match(r.stderr, /^s3: error: --expires ".*": /, bad)
    }
  })

  it('put --expires (or --expires-header) sets the object\'s Expires header, and its help says so', async function () {
    const file = path.join(tempDir(), 'e.txt')
    writeFileSync(file, 'e')
    const r = await runCli(['put', file, `s3://${fixture.bucket}/e.txt`, '--expires-header', '2030-01-01T00:00:00Z'], {cwd: fixture.configDir})
    assert.equal(r.code, 0, r.stderr)
    const head = await fixture.storage.head(new S3Name('e.txt', fixture.bucket))
    assert.equal(head.headers.expires, 'Tue, 01 Jan 2030 00:00:00 GMT')
    const help = await runCli(['put', '--help'])
    assert.match(help.stdout.replace(/\s+/g, ' '), /--expires=DATE the object's Expires header, served with it to caches: an HTTP date or ISO date/)
  })

  it('a dry run\'s totals add up: the bytes it would send, deletes counted apart', async function () {
    const cwd = treeIn(fixture.configDir)
    await put('dry/extra', 'extra')
    const r = await runCli(['sync', 'tree', `s3://${fixture.bucket}/dry/`, '--delete', '--dry-run'], {cwd})
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stderr, /^s3: planned: 1 file, 8 B in \d+\.\d s, 1 deleted\n$/)
  })

  it('-q: errors only (no line per file, no summary); --json records unchanged', async function () {
    const cwd = treeIn(fixture.configDir)
    const quiet = await runCli(['-q', 'sync', 'tree', `s3://${fixture.bucket}/q/`], {cwd})
    assert.equal(quiet.code, 0, quiet.stderr)
    assert.deepEqual([quiet.stdout, quiet.stderr], ['', ''])
    const json = await runCli(['sync', 'tree', `s3://${fixture.bucket}/q2/`, '--quiet', '-o', 'ndjson'], {cwd})
    assert.equal(json.stderr, '')
    assert.deepEqual(JSON.parse(json.stdout), {action: 'upload', source: 'tree/a/f.txt', destination: `s3://${fixture.bucket}/q2/a/f.txt`, size: 8})
    const failing = await runCli(['-q', 'sync', 'tree', 's3://no-such-bucket-friction/x/'], {cwd})
    assert.notEqual(failing.code, 0)
    assert.match(failing.stderr, /^s3: (error|failed): /m, 'errors still shown')
    assert.doesNotMatch(failing.stderr, /^s3: done: /m)
  })
})
