import path from 'node:path'
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {isLocalFolder, notEmpty, uploadTarget} from '../../cli/remote-arg.js'
import {ValueError} from '../../lib/types.js'
import type {Location} from '../../lib/transfer/sides.js'
import {batchFlags, BatchCommand, filesFlag} from './batch.js'
import {objectOptionFlags} from '../../cli/object-options.js'
import {headerFlag, limitRateFlag, metaFlag, progressFlag, tuningFlags, tuningOptions, uploadHeaders} from './object-command.js'

export default class ObjectPut extends BatchCommand<typeof ObjectPut> {
  static summary = 'Upload a file (or stdin) to S3'
  static description = 'Uploads LOCAL as REMOTE (default: the base name of LOCAL in the default bucket; a REMOTE ending in / gets that name appended). ' +
    'LOCAL `-` reads stdin. Files at or above the multipart threshold go up in parts, several at once; a failed or interrupted upload is aborted on the server and never replaces an existing object. ' +
    'Content-Type is guessed from the name unless given. ' +
    'With --recursive, LOCAL is a folder and every file under it goes up, its relative path kept, under the prefix REMOTE ' +
    '(default: the folder\'s name), --files at a time; --include/--exclude choose the files, --dry-run shows the plan.'
  static aliases = ['put']
  static examples = [
    '<%= config.bin %> <%= command.id %> report.pdf',
    '<%= config.bin %> <%= command.id %> report.pdf s3://com-example-docs/2024/ --meta state=unprocessed',
    'tar c data | <%= config.bin %> <%= command.id %> - backups/data.tar --storage-class STANDARD_IA',
    '<%= config.bin %> <%= command.id %> index.html s3://com-example-www/ --acl public-read --cache-control "max-age=300" --tags team=web',
    '<%= config.bin %> <%= command.id %> --recursive ./photos s3://com-example-photos/2024/ --exclude "*.tmp"',
  ]
  static args = {
    local: Args.string({description: 'local file to upload, or - for stdin (a folder with --recursive)', required: true}),
    remote: Args.string({description: 'remote name: KEY, BUCKET/KEY or s3://BUCKET/KEY (default: the base name of LOCAL); a prefix with --recursive', required: false}),
  }
  static flags = {
    meta: metaFlag,
    header: headerFlag,
    'content-type': Flags.string({description: 'Content-Type (default: guessed from the file name)'}),
    ...objectOptionFlags('write'),
    ...tuningFlags,
    'limit-rate': limitRateFlag,
    progress: progressFlag,
    recursive: Flags.boolean({char: 'r', description: 'upload every file under the folder LOCAL'}),
    ...batchFlags,
    files: filesFlag,
  }

  async run(): Promise<void> {
    const {local, remote} = this.args
    this.task = `put ${local}`
    if (this.flags.recursive) return this.putFolder(local, remote)
    if (local !== '-' && isLocalFolder(local)) throw new ValueError(`${local} is a folder: use -r (or sync) to upload it`)
    const target = await this.resolveRef(uploadTarget(local, remote, await this.defaultBucket()))
    const storage = await this.storage()
    const headers = uploadHeaders(this.flags)
    const bar = await this.progressBar(`put ${target.label}`, this.flags.progress)
    const input = local === '-' ? process.stdin : local
    const result = await storage.write(input, target.name, headers, {
      signal: this.abort.signal,
      ...tuningOptions(this.flags),
      onProgress: (done, total) => bar.update(done, total),
      onMultipartStart: (id) => this.verboseLog(`multipart upload ${id} started`),
    }).finally(() => bar.finish())
    await this.reportDone({bucket: target.bucket, key: target.name.key, size: result.size, eTag: result.eTag, parts: result.parts, versionId: result.versionId ?? null},
      `created S3 ${target.label} from ${local === '-' ? 'stdin' : `file ${local}`}`)
  }

  /** put -r: the folder's files under a prefix (default: the folder's name in the default bucket). */
  private async putFolder(local: string, remote: string | undefined): Promise<void> {
    notEmpty(local)
    const to: Location = remote === undefined
      ? {kind: 's3', bucket: await this.bucketOrDefault(undefined), prefix: path.basename(path.resolve(local)) + '/'}
      : await this.location(remote, true)
    const from: Location = {kind: 'local', dir: local}
    const [options, {copyTasks}, {checkBatchSides, openSide}, storage] = await Promise.all([
      this.batchOptions(this.flags), import('../../lib/transfer/plans.js'), import('../../lib/transfer/sides.js'), this.storage(),
    ])
    await checkBatchSides(from, to)
    const s3 = this.s3SideOptions(this.flags, {headers: uploadHeaders(this.flags)})
    await this.runBatch(copyTasks(openSide(storage, from, s3), openSide(storage, to, s3), options), this.flags.files, options.dryRun)
  }
}
