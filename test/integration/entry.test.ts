/**
 * bin/run.js (the build) and bin/dev.js (the sources through tsx) start the same way, through
 * src/app/main.ts: a command line gives the same output and exit code from either. bin/dev.js
 * once called oclif directly, so `-v object exists KEY` (a global option before the command)
 * was "command -v not found" there.
 */
import assert from 'node:assert/strict'
import {Readable} from 'node:stream'
import {S3Name} from '../../src/lib/types.js'
import {bucketFixture, runCli, runDevCli} from '../support/fixtures.js'

describe('the entry: bin/run.js and bin/dev.js alike', function () {
  this.timeout(120_000)
  const fixture = bucketFixture('tentry', (storage, bucket) => storage.write(Readable.from([Buffer.from('hello')]), new S3Name('greeting.txt', bucket)))

  const lines: Array<(bucket: string) => string[]> = [
    (bucket) => ['-v', 'object', 'exists', `${bucket}/greeting.txt`],
    (bucket) => ['-v', '-b', bucket, 'object:exists', 'missing.txt'],
    (bucket) => ['object', 'exists', '-o', 'json', `s3://${bucket}/greeting.txt`],
    () => ['-v'],
    () => ['--help'],
    () => ['object', 'exists', '-h'],
    () => ['object', 'exists', '--no-such-flag', 'x'],
    () => ['plugins', 'uninstall', 'no-such-plugin'],
  ]

  for (const line of lines) {
    it(`s3 ${line('BUCKET').join(' ')}`, async () => {
      const args = line(fixture.bucket)
      const [built, sources] = await Promise.all([
        runCli(args, {cwd: fixture.configDir}),
        runDevCli(args, {cwd: fixture.configDir}),
      ])
      assert.deepEqual(sources, built, `bin/dev.js ${args.join(' ')} differs from bin/run.js`)
    })
  }
})
