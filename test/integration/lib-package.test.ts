/**
 * The library package as a project that only wants the library gets it: `npm pack` of
 * packages/lib, `npm install <tarball>` into an empty project (dependencies from the npm cache
 * when it has them), then that project's own script using `Storage` against the test server.
 * The install must stay lean: none of the CLI's packages, and within the budget of issue 17.
 */
import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {bucketFixture, tempDir} from '../support/fixtures.js'
import {LIB_DIR, LIB_PKG, npmPack, run} from '../support/packing.js'

/** What a library-only install may weigh (issue 17): packages installed, and MB on disk. */
const MAX_PACKAGES = 40
const MAX_MB = 15

/** A script of the project's own, importing the library by its package name. */
const USE_STORAGE = `
import {readFileSync, writeFileSync} from 'node:fs'
import {loadConfig, S3Connection, S3Name, Storage} from '${LIB_PKG.name}'
const [configDir, bucket, work] = process.argv.slice(2)
const {options, credentials} = await loadConfig({cwd: configDir})
const storage = new Storage(new S3Connection(options, {credentials}))
writeFileSync(work + '/up.txt', 'lean library')
await storage.write(work + '/up.txt', new S3Name('lean.txt', bucket))
await storage.read(new S3Name('lean.txt', bucket), work + '/down.txt')
const names = []
for await (const b of storage.bucketList()) names.push(b.name)
console.log(JSON.stringify({body: readFileSync(work + '/down.txt', 'utf8'), listed: names.includes(bucket)}))
storage.close()
`

/** Asks for credentials with nothing configured, so only the AWS SDK's chain is left. */
const NO_CREDENTIALS = `
import {loadConfig} from '${LIB_PKG.name}'
const [home] = process.argv.slice(2)
try {
  const {credentials} = await loadConfig({cwd: home, env: {HOME: home}})
  await credentials()
  console.log('credentials found')
} catch (error) {
  console.log(error.name + ': ' + error.message)
}
`

describe('library package: installed alone into an empty project', function () {
  this.timeout(120_000)
  let project: string

  before(async function () {
    this.timeout(600_000)
    const tarball = await npmPack(LIB_DIR)
    project = tempDir('s3-lib-project-')
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({name: 'uses-s3-lib', version: '1.0.0', private: true, type: 'module'}))
    // --prefer-offline: dependencies come from the npm cache when it has them.
    await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {cwd: project, maxBuffer: 16 * 1024 * 1024})
    writeFileSync(path.join(project, 'use-storage.js'), USE_STORAGE)
    writeFileSync(path.join(project, 'no-credentials.js'), NO_CREDENTIALS)
  })

  it(`pulls none of the CLI's packages, and stays under ${MAX_PACKAGES} packages and ${MAX_MB} MB`, async () => {
    const ls = await run('npm', ['ls', '--all', '--parseable', '--loglevel=error'], {cwd: project, maxBuffer: 16 * 1024 * 1024})
    const installed = ls.stdout.split('\n').filter(Boolean).slice(1).map((dir) => {
      const parts = path.relative(project, dir).split(path.sep)
      const at = parts.lastIndexOf('node_modules')
      return parts.slice(at + 1).join('/')
    })
    assert.ok(installed.includes(LIB_PKG.name), ls.stdout)
    const cli = installed.filter((name) => name.startsWith('@oclif/') || ['s3-connector', 'oclif', 'npm', 'yarn'].includes(name))
    assert.deepEqual(cli, [])
    assert.ok(installed.length < MAX_PACKAGES, `${installed.length} packages: ${installed.join(' ')}`)
    const du = await run('du', ['-sk', path.join(project, 'node_modules')])
    const mb = Number(du.stdout.split('\t')[0]) / 1024
    assert.ok(mb < MAX_MB, `${mb.toFixed(1)} MB`)
  })

  it('loads from ESM and from CommonJS', async () => {
    const esm = await run(process.execPath, ['--input-type=module', '-e', `const m = await import('${LIB_PKG.name}'); console.log(typeof m.Storage, new m.S3Name('k', 'b').toString())`], {cwd: project})
    assert.equal(esm.stdout.trim(), 'function s3://b/k')
    const cjs = await run(process.execPath, ['-e', `const {Storage, ValueError} = require('${LIB_PKG.name}'); console.log(typeof Storage, new ValueError('x') instanceof Error)`], {cwd: project})
    assert.equal(cjs.stdout.trim(), 'function true')
  })

  describe('against the test server', () => {
    const fixture = bucketFixture('lib')

    it('runs a script of the project that uses Storage: upload, download, list', async () => {
      const out = await run(process.execPath, ['use-storage.js', fixture.configDir, fixture.bucket, tempDir()], {cwd: project})
      assert.deepEqual(JSON.parse(out.stdout), {body: 'lean library', listed: true})
    })
  })

  it('says in one line what to install when only the AWS SDK chain could find credentials', async () => {
    const out = await run(process.execPath, ['no-credentials.js', tempDir('s3-home-')], {cwd: project})
    const lines = out.stdout.trim().split('\n')
    assert.equal(lines.length, 1, out.stdout)
    assert.match(lines[0], /^ConfigError: no configuration found: .*@aws-sdk\/credential-provider-node is not installed: npm install @aws-sdk\/credential-provider-node /)
  })
})
