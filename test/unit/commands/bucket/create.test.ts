import assert from 'node:assert/strict'
import {cliSandbox} from '../in-process.js'

describe('bucket:create (in process, no server)', () => {
  const cli = cliSandbox()

  it('refuses a bad bucket name with exit 2, naming the rule, before anything is sent', async () => {
    const {stdout, stderr, exitCode, error} = await cli.run('bucket:create', 'Bad_Name', '--config', cli.config)
    assert.equal(exitCode, 2)
    assert.equal(error, undefined, 'the base command reports the error itself: one line and process.exitCode')
    assert.equal(stdout, '')
    assert.match(stderr, /^s3: error: .*invalid bucket name "Bad_Name": .*must not contain uppercase letters\n$/)
    assert.equal(cli.connections(), 0)
  })

  it('refuses a name with an underscore the same way', async () => {
    const {stderr, exitCode} = await cli.run('bucket:create', 'bad_name', '--config', cli.config)
    assert.equal(exitCode, 2)
    assert.match(stderr, /invalid bucket name "bad_name": .*underscore/)
    assert.equal(cli.connections(), 0)
  })
})
