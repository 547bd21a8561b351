/**
 * The library package (packages/lib) and the CLI package agree: the CLI depends on the
 * library at its own version (they are released together), and the library declares every
 * package src/lib imports, so an install of the library alone has all it loads.
 */
import assert from 'node:assert/strict'
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..')

interface PackageJson {
  name: string
  version: string
  engines: Record<string, string>
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

const readPackage = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson
const cli = readPackage(ROOT)
const lib = readPackage(path.join(ROOT, 'packages', 'lib'))

/** The packages named by the imports of src/lib (`node:` modules aside), e.g. `xml2js` for 'xml2js/lib/parser.js'. */
function packagesImportedBySrcLib(): Set<string> {
  const dir = path.join(ROOT, 'src', 'lib')
  const names = new Set<string>()
  for (const file of readdirSync(dir, {recursive: true, encoding: 'utf8'}).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(path.join(dir, file), 'utf8')
    for (const [, specifier] of text.matchAll(/(?:from|import\()\s*'([^'.][^']*)'/g)) {
      if (specifier.startsWith('node:')) continue
      names.add(specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'))
    }
  }
  return names
}

describe('library package', function () {
  it('is a dependency of the CLI package at its exact version, with the same engines', function () {
    assert.equal(cli.dependencies?.[lib.name], lib.version)
    assert.deepEqual(lib.engines, cli.engines)
  })

  it('declares every package src/lib imports (as a dependency, or an optional peer the CLI provides)', function () {
    const imported = [...packagesImportedBySrcLib()].sort()
    assert.ok(imported.includes('xml2js'), `found ${imported.join(' ')}`)
    const undeclared = imported.filter((name) => !lib.dependencies?.[name] && !lib.peerDependencies?.[name])
    assert.deepEqual(undeclared, [])
    for (const peer of Object.keys(lib.peerDependencies ?? {})) {
      assert.equal(cli.dependencies?.[peer], lib.peerDependencies?.[peer], `the CLI provides ${peer}`)
    }
  })
})
