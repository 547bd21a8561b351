/**
 * The plain-YAML config files read without cosmiconfig, exactly as it would read them.
 * cosmiconfig costs about 20 ms of CPU on every start (its modules, and a search of the current
 * folder for its own "meta" config, parsing any package.json there), more than the rest of the
 * config loading together. Here only plain YAML is read (.yaml, .yml, no extension, as
 * cosmiconfig does); every other case answers `undefined`, "ask cosmiconfig", so it keeps its
 * loaders (JSON, JS, package.json), its `$import`, its meta config and its error messages.
 */
import {existsSync, statSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import path from 'node:path'

/** A file's config: the parsed document, null when the file is empty or holds no document. */
export interface YamlConfig {
  config: unknown
}

/** Where cosmiconfig looks for its own meta config (in the current folder only): if any is there, it decides. */
const META_PLACES = ['package.json', 'package.yaml', '.config/config.json', '.config/config.yaml', '.config/config.yml',
  '.config/config.js', '.config/config.ts', '.config/config.cjs', '.config/config.mjs']

/** What cosmiconfig's global search looks for in its per-user folder. */
const GLOBAL_PLACES = ['config', 'config.json', 'config.yaml', 'config.yml', 'config.js', 'config.ts', 'config.cjs', 'config.mjs']

/** Read errors cosmiconfig's search passes over (the next place is tried). */
const SKIPPED_CODES = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES'])

/** The file `--config` names, when it is plain YAML. */
export async function readYamlConfig(file: string): Promise<YamlConfig | undefined> {
  if (!isPlainYaml(file)) return undefined
  return parseYaml(await readFile(path.resolve(file), 'utf8'))
}

/**
 * cosmiconfig's upward search (`places` in each folder from `cwd` up to `stopDir`, else to the
 * root), when plain YAML decides it: the first such file that holds a document, or null when no
 * place exists at all (nor a file in the per-user folder `globalDir`, which cosmiconfig would
 * also read). Undefined as soon as cosmiconfig could answer otherwise.
 */
export async function searchYamlConfig(cwd: string, places: string[], stopDir: string, globalDir: string): Promise<(YamlConfig & {filepath: string}) | null | undefined> {
  const start = path.resolve(cwd)
  if (META_PLACES.some((place) => existsSync(path.join(start, place)))) return undefined
  for (const dir of folders(start, path.resolve(stopDir))) {
    if (!statSync(dir, {throwIfNoEntry: false})?.isDirectory()) continue
    for (const place of places) {
      const filepath = path.join(dir, place)
      const text = await readFile(filepath, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (SKIPPED_CODES.has(error.code ?? '')) return null
        throw error
      })
      if (text === null) continue
      if (!isPlainYaml(filepath)) return undefined
      // A parse error is cosmiconfig's to report (its error names the file).
      const found = await parseYaml(text).catch(() => undefined)
      if (found === undefined) return undefined
      if (found.config !== null) return {...found, filepath}
    }
  }
  if (GLOBAL_PLACES.some((place) => existsSync(path.join(globalDir, place)))) return undefined
  return null
}

/** cosmiconfig's folders for a search: `start`, then each parent up to `stopDir` (or the root). */
function* folders(start: string, stopDir: string): Generator<string> {
  let dir = start
  yield dir
  while (dir !== stopDir && path.dirname(dir) !== dir) {
    dir = path.dirname(dir)
    yield dir
  }
}

/** A file cosmiconfig reads with its YAML loader, and not as a package file (package.yaml's "s3" key). */
function isPlainYaml(file: string): boolean {
  const extension = path.extname(file)
  return ['.yaml', '.yml', ''].includes(extension) && path.basename(file, extension) !== 'package'
}

/**
 * The document as cosmiconfig loads it (js-yaml's `load`, parse errors thrown as they are);
 * undefined for a document with `$import`, which cosmiconfig merges from other files.
 */
async function parseYaml(text: string): Promise<YamlConfig | undefined> {
  if (text.trim() === '') return {config: null}
  const yaml = await import('js-yaml')
  const config = yaml.load(text)
  if (typeof config === 'object' && config !== null && Object.hasOwn(config, '$import')) return undefined
  return {config: config ?? null}
}

/** The most values a config document may hold once its YAML aliases are expanded: a real one holds a few dozen. */
export const MAX_CONFIG_VALUES = 10_000

/**
 * Whether a parsed document holds more than `limit` values once every alias is followed (each
 * visit counts, so a cycle counts too). YAML aliases share one object for every reference:
 * a few hundred bytes ("billion laughs") load at once into a tree of billions of values,
 * which any walk of it (a check, a message quoting it) would take minutes and gigabytes to go
 * through. The count stops at the limit, so this check itself stays quick.
 */
export function exceedsValueLimit(document: unknown, limit = MAX_CONFIG_VALUES): boolean {
  const pending: unknown[] = [document]
  let count = 0
  while (pending.length > 0) {
    const value = pending.pop()
    if (++count > limit) return true
    if (typeof value === 'object' && value !== null) pending.push(...Object.values(value))
  }
  return false
}

/**
 * cosmiconfig's YAML loader, done with the js-yaml s3 reads YAML with: cosmiconfig 10's own
 * (js-yaml 5) refuses a file of comments only, which s3 takes as empty, and words its parse
 * errors otherwise. The "YAML Error in FILE:" first line is cosmiconfig's.
 */
async function loadYamlAsCosmiconfig(filepath: string, content: string): Promise<unknown> {
  const yaml = await import('js-yaml')
  try {
    return yaml.load(content)
  } catch (error) {
    (error as Error).message = `YAML Error in ${filepath}:\n${(error as Error).message}`
    throw error
  }
}

/** The `loaders` option config.ts gives cosmiconfig: YAML read as above, the other kinds by its own loaders. */
export const COSMICONFIG_YAML_LOADERS = {'.yaml': loadYamlAsCosmiconfig, '.yml': loadYamlAsCosmiconfig, noExt: loadYamlAsCosmiconfig}
