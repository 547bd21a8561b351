// @ts-check
/**
 * Listens to the CLI's `s3:object-uploaded` event: when S3_UPLOAD_LOG names a file, each
 * upload appends one JSON line to it ({bucket, key, size, eTag, source, commandId}).
 * A listener must be quick and must not print to stdout (stdout belongs to the command).
 */
import {appendFile} from 'node:fs/promises'

/** @type {import('s3-connector/plugin').ObjectUploadedHook} */
const hook = async function (event) {
  const file = process.env.S3_UPLOAD_LOG
  if (!file) return
  const {bucket, key, size, eTag, source, commandId} = event
  await appendFile(file, JSON.stringify({bucket, key, size, eTag, source, commandId}) + '\n')
}

export default hook
