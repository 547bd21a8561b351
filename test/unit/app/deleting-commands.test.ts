import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {deletes, maySuggest} from '../../../src/app/deleting-commands.js'
import {nearest} from '../../../src/app/edit-distance.js'

interface ManifestCommand {
  id: string
  aliases?: string[]
  summary?: string
}

const manifest = JSON.parse(readFileSync(new URL('../../../oclif.manifest.json', import.meta.url), 'utf8')) as {commands: Record<string, ManifestCommand>}
const commands = Object.values(manifest.commands)
const names = commands.flatMap((c) => [c.id, ...(c.aliases ?? [])])

describe('deleting commands and "did you mean"', () => {
  it('knows every command that deletes, moves or aborts (a new one must be added to the rule)', () => {
    const deleting = commands.filter((c) => /^(delete|remove|move|abort|empty)/i.test(c.summary ?? ''))
    assert.ok(deleting.length >= 5)
    for (const command of deleting) {
      for (const name of [command.id, ...(command.aliases ?? [])]) assert.ok(deletes(name), `${name}: "${command.summary}"`)
    }
    for (const name of ['ls', 'cp', 'cat', 'stat', 'mb', 'put', 'get', 'sync', 'object:copy', 'bucket:create', 'list']) assert.equal(deletes(name), false, name)
  })

  it('offers a deleting command only for a word that begins as it does', () => {
    const suggest = (typed: string) => nearest(typed, names.filter((name) => maySuggest(typed, name)))
    for (const typed of ['ro', 'rn', 'mp', 'dl', 'cpy', 'mk', 'rmb']) {
      const offered = suggest(typed)
      assert.ok(offered === undefined || !deletes(offered) || offered.slice(0, 2) === typed.slice(0, 2), `${typed} -> ${offered}`)
    }
    assert.equal(suggest('delte'), 'delete')
    assert.equal(suggest('rmm'), 'rm')
    assert.equal(suggest('bucket:delte'), 'bucket:delete')
    assert.equal(suggest('cpp'), 'cp')
    assert.notEqual(suggest('ro'), 'rm')
    assert.equal(maySuggest('cp', 'mv'), false)
    assert.equal(maySuggest('object:moev', 'object:move'), true)
  })
})
