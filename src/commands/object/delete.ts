import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {batchFlags, BatchCommand} from './batch.js'
import type {Location} from '../../lib/transfer/sides.js'
import {versionFlag} from './object-command.js'

export default class ObjectDelete extends BatchCommand<typeof ObjectDelete> {
  static summary = 'Delete objects from S3'
  static description = 'Deletes each REMOTE in turn. As in S3, deleting a key that does not exist succeeds (in a bucket that exists). ' +
    'With --recursive, each REMOTE is a prefix (s3://BUCKET/PREFIX/) and every key under it goes, 1,000 per request (DeleteObjects), ' +
    'several requests at once; keys the server refuses are listed, and the exit code is 10.'
  static aliases = ['delete', 'rm']
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
    recursive: Flags.boolean({char: 'r', description: 'delete every key under each REMOTE prefix'}),
    ...batchFlags,
    files: Flags.integer({description: 'DeleteObjects requests in flight at once', default: 4, min: 1, max: 64, helpValue: 'N'}),
  }

  async run(): Promise<void> {
    if (this.flags.recursive) return this.deletePrefixes()
    const storage = await this.storage()
    const deleted: {bucket: string; key: string}[] = []
    for (const arg of this.positionalArgs) {
      this.task = `delete ${arg}`
      const target = await this.resolveRemote(arg)
      await storage.delete(target.name, {versionId: this.flags['version-id']})
      deleted.push({bucket: target.bucket, key: target.name.key})
      await this.reportLine(`deleted S3 ${target.label}`)
    }
    if (this.format !== 'text') await this.output(deleted)
  }

  /** delete -r: every key under each prefix, in DeleteObjects batches. */
  private async deletePrefixes(): Promise<void> {
    const [options, {deleteTasks}, {openSide}, storage] = await Promise.all([
      this.batchOptions(this.flags), import('../../lib/transfer/plans.js'), import('../../lib/transfer/sides.js'), this.storage(),
    ])
    const locations: Location[] = []
    for (const arg of this.positionalArgs) locations.push(await this.location(arg, true))
    async function* everyPrefix() {
      for (const at of locations) yield* deleteTasks(openSide(storage, at), options)
    }
    await this.runBatch(everyPrefix(), this.flags.files, options.dryRun)
  }
}
