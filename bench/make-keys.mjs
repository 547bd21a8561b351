// Fills BUCKET with COUNT objects of SIZE bytes (keys PREFIX000000000...), 64 PUTs in flight,
// then tags the bucket bench-complete=COUNT so later runs can reuse it instead of refilling.
// Creating 100,000 keys one CLI call at a time would take hours; from one process, minutes.
//   node bench/make-keys.mjs CONFIG BUCKET COUNT SIZE [PREFIX]
// Exits 0 at once when the bucket already carries the tag.
import {randomBytes} from 'node:crypto'
import {Readable} from 'node:stream'
import {loadConfig, S3Connection, S3Name, Storage} from '../dist/index.js'
import {eachInPool} from './pool.mjs'

const [configPath, bucket, countText, sizeText, prefix = ''] = process.argv.slice(2)
const count = Number(countText)
const body = randomBytes(Number(sizeText))
const {options} = await loadConfig({configPath})
const connection = new S3Connection(options)
const storage = new Storage(connection)
const tag = String(count)

async function completeTag() {
  try {
    const tags = await storage.bucketGetTagging(bucket)
    return JSON.stringify(tags).includes(`"bench-complete"`) && JSON.stringify(tags).includes(`"${tag}"`)
  } catch {
    return false // no bucket, or no tags yet
  }
}

try {
  if (!(await completeTag())) {
    if (!(await storage.bucketExists(bucket))) await storage.bucketCreate(bucket)
    const keys = Array.from({length: count}, (_, i) => prefix + String(i).padStart(9, '0'))
    let done = 0
    await eachInPool(keys, 64, async (key) => {
      await storage.write(Readable.from([body]), new S3Name(key, bucket))
      if (++done % 10000 === 0) process.stderr.write(`bench: ${done}/${count} keys in ${bucket}\n`)
    })
    let listed = 0
    for await (const entry of storage.bucketListKeys(bucket, null, prefix)) if (typeof entry !== 'string') listed++
    if (listed !== count) throw new Error(`${bucket} holds ${listed} keys, not ${count}: not marked complete`)
    await storage.bucketSetTagging(bucket, {Tagging: {TagSet: {Tag: [{Key: 'bench-complete', Value: tag}]}}})
  }
} finally {
  connection.close()
}
