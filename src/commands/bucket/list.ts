import * as Args from '@oclif/core/args'
import {S3Command} from '../../base-command.js'
import {typedAsOriginal} from '../../cli/original-forms.js'
import {EXIT} from '../../exit-codes.js'
import type {S3Bucket} from '../../lib/types.js'

export default class BucketList extends S3Command<typeof BucketList> {
  static summary = 'List your buckets, or check one bucket'
  static description = 'Lists every bucket of the configured account as `creation_date name` (the original `s3 list-buckets` output). With BUCKET, prints that bucket or `BUCKET NOT FOUND` (exit 4; exit 0 as `list-buckets`, as the original).'
  static aliases = ['list-buckets']
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> my-bucket',
    '<%= config.bin %> <%= command.id %> --json | jq -r ".[].name"',
  ]
  static args = {
    bucket: Args.string({description: 'only this bucket', required: false}),
  }

  async run(): Promise<void> {
    const storage = await this.storage()
    const wanted = this.args.bucket
    let found = false
    const buckets = async function* () {
      for await (const bucket of storage.bucketList()) {
        if (wanted && bucket.name !== wanted) continue
        found = true
        yield bucket
      }
    }
    await this.outputList<S3Bucket>(buckets(), {
      record: (b) => ({name: b.name, creationDate: b.creationDate}),
      text: (b) => `${b.creationDate} ${b.name}`,
      columns: ['name', 'creationDate'],
    })
    if (wanted && !found) {
      if (this.format === 'text') await this.write(`${wanted} NOT FOUND\n`)
      // The original's `list-buckets NAME` printed its answer and succeeded.
      if (!typedAsOriginal()) process.exitCode = EXIT.NOT_FOUND
    }
  }
}
