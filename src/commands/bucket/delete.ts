import * as Flags from '@oclif/core/flags'
import {BucketCommand, bucketArg} from './bucket-command.js'

export default class BucketDelete extends BucketCommand<typeof BucketDelete> {
  static summary = 'Delete a bucket'
  static description = 'Deletes BUCKET (default: default_bucket). S3 only deletes empty buckets (BucketNotEmpty, exit 7): ' +
    '--force first aborts unfinished multipart uploads and deletes every object, object version and delete marker, 1000 per request.'
  static aliases = ['delete-bucket', 'rb']
  static examples = [
    '<%= config.bin %> <%= command.id %> com-example-old',
    '<%= config.bin %> <%= command.id %> com-example-old --force -v',
  ]
  static args = {bucket: bucketArg}
  static flags = {
    force: Flags.boolean({char: 'f', description: 'empty the bucket first: every object, version and delete marker, and unfinished uploads'}),
  }

  async run(): Promise<void> {
    const storage = await this.storage()
    const bucket = await this.bucketName()
    let deleted = 0
    let aborted = 0
    if (this.flags.force) {
      const totals = await storage.bucketEmpty(bucket, {
        signal: this.abort.signal,
        onProgress: (p) => this.verboseLog(`emptying ${bucket}: ${p.deleted} objects deleted, ${p.aborted} uploads aborted`),
      })
      ;({deleted, aborted} = totals)
    }
    await storage.bucketDelete(bucket)
    await this.reportDone({bucket, deleted: true, objectsDeleted: deleted, uploadsAborted: aborted}, `deleted bucket ${bucket}`)
  }
}
