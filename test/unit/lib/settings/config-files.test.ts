import assert from 'node:assert/strict'
import path from 'node:path'
import {cosmiconfig} from 'cosmiconfig'
import {COSMICONFIG_YAML_LOADERS, exceedsValueLimit, readYamlConfig, searchYamlConfig} from '../../../../src/lib/settings/config-files.js'
import {SEARCH_PLACES} from '../../../../src/lib/settings/config.js'
import {folderWith} from '../../../support/folders.js'

const folder = (files: Record<string, string>): string => folderWith('s3-config-files-', files)

/** What config.ts asks cosmiconfig for: the reference these functions must equal. */
function explorer(stopDir: string) {
  return cosmiconfig('s3', {searchPlaces: SEARCH_PLACES, packageProp: 's3', searchStrategy: 'global', stopDir, loaders: COSMICONFIG_YAML_LOADERS})
}

const DOCUMENTS: Record<string, string> = {
  keys: 's3:\n  access_key_id: A\n  secret_access_key: S\n',
  empty: '',
  blank: '  \n\n',
  comment: '# nothing yet\n',
  tilde: '~\n',
  'false': 'false\n',
  list: '- a\n- b\n',
  scalar: 'just text\n',
}

describe('config files read without cosmiconfig', () => {
  it('reads a named YAML file as cosmiconfig does', async () => {
    const dir = folder(Object.fromEntries(Object.entries(DOCUMENTS).flatMap(([name, text]) => [[`${name}.yaml`, text], [`${name}.yml`, text], [`.${name}rc`, text]])))
    for (const name of Object.keys(DOCUMENTS)) {
      for (const file of [`${name}.yaml`, `${name}.yml`, `.${name}rc`]) {
        const expected = (await explorer(dir).load(path.join(dir, file)))?.config ?? null
        assert.deepEqual((await readYamlConfig(path.join(dir, file)))?.config, expected, file)
      }
    }
  })

  it('leaves other kinds, package files and $import to cosmiconfig', async () => {
    const dir = folder({'a.json': '{}', 'a.js': 'export default {}', 'package.yaml': 's3: {}', 'imports.yaml': '$import: keys.yaml\n', 'A.YAML': 's3: {}'})
    for (const file of ['a.json', 'a.js', 'package.yaml', 'imports.yaml', 'A.YAML']) {
      assert.equal(await readYamlConfig(path.join(dir, file)), undefined, file)
    }
  })

  it('fails on bad YAML with the error cosmiconfig reports', async () => {
    const dir = folder({'bad.yaml': 's3:\n  a: [1,\n'})
    const theirs = await explorer(dir).load(path.join(dir, 'bad.yaml')).catch((error: Error & {reason?: string}) => error)
    const ours = await readYamlConfig(path.join(dir, 'bad.yaml')).catch((error: Error & {reason?: string}) => error)
    assert.ok(theirs instanceof Error && ours instanceof Error)
    assert.equal((ours as {name: string}).name, (theirs as {name: string}).name)
    assert.equal((ours as {reason?: string}).reason, (theirs as {reason?: string}).reason)
    assert.deepEqual((ours as {mark?: unknown}).mark, (theirs as {mark?: unknown}).mark)
  })

  it('finds the file cosmiconfig finds, passing over empty ones, up to the stop folder', async () => {
    const root = folder({
      'home/s3.yaml': DOCUMENTS.keys,
      'home/p/.s3rc': DOCUMENTS.comment,
      'home/p/q/s3.yml': '',
      'home/p/q/r/.s3rc.yml': 's3:\n  region: r\n',
    })
    const home = path.join(root, 'home')
    const nowhere = path.join(root, 'no-user-folder')
    for (const cwd of ['home', 'home/p', 'home/p/q', 'home/p/q/r'].map((d) => path.join(root, d))) {
      const ours = await searchYamlConfig(cwd, SEARCH_PLACES, home, nowhere)
      const theirs = await explorer(home).search(cwd)
      assert.ok(ours, cwd)
      assert.deepEqual({config: ours.config, filepath: ours.filepath}, {config: theirs?.config, filepath: theirs?.filepath}, cwd)
    }
    assert.equal(await searchYamlConfig(path.join(root, 'home'), SEARCH_PLACES, path.join(root, 'home'), nowhere).then((f) => f?.filepath), path.join(home, 's3.yaml'))
  })

  it('answers null when no place exists, and leaves the rest to cosmiconfig', async () => {
    const root = folder({'home/a/b/.keep': '', 'json/.s3rc.json': '{}', 'meta/package.json': '{}', 'user/s3/config.yaml': 's3: {}'})
    const home = path.join(root, 'home')
    assert.equal(await searchYamlConfig(path.join(home, 'a/b'), SEARCH_PLACES, home, path.join(root, 'nowhere')), null)
    assert.equal(await searchYamlConfig(path.join(home, 'a/b'), SEARCH_PLACES, home, path.join(root, 'user/s3')), undefined, 'a per-user file')
    assert.equal(await searchYamlConfig(path.join(root, 'json'), SEARCH_PLACES, root, path.join(root, 'nowhere')), undefined, 'JSON')
    assert.equal(await searchYamlConfig(path.join(root, 'meta'), SEARCH_PLACES, root, path.join(root, 'nowhere')), undefined, 'a meta config place')
  })

  it('counts a document\'s values with its aliases expanded, and stops counting at the limit', async () => {
    const yaml = await import('js-yaml')
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (let i = 1; i < 12; i++) levels.push(`l${i}: &l${i} [${Array(9).fill(i === 1 ? '*a' : `*l${i - 1}`).join(',')}]`)
    const bomb = yaml.load(levels.join('\n'))
    const started = Date.now()
    assert.equal(exceedsValueLimit(bomb), true)
    assert.ok(Date.now() - started < 500, 'quick: 9^12 values are never walked')
    assert.equal(exceedsValueLimit(yaml.load('s3:\n  access_key_id: a\n  retry: &r {limit: 2}\nother: *r\n')), false)
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    assert.equal(exceedsValueLimit(cycle), true)
  })
})
