// The library side of the library-vs-SDK workload: one process, one operation, timed from
// outside by scripts/bench.sh exactly like lib-sdk.mjs, which does the same with the AWS SDK.
//   node bench/lib-s3.mjs CONFIG write-big FILE BUCKET KEY
//   node bench/lib-s3.mjs CONFIG read-big BUCKET KEY FILE
//   node bench/lib-s3.mjs CONFIG write-many FOLDER BUCKET PREFIX
//   node bench/lib-s3.mjs CONFIG read-many FOLDER BUCKET PREFIX OUT   (the names of FOLDER)
// Both sides use their own default part size and parts in flight, and 16 small objects in flight.
import {readdir} from 'node:fs/promises'
import path from 'node:path'
import {loadConfig, S3Connection, S3Name, Storage} from '../dist/index.js'
import {eachInPool} from './pool.mjs'

const [configPath, op, ...args] = process.argv.slice(2)
const {options} = await loadConfig({configPath})
const connection = new S3Connection(options)
const storage = new Storage(connection)
const remote = (bucket, key) => new S3Name(key, bucket)

try {
  if (op === 'write-big') {
    const [file, bucket, key] = args
    await storage.write(file, remote(bucket, key))
  } else if (op === 'read-big') {
    const [bucket, key, file] = args
    await storage.read(remote(bucket, key), file)
  } else if (op === 'write-many') {
    const [folder, bucket, prefix] = args
    await eachInPool(await readdir(folder), 16, (name) => storage.write(path.join(folder, name), remote(bucket, prefix + name)))
  } else if (op === 'read-many') {
    const [folder, bucket, prefix, out] = args
    await eachInPool(await readdir(folder), 16, (name) => storage.read(remote(bucket, prefix + name), path.join(out, name)))
  } else {
    throw new Error(`unknown operation ${op}`)
  }
} finally {
  connection.close()
}
