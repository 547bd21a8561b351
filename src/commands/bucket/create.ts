import * as Flags from '@oclif/core/flags'
import {CANNED_BUCKET_ACLS} from '../../base-command.js'
import {BucketCommand, bucketArg} from './bucket-command.js'

export default class BucketCreate extends BucketCommand<typeof BucketCreate> {
  static summary = 'Create a bucket'
  static description = 'Creates BUCKET (default: default_bucket) in the configured region, or in --region. ' +
    'The name is checked first (3-63 lowercase letters, digits, dots and hyphens; no underscores): a bad name fails with the rule it breaks and nothing is sent.'
  static aliases = ['create-bucket', 'mb']
  static examples = [
    '<%= config.bin %> <%= command.id %> com-example-photos',
    '<%= config.bin %> <%= command.id %> com-example-eu --region eu-west-1',
    '<%= config.bin %> <%= command.id %> com-example-site --acl public-read',
    '<%= config.bin %> <%= command.id %> com-example-records --object-lock',
  ]
  static args = {bucket: bucketArg}
  static flags = {
    region: Flags.string({description: 'region (location constraint) of the new bucket (default: the config\'s region)'}),
    acl: Flags.option({options: CANNED_BUCKET_ACLS, description: 'canned ACL of the new bucket'})(),
    'object-lock': Flags.boolean({description: 'enable object lock (and with it versioning): only possible at creation; then see object:set-retention, bucket:set-object-lock'}),
  }

  async run(): Promise<void> {
    const storage = await this.storage()
    const bucket = await this.bucketName()
    const headers: Record<string, string> = this.flags.acl ? {'x-amz-acl': this.flags.acl} : {}
    if (this.flags['object-lock']) headers['x-amz-bucket-object-lock-enabled'] = 'true'
    await storage.bucketCreate(bucket, headers, undefined, {region: this.flags.region})
    await this.reportDone({bucket, created: true}, `created bucket ${bucket}`)
  }
}
