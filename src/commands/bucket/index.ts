/** The bucket topic's commands. */
import type {Command} from '@oclif/core'
import BucketList from './list.js'

export const BUCKET_COMMANDS: Record<string, Command.Class> = {
  'bucket:list': BucketList,
}
