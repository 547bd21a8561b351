import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {objectOptionFlags} from '../../cli/object-options.js'
import {isLocalFolder, parseFileLocation, parseRemote, toS3Name} from '../../cli/remote-arg.js'
import {StorageError} from '../../lib/errors.js'
import type {FileLocation} from '../../lib/transfer/sides.js'
import {ValueError} from '../../lib/types.js'
import {batchFlags, BatchCommand, filesFlag} from '../object/batch.js'
import {destinationHeaders, tuningFlags, tuningOptions} from '../object/object-command.js'

export default class Cp extends BatchCommand<typeof Cp> {
  static summary = 'Copy a file or object: local to S3, S3 to local, S3 to S3 (aws s3 cp)'
  static description = 'Copies SOURCE to DESTINATION as `aws s3 cp` does: either side is a local path or s3://BUCKET/KEY; between two S3 locations the copy is server-side. ' +
    'A DESTINATION that is a folder (an existing local folder, or ending in /) gets the source\'s name. ' +
    'With --recursive, SOURCE is a folder or prefix and every file under it is copied, its relative path kept (as put -r, get -r, and sync without its comparison). ' +
    '`-` as SOURCE reads stdin into one object; `-` as DESTINATION writes one object to stdout. ' +
    'Uploads, downloads and copies are the same as put, get and object:copy (multipart, resumed downloads, atomic files).'
  static examples = [
    '<%= config.bin %> <%= command.id %> report.pdf s3://com-example-docs/2024/',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs/2024/report.pdf .',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs/2024/ s3://com-example-archive/2024/ --recursive',
    'tar c data | <%= config.bin %> <%= command.id %> - s3://com-example-backups/data.tar',
  ]
  static args = {
    source: Args.string({description: 'a local file (a folder with --recursive), s3://BUCKET/KEY (a prefix with --recursive), or - for stdin', required: true}),
    destination: Args.string({description: 'a local file or folder, s3://BUCKET/KEY (a prefix with --recursive), or - for stdout', required: true}),
  }
  static flags = {
    recursive: Flags.boolean({char: 'r', description: 'copy every file under the folder or prefix SOURCE'}),
    ...batchFlags,
    files: filesFlag,
    ...objectOptionFlags('write'),
    ...tuningFlags,
  }

  async run(): Promise<void> {
    const {source, destination} = this.args
    this.task = `cp ${source}`
    if (source === '-') return this.fromStdin(destination)
    if (destination === '-') return this.toStdout(source)
    if (this.flags.recursive) return this.copyTree(source, destination)
    const from = await this.single(source)
    if (from.rel === '') throw new ValueError(`${source} is a folder or prefix: add -r (--recursive) to copy everything under it`)
    const to = await this.single(destination)
    if (from.kind === 'local' && to.kind === 'local') throw new ValueError('one side must be S3 (s3://BUCKET/KEY): for a local copy, use the system\'s cp')
    const [options, {singleCopyTask}, {openSide}, storage] = await Promise.all([
      this.batchOptions(this.flags), import('../../lib/transfer/plans.js'), import('../../lib/transfer/sides.js'), this.storage(),
    ])
    const s3 = this.s3SideOptions(this.flags, {headers: destinationHeaders(this.flags, to)})
    await this.runBatch(singleCopyTask(openSide(storage, from, s3), from.rel, openSide(storage, to, s3), to.rel, options), 1, options.dryRun)
      .catch(async (error: unknown) => {
        throw (await this.prefixHint(error, from, source)) ?? error
      })
  }

  /** cp -r: every file under a folder or prefix, as put -r, get -r, or a server-side copy. */
  private async copyTree(source: string, destination: string): Promise<void> {
    const from = await this.location(source, false)
    const to = await this.location(destination, false)
    const [options, {copyTasks}, {checkBatchSides, openSide}, storage] = await Promise.all([
      this.batchOptions(this.flags), import('../../lib/transfer/plans.js'), import('../../lib/transfer/sides.js'), this.storage(),
    ])
    await checkBatchSides(from, to)
    const s3 = this.s3SideOptions(this.flags, {headers: destinationHeaders(this.flags, to)})
    await this.runBatch(copyTasks(openSide(storage, from, s3), openSide(storage, to, s3), options), this.flags.files, options.dryRun)
  }

  /** cp - s3://B/K: stdin into one object. */
  private async fromStdin(destination: string): Promise<void> {
    if (!destination.startsWith('s3://')) throw new ValueError('cp - DESTINATION: DESTINATION must be s3://BUCKET/KEY')
    const target = await this.resolveRef({...parseRemote(destination, null)}, 'DESTINATION')
    const storage = await this.storage()
    const result = await storage.write(process.stdin, target.name, destinationHeaders(this.flags, {kind: 's3'}) ?? {}, {signal: this.abort.signal, ...tuningOptions(this.flags)})
    await this.reportDone({bucket: target.bucket, key: target.name.key, size: result.size, eTag: result.eTag}, `upload: - to s3://${target.bucket}/${target.name.key}`)
  }

  /** cp s3://B/K -: one object to stdout, nothing else on it. */
  private async toStdout(source: string): Promise<void> {
    if (!source.startsWith('s3://')) throw new ValueError('cp SOURCE -: SOURCE must be s3://BUCKET/KEY')
    const ref = parseRemote(source, null)
    const name = toS3Name(ref, 'SOURCE')
    const storage = await this.storage()
    await storage.readObject(name, process.stdout, {signal: this.abort.signal})
  }

  /** One file's side (src/cli/remote-arg.ts parseFileLocation), its bucket resolved. */
  private async single(arg: string): Promise<FileLocation> {
    const ref = parseFileLocation(arg, null, isLocalFolder)
    if (ref.kind === 'local') return ref
    return {...ref, bucket: await this.bucketOrDefault(ref.bucket ?? undefined)}
  }

  /** A missing S3 source that is a folder (keys under KEY/) gets the hint to add -r. */
  private async prefixHint(error: unknown, from: FileLocation, source: string): Promise<ValueError | undefined> {
    if (from.kind !== 's3' || !(error instanceof StorageError) || error.status !== 404) return undefined
    const storage = await this.storage()
    const listing = storage.bucketListKeys(from.bucket, '/', from.prefix + from.rel + '/', {'max-keys': 1})
    const first = await listing.next()
    await listing.return(undefined)
    return first.done ? undefined : new ValueError(`${source} is a folder (prefix), not an object: add -r (--recursive) to copy everything under ${source}/`)
  }
}
