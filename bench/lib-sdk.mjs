// The AWS SDK side of the library-vs-SDK workload: what lib-s3.mjs does, with
// @aws-sdk/client-s3 and @aws-sdk/lib-storage (Upload), configured from the environment
// (BENCH_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION).
//   node bench/lib-sdk.mjs write-big FILE BUCKET KEY
//   node bench/lib-sdk.mjs read-big BUCKET KEY FILE
//   node bench/lib-sdk.mjs write-many FOLDER BUCKET PREFIX
//   node bench/lib-sdk.mjs read-many FOLDER BUCKET PREFIX OUT
import {createReadStream, createWriteStream} from 'node:fs'
import {readdir, readFile} from 'node:fs/promises'
import path from 'node:path'
import {pipeline} from 'node:stream/promises'
import {GetObjectCommand, PutObjectCommand, S3Client} from '@aws-sdk/client-s3'
import {Upload} from '@aws-sdk/lib-storage'
import {eachInPool} from './pool.mjs'

const [op, ...args] = process.argv.slice(2)
const client = new S3Client({
  endpoint: process.env.BENCH_ENDPOINT,
  region: process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
  forcePathStyle: true,
  // Since 2025 the SDK adds CRC checksums to every upload by default; older S3-compatible
  // servers (this RGW among them) refuse some of those headers. Only when an API requires one.
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
})

async function download(bucket, key, file) {
  const {Body} = await client.send(new GetObjectCommand({Bucket: bucket, Key: key}))
  await pipeline(Body, createWriteStream(file))
}

try {
  if (op === 'write-big') {
    const [file, bucket, key] = args
    await new Upload({client, params: {Bucket: bucket, Key: key, Body: createReadStream(file)}}).done()
  } else if (op === 'read-big') {
    const [bucket, key, file] = args
    await download(bucket, key, file)
  } else if (op === 'write-many') {
    const [folder, bucket, prefix] = args
    await eachInPool(await readdir(folder), 16, async (name) => {
      const body = await readFile(path.join(folder, name))
      await client.send(new PutObjectCommand({Bucket: bucket, Key: prefix + name, Body: body}))
    })
  } else if (op === 'read-many') {
    const [folder, bucket, prefix, out] = args
    await eachInPool(await readdir(folder), 16, (name) => download(bucket, prefix + name, path.join(out, name)))
  } else {
    throw new Error(`unknown operation ${op}`)
  }
} finally {
  client.destroy()
}
