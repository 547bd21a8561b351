/**
 * Plugins installed with `s3 plugins install` live in the data dir (`S3_DATA_DIR`, default
 * ~/.local/share/s3), outside this CLI's folder, so Node cannot find `s3-connector` from
 * them. Plugins declare it as a peerDependency, and the data dir's package.json depends on
 * this CLI's own folder through a `file:` link: npm then links it into the data dir's
 * node_modules (a folder outside the project gets no install of its own), satisfies the peer
 * without asking the registry (the package is not published there), refuses a plugin whose
 * peer range excludes this version, and keeps the link on every later install. Plugin code
 * runs against the very modules the CLI runs: one S3Command class, one oclif (plugins take
 * Args and Flags from `s3-connector/plugin`, not from an @oclif/core of their own).
 * Only this CLI is linked: npm runs the `prepare` script of a linked folder, and the CLI has
 * none, while @oclif/core's (husky) fails outside its repository.
 */
import {readFile, writeFile, mkdir} from 'node:fs/promises'
import path from 'node:path'

interface DataPackage {
  name?: string
  private?: boolean
  dependencies?: Record<string, string>
  oclif?: {schema?: number; plugins?: unknown[]}
  [key: string]: unknown
}

/** Writes the `file:` link into DATA_DIR/package.json; returns whether the file changed. */
export async function linkHost(dataDir: string, cliName: string, cliRoot: string): Promise<boolean> {
  const file = path.join(dataDir, 'package.json')
  let pjson: DataPackage
  try {
    pjson = JSON.parse(await readFile(file, 'utf8')) as DataPackage
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    pjson = {private: true, oclif: {schema: 1, plugins: []}}
  }
  const before = JSON.stringify(pjson)
  // @oclif/plugin-plugins names this package after the CLI; npm refuses a package that
  // depends on its own name (ENOSELF), so it gets a name of its own.
  if (!pjson.name || pjson.name === cliName) pjson.name = `${cliName}-plugins`
  pjson.dependencies = {...pjson.dependencies, [cliName]: `file:${cliRoot}`}
  if (JSON.stringify(pjson) === before) return false
  await mkdir(dataDir, {recursive: true})
  await writeFile(file, JSON.stringify(pjson, null, 2) + '\n')
  return true
}
