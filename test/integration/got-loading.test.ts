/**
 * got, the transport's HTTP client, is loaded only by commands that send a request: the
 * modules each run of the built CLI resolves are recorded by a module hook registered before
 * bin/run.js starts (it sees `import` and `require` alike).
 */
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {bucketFixture, outcomeOf, tempDir} from '../support/fixtures.js'
import {S3Name} from '../../src/lib/index.js'
import {ROOT} from '../support/server.js'

/** A preload that appends the URL of every module resolved to the file named by $LOADED_MODULES. */
const RECORDER = `import {registerHooks} from 'node:module'
import {appendFileSync} from 'node:fs'
registerHooks({resolve(specifier, context, next) {
  const resolved = next(specifier, context)
  appendFileSync(process.env.LOADED_MODULES, resolved.url + '\\n')
  return resolved
}})
`

/** At most this many library modules for one `object:get` (the inheritance chain of Storage loaded 40; 33 since downloads go in ranges: ranged-download.ts). */
const LIB_MODULES_FOR_GET = 33

describe('got loads only with the first request', function () {
  this.timeout(60_000)
  const fixture = bucketFixture('tg', (storage, bucket) => storage.write({content: 'hello'}, S3Name.parse(`s3://${bucket}/hello.txt`)))
  let recorder: string

  before(() => {
    recorder = path.join(tempDir('s3-recorder-'), 'record.mjs')
    writeFileSync(recorder, RECORDER)
  })

  /** Runs the CLI from the fixture's folder; the URL of every module it resolved. */
  async function modulesOf(...args: string[]): Promise<string[]> {
    const list = path.join(tempDir('s3-modules-'), 'modules.txt')
    writeFileSync(list, '')
    const child = spawn(process.execPath, ['--import', recorder, path.join(ROOT, 'bin', 'run.js'), ...args], {cwd: fixture.configDir, env: {...process.env, LOADED_MODULES: list}})
    const result = await outcomeOf(child)
    assert.equal(result.code, 0, result.stderr)
    const modules = readFileSync(list, 'utf8').split('\n').filter(Boolean)
    assert.ok(modules.some((url) => url.includes('/dist/app/main.js')), 'the recorder saw the CLI load')
    return modules
  }

  /** The modules of got's package a run resolved. */
  async function gotModulesOf(...args: string[]): Promise<string[]> {
    return (await modulesOf(...args)).filter((url) => url.includes('/node_modules/got/'))
  }

  it('--version, --help and config:show never load it', async () => {
    assert.deepEqual(await gotModulesOf('--version'), [])
    assert.deepEqual(await gotModulesOf('--help'), [])
    assert.deepEqual(await gotModulesOf('config:show'), [])
  })

  it('a command that sends a request does', async () => {
    assert.notDeepEqual(await gotModulesOf('bucket:list'), [])
  })

  it('object:get loads only the storage operations it uses', async () => {
    const target = path.join(tempDir('s3-get-'), 'hello.txt')
    const modules = await modulesOf('object:get', `s3://${fixture.bucket}/hello.txt`, target)
    assert.equal(readFileSync(target, 'utf8'), 'hello')
    // The project's own modules: the CLI's dist and the library package's (dist/lib links to it).
    const own = new Set(modules.filter((url) => url.startsWith('file:') && !url.includes('/node_modules/') && /\/dist\//.test(url)))
    const libOnly = new Set([...own].filter((url) => url.includes('/packages/lib/dist/')))
    console.log(`      object:get loaded ${own.size} project modules, ${libOnly.size} of them the library's`)
    assert.ok(libOnly.size <= LIB_MODULES_FOR_GET, `object:get loaded ${libOnly.size} library modules:\n${[...libOnly].join('\n')}`)
  })
})
