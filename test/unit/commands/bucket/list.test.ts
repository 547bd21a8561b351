import assert from 'node:assert/strict'
import {cliSandbox} from '../in-process.js'

describe('bucket:list (in process, no server)', () => {
  const cli = cliSandbox()

  it('exits 3 with one line when the --config file does not exist', async () => {
    const {stdout, stderr, exitCode} = await cli.run('bucket:list', '--config', '/nonexistent.yaml')
    assert.equal(exitCode, 3)
    assert.equal(stdout, '')
    assert.equal(stderr, 's3: error: /nonexistent.yaml: config file not found\n')
    assert.equal(cli.connections(), 0)
  })
})
