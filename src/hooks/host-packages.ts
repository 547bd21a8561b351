/**
 * Plugins installed with `s3 plugins install` live in the data dir (`S3_DATA_DIR`, default
 * ~/.local/share/s3), outside this CLI's folder, so Node cannot find `s3-connector` or
 * `@oclif/core` from them. Plugins declare both as peerDependencies, and the data dir's
 * package.json depends on this CLI's own copies through `file:` links: npm then links them
 * into the data dir's node_modules (links outside the project get no install of their own),
 * satisfies the peers without asking the registry, and keeps the links on every later
 * install. Plugin code therefore runs against the very modules the CLI runs (one S3Command
 * class, one oclif), whatever version the plugin was built with.
 */
import {readFile, writeFile, mkdir} from 'node:fs/promises'
import {createRequire} from 'node:module'
import path from 'node:path'

interface DataPackage {
  name?: string
  private?: boolean
  dependencies?: Record<string, string>
  oclif?: {schema?: number; plugins?: unknown[]}
  [key: string]: unknown
}

/** The packages the CLI provides to plugins, as name -> folder. */
export function hostPackages(cliName: string, cliRoot: string): Record<string, string> {
  const require = createRequire(path.join(cliRoot, 'package.json'))
  return {
    [cliName]: cliRoot,
    '@oclif/core': path.dirname(require.resolve('@oclif/core/package.json')),
  }
}

/** Writes the `file:` links into DATA_DIR/package.json; returns whether the file changed. */
export async function linkHostPackages(dataDir: string, cliName: string, cliRoot: string): Promise<boolean> {
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
  const dependencies = {...pjson.dependencies}
  for (const [name, folder] of Object.entries(hostPackages(cliName, cliRoot))) dependencies[name] = `file:${folder}`
  pjson.dependencies = dependencies
  if (JSON.stringify(pjson) === before) return false
  await mkdir(dataDir, {recursive: true})
  await writeFile(file, JSON.stringify(pjson, null, 2) + '\n')
  return true
}
