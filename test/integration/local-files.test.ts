/**
 * The CLI and the local file system: downloads into devices and FIFOs (written through, never
 * replaced by a file), long file names, paths that cannot be written, and stdout that cannot
 * be written (a full disk: one line, exit 8; a reader gone away: a quiet 0).
 */
import assert from 'node:assert/strict'
import {type ChildProcess, execFileSync, spawn} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {closeSync, lstatSync, openSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {S3Name} from '../../src/lib/types.js'
import {bucketFixture, runCli, spawnCli, tempDir} from '../support/fixtures.js'

const MiB = 1024 * 1024
const DATA = randomBytes(3 * MiB + 17)

/** One line on stderr, starting `s3: error:`, and no stack trace. */
function assertOneErrorLine(stderr: string, pattern?: RegExp): void {
  const lines = stderr.trim().split('\n')
  assert.equal(lines.length, 1, `one line on stderr, got:\n${stderr}`)
  assert.match(lines[0], /^s3: error: /)
  if (pattern) assert.match(lines[0], pattern)
}

/** Exit code and stderr of a child whose stdout the test gave it. */
function finished(child: ChildProcess): Promise<{code: number | null; stderr: string}> {
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  return new Promise((resolve) => child.on('close', (code) => resolve({code, stderr})))
}

describe('local files (CLI)', function () {
  const fixture = bucketFixture('local', async (storage, bucket) => {
    const file = path.join(tempDir(), 'data.bin')
    writeFileSync(file, DATA)
    await storage.write(file, new S3Name('data.bin', bucket))
  })
  const cli = (args: string[]) => runCli([...args, '--bucket', fixture.bucket], {cwd: fixture.configDir})
  let fifoWrittenThrough = false

  it('writes into a FIFO through the pipe, leaving it a FIFO', async function () {
    const dir = tempDir()
    const fifo = path.join(dir, 'pipe')
    execFileSync('mkfifo', [fifo])
    const reader = spawn('cat', [fifo])
    const received: Buffer[] = []
    reader.stdout.on('data', (d) => received.push(d))
    const readerDone = new Promise((resolve) => reader.on('close', resolve))
    try {
      const r = await cli(['get', 'data.bin', fifo])
      assert.equal(r.code, 0, r.stderr)
      await Promise.race([readerDone, new Promise((resolve) => setTimeout(resolve, 5000))])
    } finally {
      reader.kill()
    }
    assert.ok(lstatSync(fifo).isFIFO(), 'still a FIFO')
    assert.ok(Buffer.concat(received).equals(DATA), `the reader got the object's bytes (${Buffer.concat(received).length} of ${DATA.length})`)
    assert.deepEqual(readdirSync(dir), ['pipe'], 'no temp file')
    fifoWrittenThrough = true
  })

  it('writes into /dev/null, leaving it a character device', async function () {
    if (!fifoWrittenThrough) this.skip() // a wrong fix would replace /dev/null for the whole machine
    const r = await cli(['get', 'data.bin', '/dev/null'])
    assert.equal(r.code, 0, r.stderr)
    assert.ok(lstatSync('/dev/null').isCharacterDevice(), 'still a character device')
    assert.deepEqual(readdirSync('/dev').filter((n) => n.includes('s3tmp')), [])
  })

  it('downloads to a 245-byte file name (ASCII and UTF-8)', async function () {
    const dir = tempDir()
    for (const name of ['a'.repeat(245), 'é'.repeat(122) + 'a']) {
      assert.equal(Buffer.byteLength(name), 245)
      const r = await cli(['get', 'data.bin', path.join(dir, name)])
      assert.equal(r.code, 0, r.stderr)
      assert.ok(readFileSync(path.join(dir, name)).equals(DATA))
    }
    assert.equal(readdirSync(dir).length, 2, 'no temp file left')
  })

  it('answers a path under a missing folder or under a file with exit 8 and one line', async function () {
    const dir = tempDir()
    writeFileSync(path.join(dir, 'file'), 'x')
    for (const [target, code] of [[path.join(dir, 'missing', 'x.bin'), 'ENOENT'], [path.join(dir, 'file', 'x.bin'), 'ENOTDIR']]) {
      const r = await cli(['get', 'data.bin', target])
      assert.equal(r.code, 8, r.stderr)
      assertOneErrorLine(r.stderr, new RegExp(code))
      assert.ok(!r.stderr.includes('s3tmp'), 'the line names the target, not the temp file')
    }
    assert.deepEqual(readdirSync(dir), ['file'])
  })

  it('answers a full disk under stdout with exit 8 and one line, for downloads and listings', async function () {
    for (const args of [['get', 'data.bin', '-'], ['list']]) {
      const full = openSync('/dev/full', 'w')
      try {
        const child = spawnCli([...args, '--bucket', fixture.bucket], {cwd: fixture.configDir, stdio: ['ignore', full, 'pipe']})
        const r = await finished(child)
        assert.equal(r.code, 8, `${args.join(' ')}: ${r.stderr}`)
        assertOneErrorLine(r.stderr, /ENOSPC/)
      } finally {
        closeSync(full)
      }
    }
  })

  it('ends quietly with 0 when the reader of stdout goes away (| head)', async function () {
    const child = spawnCli(['get', 'data.bin', '-', '--bucket', fixture.bucket], {cwd: fixture.configDir})
    child.stdout!.once('data', () => child.stdout!.destroy())
    const r = await finished(child)
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stderr, '')
  })
})
