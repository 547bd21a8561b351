import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {ROOT} from '../../support/server.js'

/** bin/run.js run by this Node, told (before run.js starts) that it is Node `version`. */
function runAs(version: string, args: string[]) {
  const pretend = `data:text/javascript,Object.defineProperty(process.versions,"node",{value:"${version}"})`
  return spawnSync(process.execPath, ['--import', pretend, path.join(ROOT, 'bin', 'run.js'), ...args], {encoding: 'utf8'})
}

describe('bin/run.js on an unsupported Node', () => {
  it('refuses Node 20 and 22.17 in one line, exit 1, before the CLI loads', () => {
    for (const version of ['20.20.2', '22.17.0']) {
      const result = runAs(version, ['--version'])
      assert.equal(result.status, 1, version)
      assert.equal(result.stdout, '', 'the CLI never ran')
      assert.equal(result.stderr, `s3 needs Node.js 22.18 or newer; this is ${version}\n`)
    }
  })

  it('refuses Node 23, which the dependencies do not support', () => {
    const result = runAs('23.11.0', ['--version'])
    assert.equal(result.status, 1)
    assert.match(result.stderr, /^s3 needs Node\.js 22\.18 or newer \(23 is not supported: use 22\.18\+ or 24\+\); this is 23\.11\.0\n$/)
  })

  it('runs on 22.18 and on 24 and newer', () => {
    for (const version of ['22.18.0', '24.0.0', '26.1.0']) {
      const result = runAs(version, ['--version'])
      assert.equal(result.status, 0, `${version}: ${result.stderr}`)
      assert.match(result.stdout, /^s3-connector\//)
    }
  })
})
