import * as Args from '@oclif/core/args'
import {ObjectCommand} from '../object/object-command.js'

export default class Cat extends ObjectCommand<typeof Cat> {
  static summary = 'Write objects to stdout, one after the other'
  static description = 'Writes each REMOTE\'s bytes to stdout in the order given, and nothing else (as cat(1), or `get REMOTE -` for one object). ' +
    'A missing object stops there with its error (exit 4); what came before it has been written.'
  static strict = false
  static examples = [
    '<%= config.bin %> <%= command.id %> s3://com-example-logs/2024/app.log',
    '<%= config.bin %> <%= command.id %> s3://com-example-logs/part-1 s3://com-example-logs/part-2 > whole',
  ]
  static args = {
    remote: Args.string({description: 'remote name(s): KEY, BUCKET/KEY or s3://BUCKET/KEY', required: true}),
  }

  async run(): Promise<void> {
    const storage = await this.storage()
    for (const arg of this.positionalArgs) {
      this.task = `cat ${arg}`
      const source = await this.resolveRemote(arg)
      await storage.readObject(source.name, process.stdout, {signal: this.abort.signal})
    }
  }
}
