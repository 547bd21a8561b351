/**
 * Content MD5s for `sync --checksum` and `diff --checksum`: a local file's, streamed; an
 * object's is its ETag when that is one (response.ts etagMd5; a multipart ETag is not).
 */
import {createHash} from 'node:crypto'
import {createReadStream} from 'node:fs'

export async function md5OfFile(file: string): Promise<string> {
  const md5 = createHash('md5')
  for await (const chunk of createReadStream(file, {highWaterMark: 1024 * 1024})) md5.update(chunk as Buffer)
  return md5.digest('hex')
}

/** Two content MD5s, compared; undefined when either side has none (a multipart ETag): never a guess. */
export interface Md5Comparison {
  equal: boolean
  source: string
  destination: string
}

/** THE checksum comparison of two files (sync --checksum, diff --checksum). */
export async function compareMd5(source: {md5(): Promise<string | undefined>}, destination: {md5(): Promise<string | undefined>}): Promise<Md5Comparison | undefined> {
  const [a, b] = await Promise.all([source.md5(), destination.md5()])
  if (a === undefined || b === undefined) return undefined
  return {equal: a === b, source: a, destination: b}
}
