/**
 * The CLI as users extend and explore it: the example plugin (examples/s3-plugin-du, which
 * nothing in src/ knows about) linked from a folder and installed from an `npm pack`ed
 * tarball into a throw-away data dir, then run against the test server; the
 * command_not_found suggestion; help and its examples; completion; --version.
 */
import assert from 'node:assert/strict'
import {existsSync, lstatSync, readFileSync, realpathSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import type {Storage} from '../../src/lib/storage.js'
import {bucketFixture, runCli, tempDir, uniqueBucket} from '../support/fixtures.js'
import {cliEnv, packPlugin, PKG, pluginCheckout, run} from '../support/packing.js'
import {ROOT} from '../support/server.js'

/** Objects put for the plugin to measure: two under logs/, one elsewhere. */
const OBJECTS: Record<string, number> = {'logs/a.log': 1000, 'logs/2024/b.log': 2500, 'data/c.bin': 4096}

async function putObjects(storage: Storage, bucket: string): Promise<void> {
  for (const [key, size] of Object.entries(OBJECTS)) {
    await storage.connection.request({op: 'test', method: 'PUT', bucket, key, body: Buffer.alloc(size, 'x')})
  }
}

function totals(prefix: string): {count: number; size: number} {
  const sizes = Object.entries(OBJECTS).filter(([key]) => key.startsWith(prefix)).map(([, size]) => size)
  return {count: sizes.length, size: sizes.reduce((a, b) => a + b, 0)}
}

describe('plugins: the example bucket:usage plugin', function () {
  this.timeout(180_000)
  const fixture = bucketFixture('tp', putObjects)
  const {bucket} = fixture

  /** Runs bucket:usage as a user would, from the folder holding s3.yaml; parses --json. */
  async function du(env: NodeJS.ProcessEnv, ...args: string[]) {
    const result = await runCli(['bucket:usage', bucket, '--json', ...args], {cwd: fixture.configDir, env})
    assert.equal(result.code, 0, result.stderr)
    return JSON.parse(result.stdout) as {bucket: string; prefix: string; count: number; size: number}
  }

  describe('linked from a folder as a checkout holds it (plugins:link)', () => {
    let env: NodeJS.ProcessEnv
    let dir: string

    before(async () => {
      env = cliEnv(path.join(tempDir('s3-data-'), 'data'))
      dir = pluginCheckout() // no node_modules: nothing but the example's own files
      const link = await runCli(['plugins:link', dir], {env})
      assert.equal(link.code, 0, link.stderr)
      assert.doesNotMatch(link.stderr, /[Ww]arning|lockfile/, 'a plugin without a lockfile links without a warning')
    })

    it('can import s3-connector: the link gives the folder this CLI\'s own copy', async () => {
      const provided = path.join(dir, 'node_modules', PKG.name)
      assert.ok(lstatSync(provided).isSymbolicLink())
      assert.equal(realpathSync(provided), realpathSync(ROOT))
      const plain = await runCli(['bucket:list'], {cwd: fixture.configDir, env})
      assert.equal(plain.code, 0, plain.stderr)
      assert.equal(plain.stderr, '', 'no MODULE_NOT_FOUND warning on other commands')
    })

    it('is listed by `s3 plugins`', async () => {
      const list = await runCli(['plugins', '--json'], {env})
      assert.equal(list.code, 0, list.stderr)
      const plugins = JSON.parse(list.stdout) as Array<{name: string; type: string}>
      assert.ok(plugins.some((p) => p.name === 's3-plugin-du' && p.type === 'link'), list.stdout)
    })

    it('measures the whole bucket and a prefix, in JSON', async () => {
      assert.deepEqual(await du(env), {bucket, prefix: '', ...totals('')})
      assert.deepEqual(await du(env, '--prefix', 'logs/'), {bucket, prefix: 'logs/', ...totals('logs/')})
      assert.deepEqual(await du(env, '--prefix', 'nothing/'), {bucket, prefix: 'nothing/', count: 0, size: 0})
    })

    it('has the global flags, text output and exit codes of built-in commands', async () => {
      const text = await runCli(['bucket:usage', '-b', bucket, '--prefix', 'logs/', '--human'], {cwd: fixture.configDir, env})
      assert.equal(text.code, 0, text.stderr)
      assert.equal(text.stdout, `3.4KiB\t2\ts3://${bucket}/logs/\n`)
      const yaml = await runCli(['bucket:usage', bucket, '-o', 'yaml'], {cwd: fixture.configDir, env})
      assert.match(yaml.stdout, /^count: 3$/m)
      const missing = await runCli(['bucket:usage', uniqueBucket('gone')], {cwd: fixture.configDir, env})
      assert.equal(missing.code, 4)
      assert.match(missing.stderr, /^s3: error: .*NoSuchBucket/)
      assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr)
      const noConfig = await runCli(['bucket:usage', bucket], {cwd: tempDir(), env})
      assert.equal(noConfig.code, 3, noConfig.stderr)
    })

    it('hears the s3:object-uploaded event; a failing listener only warns', async () => {
      const {Config} = await import('@oclif/core')
      const {emitObjectUploaded, OBJECT_UPLOADED} = await import('../../src/cli/events.js')
      const log = path.join(tempDir(), 'uploads.ndjson')
      const saved = {...process.env}
      Object.assign(process.env, env, {S3_UPLOAD_LOG: log})
      try {
        const config = await Config.load(ROOT)
        assert.ok(config.plugins.get('s3-plugin-du')?.hooks[OBJECT_UPLOADED], 'the linked plugin registers no listener')
        await emitObjectUploaded(config, {bucket, key: 'k', size: 3, eTag: '"e"', source: '-', commandId: 'object:put'})
        assert.deepEqual(JSON.parse(readFileSync(log, 'utf8')), {bucket, key: 'k', size: 3, eTag: '"e"', source: '-', commandId: 'object:put'})
        process.env.S3_UPLOAD_LOG = path.join(log, 'not-a-folder', 'x') // the listener's appendFile fails
        const warnings: string[] = []
        const write = process.stderr.write
        process.stderr.write = ((chunk: string) => {
          warnings.push(String(chunk))
          return true
        }) as typeof process.stderr.write
        try {
          await emitObjectUploaded(config, {bucket, key: 'k'})
        } finally {
          process.stderr.write = write
        }
        assert.equal(warnings.length, 1)
        assert.match(warnings[0], /^s3: warning: s3-plugin-du s3:object-uploaded hook failed: ENOTDIR/)
      } finally {
        for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
        Object.assign(process.env, saved)
      }
    })

    it('runs a command added after `oclif manifest`: a linked folder is read as it is, never from its manifest', async () => {
      await run(process.execPath, [path.join(ROOT, 'node_modules', 'oclif', 'bin', 'run.js'), 'manifest'], {cwd: dir})
      assert.ok(existsSync(path.join(dir, 'oclif.manifest.json')))
      writeFileSync(path.join(dir, 'commands', 'bucket', 'hello.js'), [
        "import {S3Command} from 's3-connector/plugin'",
        'export default class Hello extends S3Command {',
        "  static summary = 'Says hello'",
        "  async run() { process.stdout.write('hello\\n') }",
        '}',
      ].join('\n'))
      const hello = await runCli(['bucket:hello'], {env})
      assert.equal(hello.code, 0, hello.stderr)
      assert.equal(hello.stdout, 'hello\n')
    })

    it('goes away with plugins:uninstall', async () => {
      const gone = await runCli(['plugins:uninstall', 's3-plugin-du'], {env})
      assert.equal(gone.code, 0, gone.stderr)
      const after = await runCli(['bucket:usage', bucket], {cwd: fixture.configDir, env})
      assert.equal(after.code, 2)
      assert.match(after.stderr, /command "bucket:usage" not found/)
    })
  })

  describe('installed from a packed tarball (plugins:install)', () => {
    let env: NodeJS.ProcessEnv
    let dataDir: string

    before(async function () {
      this.timeout(300_000)
      dataDir = path.join(tempDir('s3-data-'), 'data')
      env = cliEnv(dataDir)
      const tarball = await packPlugin()
      const install = await runCli(['plugins:install', `file:${tarball}`], {env, timeoutMs: 240_000})
      assert.equal(install.code, 0, install.stderr)
      assert.doesNotMatch(install.stderr, /Warning/, install.stderr)
    })

    it('runs against the CLI\'s own s3-connector, linked into the data dir', async () => {
      const link = path.join(dataDir, 'node_modules', PKG.name)
      assert.ok(lstatSync(link).isSymbolicLink())
      assert.equal(realpathSync(link), realpathSync(ROOT))
      // No second copy of oclif or the library came from the registry.
      assert.ok(!existsSync(path.join(dataDir, 'node_modules', '@oclif')))
    })

    it('is listed as a user plugin and measures the bucket in JSON', async () => {
      const list = await runCli(['plugins', '--json'], {env})
      const plugins = JSON.parse(list.stdout) as Array<{name: string; type: string; version: string}>
      assert.ok(plugins.some((p) => p.name === 's3-plugin-du' && p.type === 'user' && p.version === '0.1.0'), list.stdout)
      assert.deepEqual(await du(env, '--prefix', 'logs/2024/'), {bucket, prefix: 'logs/2024/', ...totals('logs/2024/')})
      assert.deepEqual(await du(env), {bucket, prefix: '', ...totals('')})
    })

    it('shows in the command list and has its own help with examples', async () => {
      const help = await runCli(['bucket:usage', '--help'], {env})
      assert.equal(help.code, 0, help.stderr)
      assert.match(help.stdout, /EXAMPLES\n\s+\$ s3 bucket:usage my-bucket\n/)
      assert.match(help.stdout, /GLOBAL FLAGS/)
      const topic = await runCli(['bucket', '--help'], {env})
      assert.match(topic.stdout, /bucket:usage\s+Total size and number of objects under a prefix/)
    })

    it('goes away with plugins:uninstall', async () => {
      const gone = await runCli(['plugins:uninstall', 's3-plugin-du'], {env})
      assert.equal(gone.code, 0, gone.stderr)
      assert.ok(!existsSync(path.join(dataDir, 'node_modules', 's3-plugin-du')))
      const list = await runCli(['plugins', '--json'], {env})
      const plugins = JSON.parse(list.stdout) as Array<{name: string}>
      assert.ok(!plugins.some((p) => p.name === 's3-plugin-du'), list.stdout)
    })
  })
})

describe('plugins: install from a local path as typed (plugins:install ./x.tgz, ./dir)', function () {
  this.timeout(180_000)
  const fixture = bucketFixture('tl', putObjects)
  const {bucket} = fixture

  it('installs a tarball given by a relative or an absolute path at once, not as a GitHub repository', async () => {
    const tarball = await packPlugin()
    for (const typed of [`./${path.basename(tarball)}`, tarball]) {
      const env = cliEnv(path.join(tempDir('s3-data-'), 'data'))
      const started = Date.now()
      const install = await runCli(['plugins', 'install', typed], {cwd: path.dirname(tarball), env, timeoutMs: 120_000})
      assert.equal(install.code, 0, `${typed}: ${install.stderr}`)
      assert.doesNotMatch(install.stderr, /github/i)
      assert.ok(Date.now() - started < 60_000, `${typed}: ${Date.now() - started} ms`)
      const du = await runCli(['bucket:usage', bucket, '--json'], {cwd: fixture.configDir, env})
      assert.equal(du.code, 0, du.stderr)
      assert.deepEqual(JSON.parse(du.stdout), {bucket, prefix: '', ...totals('')})
    }
  })

  it('installs a folder given as ./dir', async () => {
    const dir = pluginCheckout()
    const env = cliEnv(path.join(tempDir('s3-data-'), 'data'))
    const install = await runCli(['plugins:install', './s3-plugin-du'], {cwd: path.dirname(dir), env, timeoutMs: 120_000})
    assert.equal(install.code, 0, install.stderr)
    const du = await runCli(['bucket:usage', bucket, '--json', '--prefix', 'logs/'], {cwd: fixture.configDir, env})
    assert.equal(du.code, 0, du.stderr)
    assert.deepEqual(JSON.parse(du.stdout), {bucket, prefix: 'logs/', ...totals('logs/')})
  })

  it('refuses a path that does not exist, in one line, exit 2, before npm runs', async () => {
    const env = cliEnv(path.join(tempDir('s3-data-'), 'data'))
    const cwd = tempDir()
    const missing = await runCli(['plugins:install', './nothing-here.tgz'], {cwd, env})
    assert.equal(missing.code, 2)
    assert.equal(missing.stderr, `s3: error: cannot install ./nothing-here.tgz: no such file or folder (${path.join(realpathSync(cwd), 'nothing-here.tgz')})\n`)
  })
})

describe('CLI: help, suggestions, completion, version', function () {
  this.timeout(60_000)
  const env = cliEnv(path.join(tempDir('s3-data-'), 'data'))

  it('suggests the nearest command on a typo, in one line, with exit code 2', async () => {
    const typo = await runCli(['bucket:lsit'], {env})
    assert.equal(typo.code, 2)
    assert.equal(typo.stdout, '')
    assert.equal(typo.stderr, 's3: error: command "bucket:lsit" not found; did you mean "s3 bucket:list"?\n')
    const alias = await runCli(['list-bucket'], {env})
    assert.match(alias.stderr, /did you mean "s3 list-buckets"\?\n$/)
    const nothing = await runCli(['zzzzzzzzzz'], {env})
    assert.equal(nothing.code, 2)
    assert.equal(nothing.stderr, 's3: error: command "zzzzzzzzzz" not found; run "s3 --help" for the list of commands\n')
  })

  it('--version names the package and its version', async () => {
    const version = await runCli(['--version'], {env})
    assert.equal(version.code, 0)
    assert.ok(version.stdout.startsWith(`${PKG.name}/${PKG.version} `), version.stdout)
  })

  it('--help lists the topics with their descriptions', async () => {
    const help = await runCli(['--help'], {env})
    assert.equal(help.code, 0, help.stderr)
    assert.match(help.stdout, /^\s+bucket\s+Create, list, configure and delete buckets$/m)
    assert.match(help.stdout, /^\s+object\s+\S.*$/m)
    assert.match(help.stdout, /^\s+autocomplete\s/m)
    assert.match(help.stdout, /^\s+plugins\s/m)
  })

  it('every command has examples, and each runs real commands with flags they have', async () => {
    type Entry = {id: string; aliases: string[]; hidden?: boolean; examples?: Array<string | {command: string}>; flags: Record<string, {char?: string; allowNo?: boolean}>}
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, Entry>}
    const byName = new Map<string, Entry>()
    for (const command of Object.values(manifest.commands)) for (const name of [command.id, ...command.aliases]) byName.set(name, command)
    const problems: string[] = []
    for (const command of Object.values(manifest.commands)) {
      if (command.hidden) continue
      const examples = (command.examples ?? []).map((e) => (typeof e === 'string' ? e : e.command))
      if (examples.length === 0) problems.push(`${command.id}: no examples`)
      for (const example of examples) {
        const rendered = example.replaceAll('<%= config.bin %>', 's3').replaceAll('<%= command.id %>', command.id)
        // Each simple command of the shell line: split at pipes, lists and $( ), drop `if`...
        const calls = rendered.split(/\|\||&&|[|;]|\$\(|\)/)
          .map((part) => part.trim().replace(/^((if|then|else|!)\s+)+/, '').split(/\s+/))
          .filter((words) => words[0] === 's3')
        if (!calls.some((words) => byName.get(words[1]) === command)) problems.push(`${command.id}: example does not run it: ${rendered}`)
        for (const words of calls) {
          const called = byName.get(words[1])
          if (!called) {
            problems.push(`${command.id}: example runs an unknown command: ${rendered}`)
            continue
          }
          const flags = new Set(Object.entries(called.flags).flatMap(([name, f]) => [`--${name}`, ...(f.allowNo ? [`--no-${name}`] : []), ...(f.char ? [`-${f.char}`] : [])]))
          for (const word of words.slice(2)) {
            if (/^[<>]/.test(word)) break // a redirection: the rest is not arguments
            const flag = word.split('=')[0]
            if (/^(-[a-zA-Z]|--[a-zA-Z][\w-]*)$/.test(flag) && !flags.has(flag)) problems.push(`${command.id}: ${words[1]} has no flag ${flag}: ${rendered}`)
          }
        }
      }
    }
    assert.deepEqual(problems, [])
  })

  it('rendered help shows the examples as runnable lines', async () => {
    const help = await runCli(['bucket:list', '--help'], {env})
    assert.match(help.stdout, /EXAMPLES\n\s+\$ s3 bucket:list\n/)
  })

  it('completes commands and flags in bash; writes zsh and powershell scripts', async () => {
    const setup = await runCli(['autocomplete', 'bash'], {env})
    assert.equal(setup.code, 0, setup.stderr)
    assert.match(setup.stdout, /s3 autocomplete:script bash/)
    const script = await runCli(['autocomplete:script', 'bash'], {env})
    assert.match(script.stdout, /S3_AC_BASH_SETUP_PATH=.*autocomplete\/bash_setup/)
    const functions = path.join(String(env.S3_CACHE_DIR), 'autocomplete', 'functions', 'bash', 's3.bash')
    // The two helpers come from the bash-completion package; stubs are enough here.
    const complete = async (...words: string[]) => {
      const shell = `_get_comp_words_by_ref() { :; }; __ltrim_colon_completions() { :; }; source "${functions}"
        COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _s3_autocomplete; echo "\${COMPREPLY[@]}"`
      return (await run('bash', ['-c', shell])).stdout.trim().split(/\s+/)
    }
    const ids = await complete('s3', 'bucket:li')
    assert.ok(ids.includes('bucket:list') && ids.every((id) => id.startsWith('bucket:li')), ids.join(' '))
    assert.deepEqual(await complete('s3', 'bucket:list', '--js'), ['--json'])
    for (const shell of ['zsh', 'powershell']) {
      const result = await runCli(['autocomplete:script', shell], {env})
      assert.equal(result.code, 0, `${shell}: ${result.stderr}`)
      assert.match(result.stdout, /autocomplete/, shell)
    }
  })
})
