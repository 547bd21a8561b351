import {Args} from '@oclif/core'
import {ObjectCommand, versionFlag} from './shared.js'

export default class ObjectDelete extends ObjectCommand<typeof ObjectDelete> {
  static summary = 'Delete objects from S3'
  static description = 'Deletes each REMOTE in turn. As in S3, deleting a key that does not exist succeeds (in a bucket that exists).'
  static aliases = ['delete']
  static strict = false
  static examples = [
    '<%= config.bin %> <%= command.id %> example-in-s3',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs/a.txt s3://com-example-docs/b.txt -v',
  ]
  static args = {
    remote: Args.string({description: 'remote name(s): KEY, BUCKET/KEY or s3://BUCKET/KEY', required: true}),
  }
  static flags = {
    'version-id': versionFlag,
  }

  async run(): Promise<void> {
    const storage = await this.storage()
    const deleted: {bucket: string; key: string}[] = []
    for (const arg of this.positionalArgs) {
      const target = await this.resolveRemote(arg)
      await storage.delete(target.name, {versionId: this.flags['version-id']})
      deleted.push({bucket: target.bucket, key: target.name.key})
      await this.reportLine(`deleted S3 ${target.label}`)
    }
    if (this.format !== 'text') await this.output(deleted)
  }
}
