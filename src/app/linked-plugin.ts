/**
 * What `s3 plugins:link DIR` needs besides oclif's link, so a plugin folder works as it is,
 * from a checkout of this repository or any other folder:
 * - Its code imports `s3-connector` (a peer dependency the CLI provides). From DIR, Node finds
 *   it only in DIR/node_modules or above, so DIR/node_modules/s3-connector is made a link to
 *   this CLI's folder (what `npm link s3-connector` does), unless DIR already has a copy of its
 *   own (installed by the author).
 * - oclif runs `npm install` in DIR only when DIR has a lockfile, and otherwise warns "No
 *   lockfile found" on every link: a plugin without one has nothing to install, so the link
 *   is made without asking (`--no-install`).
 */
import {existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync} from 'node:fs'
import path from 'node:path'

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml']

/** Makes DIR/node_modules/CLI_NAME a link to the CLI's folder when DIR's plugin needs it and has none of its own. */
export function provideHost(dir: string, cliName: string, cliRoot: string): void {
  const pjson = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {peerDependencies?: Record<string, string>; dependencies?: Record<string, string>; devDependencies?: Record<string, string>}
  if (!pjson.peerDependencies?.[cliName]) return
  const link = path.join(dir, 'node_modules', cliName)
  const current = lstatSync(link, {throwIfNoEntry: false})
  if (current && !current.isSymbolicLink()) return // the author's own install: theirs to keep
  if (current && sameFolder(path.resolve(path.dirname(link), readlinkSync(link)), cliRoot)) return
  if (current) rmSync(link) // a link to another copy of the CLI (or a dangling one): this CLI runs the plugin now
  mkdirSync(path.dirname(link), {recursive: true})
  symlinkSync(cliRoot, link, 'junction')
}

function sameFolder(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b)
  } catch {
    return false
  }
}

/** Does DIR have a lockfile, so that oclif's `npm install` after the link has something to do? */
export function hasLockfile(dir: string): boolean {
  return LOCKFILES.some((file) => existsSync(path.join(dir, file)))
}
