/**
 * The package as users get it: `npm pack` of this project and of the library package it
 * depends on, installed globally into a throw-away prefix (`npm install -g lib.tgz cli.tgz
 * --prefix ...`, other dependencies from the npm cache or registry), then the installed `s3`
 * run as a program: --version, --help, a real command against the test server, and a plugin
 * installed from its own tarball.
 */
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {existsSync, readdirSync, realpathSync} from 'node:fs'
import path from 'node:path'
import {bucketFixture, type CliResult, outcomeOf, tempDir} from '../support/fixtures.js'
import {cliEnv, LIB_PKG, packPlugin, packProject, PKG, pluginCheckout, run} from '../support/packing.js'
import {ROOT} from '../support/server.js'

interface PackFile {
  path: string
  size: number
}

/** Runs the globally installed `s3` with a clean AWS environment. */
function runInstalled(bin: string, args: string[], opts: {cwd?: string; env?: NodeJS.ProcessEnv} = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {...process.env, ...opts.env}
  for (const name of Object.keys(env)) if (name.startsWith('AWS_')) delete env[name]
  return outcomeOf(spawn(bin, args, {cwd: opts.cwd ?? tempDir(), env, stdio: ['ignore', 'pipe', 'pipe']}), {timeoutMs: 120_000})
}

describe('package: npm pack, global install, run', function () {
  this.timeout(120_000)
  let files: PackFile[]
  let prefix: string
  let bin: string
  let env: NodeJS.ProcessEnv

  before(async function () {
    this.timeout(600_000)
    const dry = await run('npm', ['pack', '--dry-run', '--ignore-scripts', '--json', '--loglevel=error'], {cwd: ROOT, maxBuffer: 16 * 1024 * 1024})
    files = (JSON.parse(dry.stdout) as Array<{files: PackFile[]}>)[0].files
    const tarballs = await packProject()
    prefix = path.join(tempDir('s3-prefix-'), 'global')
    // --prefer-offline: dependencies come from the npm cache when it has them.
    await run('npm', ['install', '--global', '--prefix', prefix, tarballs.lib, tarballs.cli, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {maxBuffer: 16 * 1024 * 1024})
    bin = path.join(prefix, 'bin', 's3')
    env = cliEnv(path.join(tempDir('s3-data-'), 'data'))
  })

  it('holds only what it needs: the build, the manifest, the bin script', () => {
    const paths = files.map((f) => f.path)
    for (const needed of ['package.json', 'bin/run.js', 'dist/index.js', 'dist/index.d.ts', 'dist/base-command.js', 'dist/plugin.js', 'oclif.manifest.json', 'LICENSE', 'README.md', 'CHANGELOG.md']) {
      assert.ok(paths.includes(needed), `missing ${needed}`)
    }
    const unwanted = paths.filter((p) => /^(src|test|examples|scripts|node_modules|\.)\//.test(p) || /(?<!\.d)\.ts$/.test(p) || p.endsWith('.tgz') || p === 'bin/dev.js')
    assert.deepEqual(unwanted, [])
  })

  it('installs a working `s3` that shows its version and help', async () => {
    assert.ok(existsSync(bin), `no ${bin}`)
    const version = await runInstalled(bin, ['--version'], {env})
    assert.equal(version.code, 0, version.stderr)
    assert.ok(version.stdout.startsWith(`${PKG.name}/${PKG.version} `), version.stdout)
    const help = await runInstalled(bin, ['--help'], {env})
    assert.equal(help.code, 0, help.stderr)
    assert.match(help.stdout, /^\s+bucket\s+Create, list, configure and delete buckets$/m)
    assert.equal(help.stderr, '')
    const installed = path.join(prefix, 'lib', 'node_modules', PKG.name)
    // Production dependencies only.
    for (const dev of ['typescript', 'mocha', 'oclif', 'tsx']) assert.ok(!existsSync(path.join(installed, 'node_modules', dev)), `${dev} was installed`)
  })

  it('loads as a library from ESM and from CommonJS (require, Node 20.19 and newer)', async () => {
    const modules = path.join(prefix, 'lib', 'node_modules')
    const esm = await run(process.execPath, ['--input-type=module', '-e', `const m = await import('${PKG.name}'); console.log(typeof m.Storage, new m.S3Name('k', 'b').toString())`],
      {env: {...process.env, NODE_PATH: modules}, cwd: path.join(modules, PKG.name)})
    assert.equal(esm.stdout.trim(), 'function s3://b/k')
    const cjs = await run(process.execPath, ['-e', `const {Storage, ValueError} = require('${PKG.name}'); console.log(typeof Storage, new ValueError('x') instanceof Error)`],
      {env: {...process.env, NODE_PATH: modules}})
    assert.equal(cjs.stdout.trim(), 'function true')
  })

  it('shares one copy of the library with the library package (one StorageError for instanceof)', async () => {
    const installed = path.join(prefix, 'lib', 'node_modules', PKG.name)
    const same = await run(process.execPath, ['--input-type=module', '-e',
      `const cli = await import('${PKG.name}'); const lib = await import('${LIB_PKG.name}'); console.log(cli.StorageError === lib.StorageError, cli.Storage === lib.Storage)`],
    {cwd: installed})
    assert.equal(same.stdout.trim(), 'true true')
  })

  describe('against the test server', () => {
    const fixture = bucketFixture('tk', (storage, bucket) => storage.connection.request({op: 'test', method: 'PUT', bucket, key: 'a/one', body: Buffer.alloc(300, 'x')}))
    const {bucket} = fixture

    it('runs bucket:list', async () => {
      const list = await runInstalled(bin, ['bucket:list', '--json'], {cwd: fixture.configDir, env})
      assert.equal(list.code, 0, list.stderr)
      const names = (JSON.parse(list.stdout) as Array<{name: string}>).map((b) => b.name)
      assert.ok(names.includes(bucket), list.stdout)
    })

    it('installs a plugin from a tarball, which runs against the installed CLI', async function () {
      this.timeout(300_000)
      const install = await runInstalled(bin, ['plugins:install', `file:${await packPlugin()}`], {env})
      assert.equal(install.code, 0, install.stderr)
      const link = path.join(String(env.S3_DATA_DIR), 'node_modules', PKG.name)
      assert.equal(realpathSync(link), realpathSync(path.join(prefix, 'lib', 'node_modules', PKG.name)))
      const du = await runInstalled(bin, ['bucket:usage', bucket, '--json'], {cwd: fixture.configDir, env})
      assert.equal(du.code, 0, du.stderr)
      assert.deepEqual(JSON.parse(du.stdout), {bucket, prefix: '', count: 1, size: 300})
      const gone = await runInstalled(bin, ['plugins:uninstall', 's3-plugin-du'], {env})
      assert.equal(gone.code, 0, gone.stderr)
      assert.deepEqual(readdirSync(path.join(String(env.S3_DATA_DIR), 'node_modules')).filter((n) => !n.startsWith('.')), [PKG.name])
    })

    it('links the example folder as a checkout holds it, which runs against the installed CLI', async () => {
      const dir = pluginCheckout()
      const linkEnv = cliEnv(path.join(tempDir('s3-data-'), 'data'))
      const link = await runInstalled(bin, ['plugins:link', dir], {env: linkEnv})
      assert.equal(link.code, 0, link.stderr)
      assert.doesNotMatch(link.stderr, /[Ww]arning/)
      assert.equal(realpathSync(path.join(dir, 'node_modules', PKG.name)), realpathSync(path.join(prefix, 'lib', 'node_modules', PKG.name)))
      const du = await runInstalled(bin, ['bucket:usage', bucket, '--json'], {cwd: fixture.configDir, env: linkEnv})
      assert.equal(du.code, 0, du.stderr)
      assert.deepEqual(JSON.parse(du.stdout), {bucket, prefix: '', count: 1, size: 300})
    })
  })
})
