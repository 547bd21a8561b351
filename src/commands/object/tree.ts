import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {listingFlags} from '../../cli/listing-flags.js'
import type {TreeNode} from '../../output/tree-lines.js'
import {describePrefix, PrefixCommand} from './prefix-command.js'

export default class ObjectTree extends PrefixCommand<typeof ObjectTree> {
  static summary = 'Show the folders and objects under a prefix as a tree, as tree(1) shows folders'
  static description = 'Draws the keys under PREFIX (a folder: `logs` means `logs/`; none: the default bucket) as a tree of folders (parts of keys before a /) ' +
    'and objects, with ├── └── │, and ends with `N folders, M objects`. It is drawn as one recursive listing arrives (only the current key\'s folders are held); ' +
    'whether a folder is the last of its parent is asked of S3 in one short listing per folder drawn. ' +
    'json, ndjson and yaml give a record per node {key, type, depth, size}.'
  static aliases = ['tree']
  static examples = [
    '<%= config.bin %> <%= command.id %> s3://com-example-www/',
    '<%= config.bin %> <%= command.id %> s3://com-example-logs/2024/ --dirs-only --depth 2',
    '<%= config.bin %> <%= command.id %> s3://com-example-www/assets/ -s --human-readable',
  ]
  static args = {
    prefix: Args.string({description: 's3://BUCKET/PREFIX, BUCKET/PREFIX, or PREFIX of the default bucket (default: the whole default bucket)', required: false}),
  }
  static flags = {
    sizes: Flags.boolean({char: 's', description: 'show each object\'s size'}),
    depth: Flags.integer({char: 'L', description: 'show folders and objects down to this depth (1: what PREFIX holds directly)', min: 1, helpValue: 'N'}),
    'dirs-only': Flags.boolean({char: 'd', description: 'folders only'}),
    'human-readable': listingFlags['human-readable'],
  }

  async run(): Promise<void> {
    const [{treeNodes}, {listRemote}, {formatBytes}] = await Promise.all([
      import('../../output/tree-lines.js'), import('../../lib/transfer/remote-listing.js'), import('../../output/units.js'),
    ])
    const at = await this.prefixLocation(this.args.prefix)
    const storage = await this.storage()
    const dirsOnly = this.flags['dirs-only']
    const nodes = treeNodes(listRemote(storage, at.bucket, at.prefix), {
      maxDepth: this.flags.depth ?? Number.POSITIVE_INFINITY,
      dirsOnly,
      // A listing by folder that starts after `folder` skips its keys: its first entry is the next sibling.
      hasLaterSibling: async (parent, folder) => {
        const params = {'start-after': at.prefix + folder, ...(dirsOnly ? {} : {'max-keys': '1'})}
        for await (const item of storage.bucketListKeys(at.bucket, '/', at.prefix + parent, params)) {
          if (!dirsOnly || typeof item === 'string') return true
        }
        return false
      },
    })
    const counts = {folders: 0, objects: 0}
    const human = this.flags['human-readable']
    const size = (bytes: number) => `[${(human ? formatBytes(bytes) : String(bytes)).padStart(human ? 9 : 11)}]  `
    const isText = this.format === 'text'
    if (isText) await this.write(describePrefix(at) + '\n')
    await this.outputList<TreeNode>(counted(nodes, counts), {
      record: (n) => ({key: at.prefix + n.rel, type: n.kind, depth: n.depth, ...(n.size === undefined ? {} : {size: n.size})}),
      text: (n) => `${n.prefix}${this.flags.sizes && n.kind === 'file' ? size(n.size!) : ''}${n.name}`,
      // The type column is as wide as its longest value from the first row on ('file', then 'folder').
      row: (n) => ({type: n.kind.padEnd('folder'.length), size: n.size, key: at.prefix + n.rel}),
      columns: [{name: 'type', kind: 'id'}, {name: 'size', kind: 'bytes'}, {name: 'key', kind: 'name'}],
      human,
    })
    const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`
    if (isText) await this.write(`\n${plural(counts.folders, 'folder')}${dirsOnly ? '' : `, ${plural(counts.objects, 'object')}`}\n`)
  }
}

async function* counted(nodes: AsyncIterable<TreeNode>, counts: {folders: number; objects: number}): AsyncGenerator<TreeNode> {
  for await (const node of nodes) {
    if (node.kind === 'folder') counts.folders++
    else counts.objects++
    yield node
  }
}
