/** The package's npm metadata: where it lives, its changelog, what packing builds, which Node it needs. */
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {ROOT} from '../support/server.js'

interface PackageJson {
  version: string
  repository?: {type: string; url: string}
  homepage?: string
  bugs?: {url: string}
  files: string[]
  scripts: Record<string, string>
  engines: {node: string}
  dependencies: Record<string, string>
}

const semver = createRequire(import.meta.url)('semver') as {satisfies(v: string, r: string): boolean; subset(a: string, b: string): boolean}
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as PackageJson
const PKG = read(path.join(ROOT, 'package.json'))

describe('package.json: npm habits', () => {
  // The project has no public repository address yet: the three fields come together or not at all,
  // never an address made up for the sake of the fields.
  it('names its repository, home page and issue tracker together, on one repository, or none of them', () => {
    if (!PKG.repository && !PKG.homepage && !PKG.bugs) return
    assert.equal(PKG.repository?.type, 'git')
    const repo = /^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\.git$/.exec(PKG.repository.url)?.[1]
    assert.ok(repo, PKG.repository.url)
    assert.equal(PKG.homepage, `${repo}#readme`)
    assert.equal(PKG.bugs?.url, `${repo}/issues`)
  })

  it('ships a CHANGELOG.md that has a section for this version', () => {
    assert.ok(PKG.files.includes('CHANGELOG.md'))
    const changelog = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')
    assert.match(changelog, new RegExp(`^## ${PKG.version.replaceAll('.', '\\.')}$`, 'm'))
  })

  it('builds what it packs before packing (prepack), and packs the build', () => {
    assert.equal(PKG.scripts.prepack, 'npm run build')
    assert.match(PKG.scripts.build, /\btsc\b.*&& oclif manifest$/)
    assert.ok(PKG.files.includes('dist') && PKG.files.includes('oclif.manifest.json'))
    assert.ok(!('prepare' in PKG.scripts), 'no prepare: npm would run it when the CLI is linked into a plugin data dir')
  })

  it('engines says exactly which Node bin/run.js runs on', function () {
    this.timeout(60_000)
    for (const version of ['20.20.2', '22.17.0', '22.18.0', '22.23.0', '23.11.0', '24.0.0', '26.1.0']) {
      const pretend = `data:text/javascript,Object.defineProperty(process.versions,"node",{value:"${version}"})`
      const result = spawnSync(process.execPath, ['--import', pretend, path.join(ROOT, 'bin', 'run.js'), '--version'], {encoding: 'utf8'})
      assert.equal(result.status === 0, semver.satisfies(version, PKG.engines.node), `${version}: ${result.stderr}`)
    }
  })

  it('engines promises no Node that a runtime dependency refuses', () => {
    for (const name of Object.keys(PKG.dependencies)) {
      const file = path.join(ROOT, 'node_modules', name, 'package.json')
      if (!existsSync(file)) continue
      const needs = read(file).engines?.node
      if (needs) assert.ok(semver.subset(PKG.engines.node, needs), `${name} needs Node ${needs}; engines says ${PKG.engines.node}`)
    }
  })
})
