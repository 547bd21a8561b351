import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {batchFlags, BatchCommand} from './batch.js'
import type {Location} from '../../lib/transfer/sides.js'
import {buildHeaders, headerFlag, versionFlag} from './object-command.js'

export default class ObjectDelete extends BatchCommand<typeof ObjectDelete> {
  static summary = 'Delete objects from S3'
  static description = 'Deletes each REMOTE in turn. As in S3, deleting a key that does not exist succeeds (in a bucket that exists). ' +
    'With --recursive, each REMOTE is a prefix (s3://BUCKET/PREFIX/) and every key under it goes, 1,000 per request (DeleteObjects), ' +
    'several requests at once; keys the server refuses are listed, and the exit code is 10. ' +
    'A version under object lock (GOVERNANCE retention) is deleted only with --bypass-governance (and the permission s3:BypassGovernanceRetention); ' +
    'one under COMPLIANCE retention or legal hold is not deleted at all (AccessDenied, exit 5). -H adds any request header.'
  static aliases = ['delete', 'rm']
  static strict = false
  static examples = [
    '<%= config.bin %> <%= command.id %> example-in-s3',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs/a.txt s3://com-example-docs/b.txt -v',
    '<%= config.bin %> <%= command.id %> s3://com-example-records/ledger.csv --version-id 3HL4kqtJlcpXroDTDmJ --bypass-governance',
  ]
  static args = {
    remote: Args.string({description: 'remote name(s): KEY, BUCKET/KEY or s3://BUCKET/KEY', required: true}),
  }
  static flags = {
    'version-id': versionFlag,
    recursive: Flags.boolean({char: 'r', description: 'delete every key under each REMOTE prefix'}),
    'bypass-governance': Flags.boolean({description: 'delete versions under GOVERNANCE retention (x-amz-bypass-governance-retention: true)'}),
    header: headerFlag,
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
      await storage.delete(target.name, {versionId: this.flags['version-id'], headers: this.deleteHeaders()})
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
      for (const at of locations) yield* deleteTasks(openSide(storage, at, sideOptions), options)
    }
    const sideOptions = {deleteHeaders: this.deleteHeaders()}
    await this.runBatch(everyPrefix(), this.flags.files, options.dryRun)
  }

  /** -H headers, and the bypass of governance retention. */
  private deleteHeaders(): Record<string, string> {
    const headers = buildHeaders([], this.flags.header)
    if (this.flags['bypass-governance']) headers['x-amz-bypass-governance-retention'] = 'true'
    return headers
  }
}
