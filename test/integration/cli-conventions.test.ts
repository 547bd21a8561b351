/**
 * The command-line forms users bring, run through the built CLI: the original tool's global
 * options before the command, -h for help everywhere, oclif's space-separated commands
 * (`s3 object put f k`, `s3 plugins link DIR`), and oclif's own errors (plugins:*, help) in
 * the one-line `s3: error:` form with our exit codes.
 */
import assert from 'node:assert/strict'
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {Readable} from 'node:stream'
import {S3Name} from '../../src/lib/types.js'
import {bucketFixture, removeBuckets, runCli, tempDir, uniqueBucket, writeConfig} from '../support/fixtures.js'
import {cliEnv, pluginWorkspace} from '../support/packing.js'

/** The one line oclif-owned errors must come down to: no ` ›   Error:` box, no help dump, no stack. */
function assertOneErrorLine(stderr: string, pattern: RegExp): void {
  const last = stderr.trimEnd().split('\n').at(-1) ?? ''
  assert.match(last, pattern, stderr)
  assert.doesNotMatch(stderr, /›|Error:|USAGE|^\s+at /m, stderr)
}

describe('CLI conventions: the original\'s order, -h, spaces, oclif\'s errors', function () {
  this.timeout(120_000)
  const fixture = bucketFixture('tconv', (storage, bucket) => storage.write(Readable.from([Buffer.from('hello')]), new S3Name('greeting.txt', bucket)))
  /** A config with default_bucket, in a folder of its own (not the one the CLI runs in). */
  let config: string
  let file: string

  before(async () => {
    config = await writeConfig(tempDir(), {default_bucket: fixture.bucket})
    file = path.join(tempDir(), 'example.txt')
    writeFileSync(file, 'uploaded through a convention\n')
  })

  async function content(key: string): Promise<string> {
    const local = path.join(tempDir(), 'check')
    await fixture.storage.read(new S3Name(key, fixture.bucket), local)
    return readFileSync(local, 'utf8')
  }

  describe('global options before the command', () => {
    it('--config PATH put: the file lands where that config says', async () => {
      const put = await runCli(['--config', config, 'put', file, 'before/config.txt'])
      assert.equal(put.code, 0, put.stderr)
      assert.equal(await content('before/config.txt'), 'uploaded through a convention\n')
    })

    it('-c, -b and -v before get, as the original\'s README writes them', async () => {
      const out = path.join(tempDir(), 'got.txt')
      const other = await writeConfig(tempDir()) // no default bucket: -b names it
      const get = await runCli(['-c', other, '-b', fixture.bucket, '-v', 'get', 'greeting.txt', out])
      assert.equal(get.code, 0, get.stderr)
      assert.equal(readFileSync(out, 'utf8'), 'hello')
      assert.equal(get.stdout, `created file ${out} from S3 ${fixture.bucket}/greeting.txt\n`, '-v took effect')
    })

    it('-v list, --json bucket:list, -o ndjson list, and the = and attached forms', async () => {
      const cwd = path.dirname(config)
      const list = await runCli(['-v', 'list'], {cwd})
      assert.equal(list.code, 0, list.stderr)
      assert.match(list.stdout, /greeting\.txt/)
      const buckets = await runCli(['--json', 'bucket:list'], {cwd})
      assert.equal(buckets.code, 0, buckets.stderr)
      assert.ok((JSON.parse(buckets.stdout) as Array<{name: string}>).some((b) => b.name === fixture.bucket), buckets.stdout)
      const ndjson = await runCli(['-o', 'ndjson', 'list'], {cwd})
      assert.equal(ndjson.code, 0, ndjson.stderr)
      const keys = ndjson.stdout.trim().split('\n').map((l) => (JSON.parse(l) as {key: string}).key)
      assert.ok(keys.includes('greeting.txt'), ndjson.stdout)
      for (const form of [[`--config=${config}`], [`-c${config}`], ['-vc', config]]) {
        const result = await runCli([...form, 'object:exists', 'greeting.txt'])
        assert.equal(result.code, 0, `${form.join(' ')}: ${result.stderr}`)
      }
    })

    it('an unknown option before the command is still an error, not moved', async () => {
      const result = await runCli(['--bogus', 'list'])
      assert.equal(result.code, 2)
      assert.equal(result.stdout, '')
      assert.match(result.stderr, /^s3: error: command "--bogus" not found/)
    })
  })

  describe('-h is help everywhere', () => {
    it('s3 -h, s3 put -h, s3 object:put -h, s3 object put -h', async () => {
      const root = await runCli(['-h'])
      assert.equal(root.code, 0, root.stderr)
      assert.match(root.stdout, /^USAGE\n\s+\$ s3 \[-h\] \[-c CONFIG\] \[-v\] \[-b BUCKET\] .*COMMAND \[ARGS\]\.\.\.$/m)
      for (const args of [['put', '-h'], ['object:put', '-h'], ['object', 'put', '-h'], ['-v', 'put', '-h'], ['help', 'object', 'put']]) {
        const help = await runCli(args)
        assert.equal(help.code, 0, `${args.join(' ')}: ${help.stderr}`)
        assert.match(help.stdout, /^Upload a file \(or stdin\) to S3$/m, args.join(' '))
        assert.match(help.stdout, /\$ s3 (object:)?put LOCAL \[REMOTE\]/, args.join(' '))
      }
    })
  })

  describe('commands named with spaces', () => {
    it('s3 object put f k uploads, like object:put', async () => {
      const put = await runCli(['object', 'put', file, 'spaced/put.txt', '--config', config])
      assert.equal(put.code, 0, put.stderr)
      assert.equal(await content('spaced/put.txt'), 'uploaded through a convention\n')
      const before = await runCli(['-c', config, 'object', 'put', file, 'spaced/before.txt'])
      assert.equal(before.code, 0, before.stderr)
      assert.equal(await content('spaced/before.txt'), 'uploaded through a convention\n')
      const between = await runCli(['object', '-c', config, 'put', file, 'spaced/between.txt'])
      assert.equal(between.code, 0, between.stderr)
      assert.equal(await content('spaced/between.txt'), 'uploaded through a convention\n')
    })

    it('s3 bucket create b and s3 bucket delete b', async () => {
      const bucket = uniqueBucket('tconv-new')
      try {
        const create = await runCli(['bucket', 'create', bucket, '-c', config])
        assert.equal(create.code, 0, create.stderr)
        assert.equal(await fixture.storage.bucketExists(bucket), true)
        const remove = await runCli(['bucket', 'delete', bucket, '-c', config])
        assert.equal(remove.code, 0, remove.stderr)
        assert.equal(await fixture.storage.bucketExists(bucket), false)
      } finally {
        await removeBuckets(fixture.storage, [bucket])
      }
    })

    it('a topic then a word that is no command: exit 2 and the nearest command, nothing uploaded', async () => {
      const typo = await runCli(['object', 'pt', file, 'spaced/typo.txt', '-c', config])
      assert.equal(typo.code, 2)
      assert.equal(typo.stdout, '')
      assert.equal(typo.stderr, 's3: error: command "object pt" not found; did you mean "s3 object put"?\n')
      assert.equal((await fixture.storage.exists(new S3Name('spaced/typo.txt', fixture.bucket)))[0], false)
      const colon = await runCli(['object:pt'])
      assert.equal(colon.stderr, 's3: error: command "object:pt" not found; did you mean "s3 object:put"?\n')
    })

    it('a topic alone still shows its help, exit 0', async () => {
      const topic = await runCli(['object'])
      assert.equal(topic.code, 0, topic.stderr)
      assert.match(topic.stdout, /object:put\s+Upload a file/)
    })
  })

  describe('plugins commands, with spaces, and their errors', () => {
    let env: NodeJS.ProcessEnv

    before(() => {
      env = cliEnv(path.join(tempDir('s3-data-'), 'data'))
    })

    it('s3 plugins link DIR, then the plugin\'s command with spaces, then s3 plugins uninstall', async () => {
      const link = await runCli(['plugins', 'link', pluginWorkspace(), '--no-install'], {env})
      assert.equal(link.code, 0, link.stderr)
      const du = await runCli(['bucket', 'usage', fixture.bucket, '--prefix', 'greeting', '--json', '-c', config], {env})
      assert.equal(du.code, 0, du.stderr)
      assert.deepEqual(JSON.parse(du.stdout), {bucket: fixture.bucket, prefix: 'greeting', count: 1, size: 5})
      const before = await runCli(['--json', '-c', config, 'bucket', 'usage', fixture.bucket, '--prefix', 'greeting'], {env})
      assert.equal(before.code, 0, before.stderr)
      assert.deepEqual(JSON.parse(before.stdout), JSON.parse(du.stdout))
      const gone = await runCli(['plugins', 'uninstall', 's3-plugin-du'], {env})
      assert.equal(gone.code, 0, gone.stderr)
      const after = await runCli(['bucket', 'usage', fixture.bucket], {env})
      assert.equal(after.code, 2)
      assert.match(after.stderr, /^s3: error: command "bucket usage" not found/)
    })

    it('plugins install of a package that is not there: one line, exit 2', async () => {
      const missing = path.join(tempDir(), 'no-such-plugin.tgz')
      const install = await runCli(['plugins', 'install', `file:${missing}`], {env, timeoutMs: 110_000})
      assert.equal(install.code, 2)
      assertOneErrorLine(install.stderr, /^s3: error: .*exited with code \d+$/)
    })

    it('plugins uninstall of an unknown plugin, unknown flags, missing arguments: one line, exit 2', async () => {
      const cases: Array<[string[], string]> = [
        [['plugins', 'uninstall', 'no-such-plugin'], 's3: error: no-such-plugin is not installed\n'],
        [['plugins:uninstall', 'no-such-plugin'], 's3: error: no-such-plugin is not installed\n'],
        [['plugins', '--bogus'], 's3: error: Nonexistent flag: --bogus\n'],
        [['plugins', 'install', '--bogus', 'x'], 's3: error: Nonexistent flag: --bogus\n'],
        [['plugins', 'instal', 'x'], 's3: error: command "plugins instal" not found; did you mean "s3 plugins install"?\n'],
        [['help', 'nosuch'], 's3: error: Command nosuch not found.\n'],
      ]
      for (const [args, stderr] of cases) {
        const result = await runCli(args, {env})
        assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`)
        assert.equal(result.stderr, stderr, args.join(' '))
        assert.equal(result.stdout, '', args.join(' '))
      }
      const missingArg = await runCli(['plugins', 'install'], {env})
      assert.equal(missingArg.code, 2)
      assertOneErrorLine(missingArg.stderr, /^s3: error: Missing 1 required arg/)
      assert.equal(missingArg.stderr.split('\n').length, 2, missingArg.stderr)
    })
  })
})
