/**
 * The safeguards of configuration, credentials and plugins, through the built CLI against the
 * real server: a credential_process that hangs or prints garbage, a plugin that throws when
 * imported, a plugin folder with a broken package.json, HOME pointing at a file, an endpoint
 * with a path (a gateway) or with a query string, and an s3.yaml that is an alias bomb or
 * names Object's own properties. Each must end in one line with its exit code, promptly,
 * printing no secret and no internal object.
 */
import assert from 'node:assert/strict'
import {chmodSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {S3Name} from '../../src/lib/types.js'
import {FaultProxy} from '../support/fault-proxy.js'
import {bucketFixture, makeStorage, removeBuckets, runCli, tempDir, testServer, uniqueBucket, writeConfig} from '../support/fixtures.js'
import {cliEnv} from '../support/packing.js'
import type {TestServer} from '../support/server.js'

/** The lines of a stream's text (none for an empty one). */
function lines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n')
}

/** A HOME whose ~/.aws/config holds one profile `name` with these settings. */
function homeWithProfile(name: string, settings: Record<string, string>): string {
  const home = tempDir('s3-home-')
  mkdirSync(path.join(home, '.aws'))
  const body = Object.entries(settings).map(([key, value]) => `${key} = ${value}\n`).join('')
  writeFileSync(path.join(home, '.aws', 'config'), `[profile ${name}]\n${body}`, {mode: 0o600})
  return home
}

/** An executable shell script in a folder of its own. */
function script(text: string): string {
  const file = path.join(tempDir('s3-script-'), 'credentials.sh')
  writeFileSync(file, `#!/bin/sh\n${text}`)
  chmodSync(file, 0o700)
  return file
}

/** Whether process `pid` has ended (gone, or dead and waiting to be reaped: a zombie). */
function ended(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
  } catch {
    return true
  }
}

/** A minimal s3.yaml of the owner in `dir`, its text changed by `edit`. */
async function editedConfig(dir: string, edit: (yaml: string) => string): Promise<void> {
  const file = await writeConfig(dir)
  writeFileSync(file, edit(readFileSync(file, 'utf8')), {mode: 0o600})
}

describe('config, credential and plugin hardening (CLI)', function () {
  this.timeout(120_000)
  const fixture = bucketFixture('hard')
  let server: TestServer

  before(async () => {
    server = await testServer()
  })

  describe('credential_process of an AWS profile', () => {
    it('a command that never answers is stopped at S3_CREDENTIAL_PROCESS_TIMEOUT: one line, exit 3, the process gone', async () => {
      const pidFile = path.join(tempDir(), 'pid')
      // exec: the pid written is the sleeping process itself.
      const command = script(`echo $$ > "${pidFile}"\nexec sleep 1000\n`)
      const home = homeWithProfile('slow', {credential_process: command, endpoint_url: server.endpoint})
      let pid = 0
      try {
        const r = await runCli(['bucket:list', '--profile', 'slow'], {env: {HOME: home, S3_CREDENTIAL_PROCESS_TIMEOUT: '2'}, timeoutMs: 30_000})
        pid = Number(readFileSync(pidFile, 'utf8'))
        assert.equal(r.code, 3, r.stderr)
        assert.equal(r.stdout, '')
        assert.deepEqual(lines(r.stderr), ['s3: error: credential_process of profile slow did not answer within 2 s (the limit is S3_CREDENTIAL_PROCESS_TIMEOUT)'])
        // The kill is sent before the CLI exits; allow the kernel a moment to end the process.
        for (let i = 0; i < 20 && !ended(pid); i++) await sleep(100)
        assert.ok(ended(pid), `the credential_process (pid ${pid}) is still running`)
      } finally {
        if (pid && !ended(pid)) process.kill(pid, 'SIGKILL')
      }
    })

    it('a command that prints invalid JSON: one line naming the profile, exit 3, never what it printed', async () => {
      const secret = 'FAKE-SECRET-wJalrXUtnFEMI-do-not-print'
      const command = script(`printf '{"Version": 1, "AccessKeyId": "AKIAFAKE", "SecretAccessKey": "${secret}" oops'\n`)
      const home = homeWithProfile('garbled', {credential_process: command, endpoint_url: server.endpoint})
      const r = await runCli(['bucket:list', '--profile', 'garbled'], {env: {HOME: home}, timeoutMs: 30_000})
      assert.equal(r.code, 3, r.stderr)
      assert.equal(r.stderr, 's3: error: credential_process of profile garbled printed invalid JSON\n')
      assert.ok(!`${r.stdout}${r.stderr}`.includes('FAKE-SECRET'), 'the output of credential_process was printed')
    })

    it('a command that prints Version 1 credentials of the test user: the command works against the server', async () => {
      const document = JSON.stringify({Version: 1, AccessKeyId: server.owner.accessKeyId, SecretAccessKey: server.owner.secretAccessKey})
      const command = script(`printf '%s' '${document}'\n`)
      const home = homeWithProfile('good', {credential_process: command, endpoint_url: server.endpoint, region: server.region})
      const r = await runCli(['bucket:list', '--json', '--profile', 'good'], {env: {HOME: home}, timeoutMs: 30_000})
      assert.equal(r.code, 0, r.stderr)
      assert.equal(r.stderr, '')
      assert.ok((JSON.parse(r.stdout) as {name: string}[]).some((b) => b.name === fixture.bucket), r.stdout)
    })
  })

  describe('a linked plugin whose command throws when imported', () => {
    let env: NodeJS.ProcessEnv

    before(async () => {
      env = cliEnv(path.join(tempDir('s3-data-'), 'data'))
      // No manifest: oclif imports the plugin's commands as it loads, on every start.
      const dir = path.join(tempDir('s3-plugin-'), 's3-plugin-boom')
      mkdirSync(path.join(dir, 'commands', 'boom'), {recursive: true})
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
        name: 's3-plugin-boom', version: '0.0.1', type: 'module', oclif: {commands: './commands', topicSeparator: ':'},
      }))
      writeFileSync(path.join(dir, 'commands', 'boom', 'go.js'), 'throw new Error("boom at import: this plugin is broken")\n')
      const link = await runCli(['plugins:link', dir, '--no-install'], {env})
      assert.equal(link.code, 0, link.stderr)
    })

    it('costs built-in commands nothing on stderr (--version, bucket:list)', async () => {
      await assertQuietStart(env)
    })

    it('its own command fails in one line naming the plugin, exit 11', async () => {
      const r = await runCli(['boom:go'], {env})
      assert.equal(r.code, 11, r.stderr)
      assert.equal(r.stdout, '')
      assert.equal(lines(r.stderr).length, 1, r.stderr)
      assert.match(r.stderr, /^s3: error: plugin s3-plugin-boom failed to load: .*boom at import: this plugin is broken/)
    })

    it('`s3 plugins` lists it and warns in one line', async () => {
      const r = await runCli(['plugins'], {env})
      assert.equal(r.code, 0, r.stderr)
      assert.match(r.stdout, /s3-plugin-boom/)
      assert.equal(lines(r.stderr).length, 1, r.stderr)
      assert.match(r.stderr, /^s3: warning: plugin s3-plugin-boom failed to load: .*boom at import/)
    })
  })

  /** `--version` and a real command against RGW both succeed and print nothing on stderr. */
  async function assertQuietStart(env: NodeJS.ProcessEnv): Promise<void> {
    const version = await runCli(['--version'], {env})
    assert.equal(version.code, 0, version.stderr)
    assert.equal(version.stderr, '')
    const list = await runCli(['bucket:list', '--json'], {cwd: fixture.configDir, env})
    assert.equal(list.code, 0, list.stderr)
    assert.equal(list.stderr, '')
    assert.ok((JSON.parse(list.stdout) as {name: string}[]).some((b) => b.name === fixture.bucket))
  }

  it('plugins:link of a folder whose package.json is not JSON: one line, exit 2, no internal object', async () => {
    const env = cliEnv(path.join(tempDir('s3-data-'), 'data'))
    const dir = tempDir('s3-plugin-')
    writeFileSync(path.join(dir, 'package.json'), '{"name": "s3-plugin-bad",, "version": "0.0.1"}\n')
    const r = await runCli(['plugins:link', dir, '--no-install'], {env})
    assert.equal(r.code, 2, r.stderr)
    assert.equal(lines(r.stderr).length, 1, r.stderr)
    assert.ok(r.stderr.startsWith(`s3: error: cannot link ${dir}: its package.json is not valid JSON: `), r.stderr)
    assert.doesNotMatch(r.stderr, /isRoot|pjson|\{ /)
  })

  it('HOME pointing at a regular file: --version and a real command print no Node warning', async () => {
    const home = path.join(tempDir(), 'not-a-folder')
    writeFileSync(home, '')
    // oclif's folders follow HOME unless XDG_* says otherwise (undefined: not passed on).
    const env = {HOME: home, XDG_DATA_HOME: undefined, XDG_CACHE_HOME: undefined, XDG_CONFIG_HOME: undefined}
    await assertQuietStart(env)
  })

  describe('an endpoint with a path (a gateway at http://host/PREFIX)', () => {
    const proxy = new FaultProxy()
    // The gateway's prefix, forwarded as it is: the server takes it for a bucket of that name.
    const gateway = uniqueBucket('gw')
    let proxyEndpoint = ''

    before(async () => {
      proxyEndpoint = await proxy.start(server.endpoint)
      await fixture.storage.bucketCreate(gateway)
    })

    after(async () => {
      await proxy.stop()
      const storage = await makeStorage()
      await removeBuckets(storage, [gateway])
      storage.close()
    })

    it('puts the prefix first on every request line, and signs that path: the server accepts the signature', async () => {
      // RGW checks SigV4 over the path it receives. A proxy that strips the prefix makes every
      // signature wrong (the client signed /PREFIX/...), so the proxy forwards the path as it is:
      // RGW then verifies the very path the client sent, and files the object under bucket PREFIX.
      const key = 'dir/a b+c.txt'
      const env = {HOME: tempDir('s3-home-')}
      for (const endpoint of [`${proxyEndpoint}/${gateway}`, `${proxyEndpoint}/${gateway}/`]) {
        proxy.clear()
        const args = ['--endpoint-url', endpoint]
        const put = await runCli(['object:put', '-', `s3://${fixture.bucket}/${key}`, ...args], {cwd: fixture.configDir, env, input: `through ${endpoint}`})
        assert.equal(put.code, 0, put.stderr)
        assert.equal(put.stderr, '')
        const lines = proxy.seen.map((s) => `${s.method} ${s.url}`)
        assert.deepEqual(lines, [`PUT /${gateway}/${fixture.bucket}/dir/a%20b%2Bc.txt`])
        // What the server did with it: an object "BUCKET/KEY" in the bucket named like the prefix.
        const stored = path.join(tempDir(), 'stored')
        await fixture.storage.read(new S3Name(`${fixture.bucket}/${key}`, gateway), stored)
        assert.equal(readFileSync(stored, 'utf8'), `through ${endpoint}`)
        assert.equal((await fixture.storage.exists(new S3Name(key, fixture.bucket)))[0], false, 'the prefix was dropped')
        const get = await runCli(['object:get', `s3://${fixture.bucket}/${key}`, '-', ...args], {cwd: fixture.configDir, env})
        assert.equal(get.code, 0, get.stderr)
        assert.equal(get.stdout, `through ${endpoint}`)
        assert.equal(proxy.seen.at(-1)?.url, `/${gateway}/${fixture.bucket}/dir/a%20b%2Bc.txt`)
      }
    })

    it('an endpoint with a query string or a fragment is refused in one line: exit 2 for --endpoint-url, 3 in s3.yaml', async () => {
      for (const endpoint of [`${server.endpoint}/?x=1`, `${server.endpoint}#frag`]) {
        const flag = await runCli(['bucket:list', '--endpoint-url', endpoint], {cwd: fixture.configDir})
        assert.equal(flag.code, 2, `${endpoint}: ${flag.stderr}`)
        assert.equal(lines(flag.stderr).length, 1, flag.stderr)
        assert.match(flag.stderr, /^s3: error: .*invalid endpoint .*a query string or fragment \(\? or #\) has no place in an endpoint/)
        const cwd = tempDir()
        await editedConfig(cwd, (yaml) => yaml.replace(/^ {2}endpoint: .*$/m, `  endpoint: ${JSON.stringify(endpoint)}`))
        const file = await runCli(['bucket:list'], {cwd})
        assert.equal(file.code, 3, `${endpoint}: ${file.stderr}`)
        assert.equal(lines(file.stderr).length, 1, file.stderr)
        assert.match(file.stderr, /^s3: error: .*invalid endpoint .*has no place in an endpoint/)
      }
    })
  })

  describe('an s3.yaml that would exhaust or pollute', () => {
    it('an alias bomb is refused: one short line, exit 3', async () => {
      // Nine levels of nine references: a few hundred bytes that expand to 9^9 strings.
      const levels = ['  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
      for (let i = 1; i < 9; i++) levels.push(`  l${i}: &l${i} [${Array.from({length: 9}, () => `*l${i - 1}`).join(', ')}]`)
      const cwd = tempDir()
      await editedConfig(cwd, (yaml) => `bomb:\n${levels.join('\n')}\n${yaml}  default_bucket: *l8\n`)
      const r = await runCli(['bucket:list'], {cwd, timeoutMs: 60_000})
      assert.equal(r.code, 3, r.stderr.slice(0, 500))
      assert.equal(r.stdout, '')
      assert.ok(Buffer.byteLength(r.stderr) < 500, `${Buffer.byteLength(r.stderr)} bytes on stderr`)
      assert.equal(lines(r.stderr).length, 1, r.stderr)
      assert.match(r.stderr, /^s3: error: .*s3\.yaml: refused: more than 10000 values once its YAML aliases are expanded/)
    })

    for (const key of ['__proto__', 'constructor']) {
      it(`a key "${key}" under s3: is unknown: one line, exit 3`, async () => {
        const cwd = tempDir()
        await editedConfig(cwd, (yaml) => `${yaml}  ${key}: {"endpoint": "http://127.0.0.1:1"}\n`)
        const r = await runCli(['bucket:list'], {cwd})
        assert.equal(r.code, 3, r.stderr)
        assert.equal(r.stdout, '')
        assert.equal(lines(r.stderr).length, 1, r.stderr)
        assert.match(r.stderr, new RegExp(`^s3: error: .*s3\\.yaml: unknown key "${key}" \\(known: `))
      })
    }
  })
})
