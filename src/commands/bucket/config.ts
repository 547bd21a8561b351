/**
 * The configuration commands, generated from the table (src/lib/ops/subresource-tables.ts):
 * bucket:get-<config>, bucket:set-<config> and bucket:delete-<config> for each row that has
 * that operation. One factory per operation; the table supplies names, help and flags.
 */
import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import type * as Interfaces from '@oclif/core/interfaces'
import type {XmlObject} from '../../lib/client/xml.js'
import type {BucketConfigData} from '../../lib/ops/subresource-body.js'
import {type BucketConfigSpec, configOperations, type ConfigOperation} from '../../lib/ops/subresource-tables.js'
import {ValueError} from '../../lib/types.js'
import {BucketCommand, bucketArg, paramFlag, parseParams} from './bucket-command.js'

/** The document formats a setter takes (`%s`: the name of the config, as in bucket:get-%s or object:get-%s). */
export const DOC_HELP = 'The document may be XML, JSON or YAML (told by the file extension, else by its first character); ' +
  'JSON and YAML hold the object %s prints (the root element may be left out), so its output can be fed back.'
/** For rows with an aws shape: the setter's help. */
export const AWS_DOC_HELP = ' aws-cli\'s JSON for it (what `aws s3api get-...` prints and `put-...` takes, lists under plural names: ' +
  '{"CORSRules": [...]}, {"TagSet": [...]}, {"Rules": [...]}) is accepted too, told by its top-level names.'

/** --aws-json of a getter whose row has an aws shape. */
export function awsJsonFlag(command: string): Interfaces.FlagInput {
  return {'aws-json': Flags.boolean({description: `print aws-cli's JSON for it (as \`aws s3api ${command}\` does), which aws and the setter's --file accept`, exclusive: ['output', 'json']})}
}

/** Prints a getter's document: aws-cli's JSON with --aws-json, else as `output` renders it. */
export async function writeAwsJson(spec: BucketConfigSpec, doc: unknown, write: (text: string) => Promise<void>): Promise<void> {
  const {toAwsShape} = await import('../../lib/ops/aws-shape.js')
  await write(JSON.stringify(toAwsShape(spec, doc as XmlObject), null, 4) + '\n')
}

/** 'access control list: ...' -> 'Access control list: ....' */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1) + '.'
}

function getCommand(spec: BucketConfigSpec): Command.Class {
  return class extends BucketCommand<typeof Command> {
    static summary = `Show a bucket's ${spec.title}`
    static description = `${sentence(spec.description)}\n\nPrints it for BUCKET (default: default_bucket) ` +
      (spec.format === 'json' ? 'as the parsed JSON document.' : `as the parsed XML document, root element <${spec.root}> included.`) +
      ' Text output is YAML; -o json or -o yaml writes a file that ' +
      (spec.set ? `bucket:set-${spec.name} --file accepts back.` : 'scripts can read.')
    static examples = [
      `<%= config.bin %> <%= command.id %> com-example-photos`,
      `<%= config.bin %> <%= command.id %> com-example-photos -o json > ${spec.name}.json`,
      ...(spec.params ? ['<%= config.bin %> <%= command.id %> com-example-photos --param prefix=logs/ --param max-keys=100'] : []),
    ]
    static args = {bucket: bucketArg}
    static flags: Interfaces.FlagInput = {...(spec.params ? {param: paramFlag} : {}), ...(spec.aws ? awsJsonFlag(`get-bucket-${spec.name}`) : {})}

    async run(): Promise<void> {
      const storage = await this.storage()
      const bucket = await this.bucketName()
      const params = spec.params ? parseParams(this.flagValues.param as string[] | undefined) : undefined
      const doc = await storage.bucketConfigGet(spec.name, bucket, params)
      if (this.flagValues['aws-json']) return writeAwsJson(spec, doc, (text) => this.write(text))
      await this.outputDocument(doc)
    }
  }
}

/** A setter's flags: the document (--file, --data) and the row's headers (--acl...). */
export function setterFlags(spec: BucketConfigSpec): Interfaces.FlagInput {
  const headerFlags = Object.fromEntries((spec.headers ?? []).map((h) => [h.flag, h.options
    ? Flags.string({description: `${h.description} (${h.header})`, options: [...h.options]})
    : Flags.string({description: `${h.description} (${h.header})`})]))
  return {
    file: Flags.string({char: 'f', description: 'file holding the document (XML, JSON or YAML); - reads stdin', exclusive: ['data']}),
    data: Flags.string({char: 'd', description: 'the document itself (XML, JSON or YAML text)', exclusive: ['file']}),
    ...headerFlags,
  }
}

/**
 * A setter's input from its flags: the headers of the row's flags and the document (read and
 * checked before anything is sent; a document in the config's own format goes as written,
 * others are converted). Without a document or a header flag: a usage error naming `command`.
 */
export async function setterInput(spec: BucketConfigSpec, flags: Record<string, unknown>, command: string): Promise<{data?: BucketConfigData; headers: Record<string, string>}> {
  const headers: Record<string, string> = {}
  for (const h of spec.headers ?? []) {
    const value = flags[h.flag] as string | undefined
    if (value !== undefined) headers[h.header] = value
  }
  const file = flags.file as string | undefined
  const text = flags.data as string | undefined
  if (file === undefined && text === undefined && (!spec.headers || Object.keys(headers).length === 0)) {
    throw new ValueError(`${command} needs --file PATH, --file - or --data TEXT` +
      (spec.headers ? ` (or ${spec.headers.map((h) => '--' + h.flag).join(', ')})` : ''))
  }
  const {parseBucketDocument, readBucketDocument} = await import('../../input/bucket-document.js')
  const doc = file !== undefined ? await readBucketDocument(file) : text !== undefined ? await parseBucketDocument(text, '--data') : undefined
  if (doc && spec.format === 'json' && doc.format === 'xml') throw new ValueError(`${doc.source}: a ${spec.name} is JSON (or YAML), not XML`)
  if (doc && doc.format !== 'xml' && spec.aws) {
    const {fromAwsShape, isAwsShape} = await import('../../lib/ops/aws-shape.js')
    if (isAwsShape(spec, doc.value)) return {data: fromAwsShape(spec, doc.value), headers}
  }
  return {data: doc === undefined ? undefined : doc.format === spec.format ? doc.text : doc.value, headers}
}

function setCommand(spec: BucketConfigSpec): Command.Class {
  return class extends BucketCommand<typeof Command> {
    static summary = `Set a bucket's ${spec.title}`
    static description = `${sentence(spec.description)}\n\nReplaces it on BUCKET (default: default_bucket) with the document in --file (a path, or - for stdin) or --data. ` +
      DOC_HELP.replace('%s', `bucket:get-${spec.name}`) + (spec.aws ? AWS_DOC_HELP : '') +
      (spec.format === 'json' ? ' The policy is checked to be a JSON object before it is sent.' : '') +
      (spec.headers ? ` Instead of a document, ${spec.headers.map((h) => '--' + h.flag).join(', ')} may be given.` : '')
    static examples = [
      `<%= config.bin %> bucket:get-${spec.name} com-example-photos -o json > ${spec.name}.json && <%= config.bin %> <%= command.id %> com-example-photos --file ${spec.name}.json`,
      ...(spec.example ? [`<%= config.bin %> <%= command.id %> com-example-photos --data '${spec.example}'`] : []),
      `cat ${spec.name}.${spec.format} | <%= config.bin %> <%= command.id %> com-example-photos --file -`,
      ...(spec.name === 'acl' ? ['<%= config.bin %> <%= command.id %> com-example-photos --acl public-read'] : []),
    ]
    static args = {bucket: bucketArg}
    static flags = setterFlags(spec)

    async run(): Promise<void> {
      const {data, headers} = await setterInput(spec, this.flagValues, `bucket:set-${spec.name}`)
      const storage = await this.storage()
      const bucket = await this.bucketName()
      await storage.bucketConfigSet(spec.name, bucket, data, headers)
      await this.reportDone({bucket, configuration: spec.name, set: true}, `set the ${spec.name} configuration of ${bucket}`)
    }
  }
}

function deleteCommand(spec: BucketConfigSpec): Command.Class {
  return class extends BucketCommand<typeof Command> {
    static summary = `Delete a bucket's ${spec.title}`
    static description = `${sentence(spec.description)}\n\nRemoves it from BUCKET (default: default_bucket).`
    static examples = [`<%= config.bin %> <%= command.id %> com-example-photos`]
    static args = {bucket: bucketArg}

    async run(): Promise<void> {
      const storage = await this.storage()
      const bucket = await this.bucketName()
      await storage.bucketConfigDelete(spec.name, bucket)
      await this.reportDone({bucket, configuration: spec.name, deleted: true}, `deleted the ${spec.name} configuration of ${bucket}`)
    }
  }
}

const FACTORIES: Record<ConfigOperation, (spec: BucketConfigSpec) => Command.Class> = {get: getCommand, set: setCommand, delete: deleteCommand}

/** bucket:get-cors, bucket:set-cors, ... : one command per operation in the table. */
export function configCommands(): Record<string, Command.Class> {
  return Object.fromEntries(configOperations().map(({op, spec}) => [`bucket:${op}-${spec.name}`, FACTORIES[op](spec)]))
}
