import * as Flags from '@oclif/core/flags'
import type {OpenUpload} from '../../lib/ops/multipart.js'
import {S3Name} from '../../lib/types.js'
import {BucketCommand, bucketArg} from './shared.js'

export default class BucketAbortUploads extends BucketCommand<typeof BucketAbortUploads> {
  static summary = 'Abort the unfinished multipart uploads of a bucket, freeing their parts'
  static description = 'Aborts the multipart uploads of BUCKET (default: default_bucket) that were started and never completed, ' +
    'under --prefix and started longer ago than --older-than (by this computer\'s clock), as they are listed. ' +
    'An upload still running elsewhere fails when aborted: --older-than keeps recent ones. ' +
    'Text lines are `abort: s3://BUCKET/KEY (upload UPLOAD_ID, initiated DATE)`; json, ndjson and yaml give one record per upload; ' +
    'the count follows on stderr. With --dry-run, lists what would be aborted and aborts nothing.'
  static examples = [
    '<%= config.bin %> <%= command.id %> com-example-photos --older-than 7d --dry-run',
    '<%= config.bin %> <%= command.id %> com-example-photos --older-than 12h',
    '<%= config.bin %> <%= command.id %> com-example-photos --prefix backups/ --older-than 0s -o ndjson',
  ]
  static args = {bucket: bucketArg}
  static flags = {
    prefix: Flags.string({description: 'only uploads to keys that start with PREFIX'}),
    'older-than': Flags.string({description: 'only uploads started longer ago than this: a number and a unit (s, m, h, d, w), such as 7d, 12h, 1h30m, 0s', helpValue: 'DURATION'}),
    'dry-run': Flags.boolean({char: 'n', description: 'list what would be aborted, abort nothing'}),
  }

  async run(): Promise<void> {
    const {parseDuration} = await import('../../cli/duration.js')
    const olderThan = this.flags['older-than'] === undefined ? undefined : parseDuration(this.flags['older-than'], '--older-than')
    const storage = await this.storage()
    const bucket = await this.bucketName()
    const dryRun = this.flags['dry-run'] ?? false
    const cutoff = olderThan === undefined ? Infinity : Date.now() - olderThan * 1000
    const uploads = storage.multipartUploads(bucket, this.flags.prefix)
    const aborting = async function* () {
      for await (const upload of uploads) {
        // An upload whose start cannot be read is never old enough: nothing is aborted on a guess.
        if (olderThan !== undefined && !(Date.parse(upload.initiated) < cutoff)) continue
        if (!dryRun) await storage.abortMultipartUpload(new S3Name(upload.key, bucket), upload.uploadId)
        yield upload
      }
    }
    const count = await this.outputList<OpenUpload>(aborting(), {
      record: (u) => ({bucket, key: u.key, uploadId: u.uploadId, initiated: u.initiated, action: 'abort', dryRun}),
      text: (u) => `${dryRun ? '(dryrun) ' : ''}abort: s3://${bucket}/${u.key} (upload ${u.uploadId}, initiated ${u.initiated})`,
      columns: ['action', 'initiated', 'uploadId', 'key'],
    })
    const counted = `${count} upload${count === 1 ? '' : 's'}`
    this.logToStderr(`s3: ${dryRun ? `dry run: ${counted} would be aborted` : `aborted ${counted}`}`)
  }
}
