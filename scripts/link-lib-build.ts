/**
 * Makes the CLI's build use the library package instead of a second copy of it.
 * `tsc` compiles src/lib into the CLI's dist/lib too (the commands import `../lib/x.js`);
 * this replaces each of those modules with one line re-exporting the same module of
 * `s3-connector-lib` (compiled from the same src/lib into packages/lib/dist). So the CLI,
 * its plugins and a project that imports `s3-connector-lib` share one copy: one
 * `StorageError` class for `instanceof`, and the library's dependencies declared in one place.
 *   tsx scripts/link-lib-build.ts DIST   # DIST: the CLI's fresh build (dist.tmp)
 */
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

const LIB_PACKAGE = 's3-connector-lib'
const ROOT = path.resolve(import.meta.dirname, '..')
const LIB_DIST = path.join(ROOT, 'packages', 'lib', 'dist')

function fail(message: string): never {
  console.error(`link-lib-build: ${message}`)
  process.exit(1)
}

/** Every file under `dir`, as paths relative to it with `/` separators. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
}

const dist = process.argv[2]
if (!dist) fail('usage: tsx scripts/link-lib-build.ts DIST')
const cliLib = path.resolve(dist, 'lib')
if (!existsSync(cliLib)) fail(`no ${cliLib}: run tsc first`)

let linked = 0
for (const file of filesUnder(cliLib)) {
  if (!file.endsWith('.js') && !file.endsWith('.d.ts')) continue
  const own = path.join(LIB_DIST, file)
  if (!existsSync(own)) fail(`${LIB_PACKAGE} has no dist/${file}: build it first (npm run build -w ${LIB_PACKAGE})`)
  // `export *` passes on every named export and type, never a default one.
  if (file.endsWith('.js') && /^export default /m.test(readFileSync(own, 'utf8'))) fail(`dist/${file} has a default export, which a re-export would lose`)
  writeFileSync(path.join(cliLib, file), `export * from '${LIB_PACKAGE}/dist/${file.replace(/\.d\.ts$/, '.js')}'\n`)
  linked++
}
if (!linked) fail(`nothing to link in ${cliLib}`)
