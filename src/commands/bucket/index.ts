/** The bucket topic's commands: a few written out, and the configuration commands generated from the table. */
import type {Command} from '@oclif/core'
import BucketAbortUploads from './abort-uploads.js'
import {configCommands} from './config.js'
import BucketCreate from './create.js'
import BucketDelete from './delete.js'
import BucketDu from './du.js'
import BucketExists from './exists.js'
import BucketGet from './get.js'
import BucketList from './list.js'
import BucketListKeys from './list-keys.js'
import BucketListUploads from './list-uploads.js'
import BucketListVersions from './list-versions.js'
import BucketSetObjectLock from './object-lock.js'

export const BUCKET_COMMANDS: Record<string, Command.Class> = {
  'bucket:list': BucketList,
  'bucket:create': BucketCreate,
  'bucket:delete': BucketDelete,
  'bucket:exists': BucketExists,
  'bucket:list-keys': BucketListKeys,
  'bucket:list-versions': BucketListVersions,
  'bucket:list-uploads': BucketListUploads,
  'bucket:abort-uploads': BucketAbortUploads,
  'bucket:get': BucketGet,
  'bucket:du': BucketDu,
  ...configCommands(),
  'bucket:set-object-lock': BucketSetObjectLock, // written out for --mode/--days/--years
}
