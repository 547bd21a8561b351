import * as Flags from '@oclif/core/flags'
import {BucketCommand, bucketArg} from './bucket-command.js'

export default class BucketDelete extends BucketCommand<typeof BucketDelete> {
  static summary = 'Delete a bucket'
  static description = 'Deletes BUCKET (default: default_bucket). S3 only deletes empty buckets (BucketNotEmpty, exit 7): ' +
    '--force first aborts unfinished multipart uploads and deletes every object, object version and delete marker, 1000 per request. ' +
    'In a bucket with object lock, versions under retention or legal hold cannot go: --force stops at the first of them and says in one line ' +
    'how many are locked, which (the first few, with mode and date, or legal hold), and that nothing more was deleted; the exit code is 5 (access denied). ' +
    'GOVERNANCE retention can be bypassed with --bypass-governance; COMPLIANCE retention only ends at its date.'
  static aliases = ['delete-bucket', 'rb']
  static examples = [
    '<%= config.bin %> <%= command.id %> com-example-old',
    '<%= config.bin %> <%= command.id %> com-example-old --force -v',
  ]
  static args = {bucket: bucketArg}
  static flags = {
    force: Flags.boolean({char: 'f', description: 'empty the bucket first: every object, version and delete marker, and unfinished uploads'}),
    'bypass-governance': Flags.boolean({description: 'with --force: delete versions under GOVERNANCE retention too (x-amz-bypass-governance-retention)', dependsOn: ['force']}),
  }

  async run(): Promise<void> {
    const storage = await this.storage()
    const bucket = await this.bucketName()
    let deleted = 0
    let aborted = 0
    if (this.flags.force) {
      this.task = `delete bucket ${bucket}`
      const totals = await storage.bucketEmpty(bucket, {
        signal: this.abort.signal,
        headers: this.flags['bypass-governance'] ? {'x-amz-bypass-governance-retention': 'true'} : undefined,
        onProgress: (p) => this.verboseLog(`emptying ${bucket}: ${p.deleted} objects deleted, ${p.aborted} uploads aborted`),
      })
      ;({deleted, aborted} = totals)
    }
    await storage.bucketDelete(bucket)
    await this.reportDone({bucket, deleted: true, objectsDeleted: deleted, uploadsAborted: aborted}, `deleted bucket ${bucket}`)
  }
}
