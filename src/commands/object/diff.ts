import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {EXIT} from '../../exit-codes.js'
import type {Difference} from '../../lib/transfer/diff.js'
import {ValueError} from '../../lib/types.js'
import {BatchCommand} from './batch.js'

export default class ObjectDiff extends BatchCommand<typeof ObjectDiff> {
  static summary = 'Compare two folders or prefixes, as diff -r compares folders'
  static description = 'Walks SOURCE and DESTINATION side by side (local folders or s3://BUCKET/PREFIX, at least one in S3; nothing is held) and prints ' +
    '`only in SOURCE: NAME`, `only in DESTINATION: NAME` and `differ: NAME (size A vs B)`. With --checksum, files of the same size are compared by content MD5 ' +
    'as sync --checksum compares them (`differ: NAME (MD5 A vs B)`); an object whose ETag is no MD5 (a multipart upload) is `could not compare: NAME`, never guessed equal. ' +
    'Folder markers (empty keys ending in /) are not files and are not compared. ' +
    'Exit 0 when the two hold the same, 1 when they differ (or something could not be compared), above 1 on an error, as diff(1): ' +
    'a listing that fails, a missing folder or a file that cannot be read is an error, never "equal". json, ndjson and yaml give a record per difference.'
  static aliases = ['diff']
  static examples = [
    '<%= config.bin %> <%= command.id %> ./site s3://com-example-www/',
    '<%= config.bin %> <%= command.id %> s3://com-example-a/photos/ s3://com-example-b/photos/ --checksum',
    '<%= config.bin %> <%= command.id %> ./backup s3://com-example-backup/ -o ndjson | jq -r "select(.status == \\"only-in-source\\") | .name"',
  ]
  static args = {
    source: Args.string({description: 'a local folder, or s3://BUCKET/PREFIX', required: true}),
    destination: Args.string({description: 'a local folder, or s3://BUCKET/PREFIX', required: true}),
  }
  static flags = {
    checksum: Flags.boolean({description: 'compare files of the same size by content MD5 (where the ETag is one)'}),
  }

  async run(): Promise<void> {
    this.task = `diff ${this.args.source} ${this.args.destination}`
    const from = await this.location(this.args.source, false)
    const to = await this.location(this.args.destination, false)
    if (from.kind === 'local' && to.kind === 'local') throw new ValueError('one side must be S3 (s3://BUCKET/PREFIX): for two local folders, use diff -r')
    const [{diffSides}, {openSide}, storage] = await Promise.all([import('../../lib/transfer/diff.js'), import('../../lib/transfer/sides.js'), this.storage()])
    const source = openSide(storage, from)
    const destination = openSide(storage, to)
    const [src, dst] = [source.describe(''), destination.describe('')]
    const differences = diffSides(source, destination, {checksum: this.flags.checksum, onSkip: (file, why) => this.warn(`skipped ${file}: ${why}`)})
    const count = await this.outputList<Difference>(differences, {
      record: (d) => record(d),
      text: (d) => line(d, src, dst),
      // The status column is as wide as its longest value from the first row on.
      row: (d) => ({status: (record(d).status as string).padEnd('only-in-destination'.length), name: d.rel}),
      columns: [{name: 'status', kind: 'id'}, {name: 'name', kind: 'name'}],
    })
    if (count > 0) process.exitCode = EXIT.FAILURE
  }

  /** diff(1)'s codes: 1 says "they differ", so an error is never 1 (an error of no other kind is 2, trouble). */
  protected async catch(error: Error & {oclif?: {exit?: number}; code?: string}): Promise<void> {
    await super.catch(error)
    if (process.exitCode === EXIT.FAILURE) process.exitCode = EXIT.USAGE
  }
}

function line(d: Difference, src: string, dst: string): string {
  switch (d.kind) {
    case 'only-in-source': return `only in ${src}: ${d.rel}`
    case 'only-in-destination': return `only in ${dst}: ${d.rel}`
    case 'not-compared': return `could not compare: ${d.rel} (${d.why})`
    default: return d.by === 'size' ? `differ: ${d.rel} (size ${d.source.size} vs ${d.destination.size})` : `differ: ${d.rel} (MD5 ${d.sourceMd5} vs ${d.destinationMd5})`
  }
}

function record(d: Difference): Record<string, unknown> {
  const side = (e: {name: string; size: number} | undefined, md5?: string) => (e ? {name: e.name, size: e.size, ...(md5 ? {md5} : {})} : undefined)
  switch (d.kind) {
    case 'only-in-source': return {status: d.kind, name: d.rel, source: side(d.source)}
    case 'only-in-destination': return {status: d.kind, name: d.rel, destination: side(d.destination)}
    case 'not-compared': return {status: d.kind, name: d.rel, reason: d.why, source: side(d.source), destination: side(d.destination)}
    default: return {status: 'differ', name: d.rel, by: d.by, source: side(d.source, d.by === 'md5' ? d.sourceMd5 : undefined), destination: side(d.destination, d.by === 'md5' ? d.destinationMd5 : undefined)}
  }
}
