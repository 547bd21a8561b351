/** The content MD5 of a local file, streamed, for `sync --checksum` (an object's is its ETag: response.ts etagMd5). */
import {createHash} from 'node:crypto'
import {createReadStream} from 'node:fs'

export async function md5OfFile(file: string): Promise<string> {
  const md5 = createHash('md5')
  for await (const chunk of createReadStream(file, {highWaterMark: 1024 * 1024})) md5.update(chunk as Buffer)
  return md5.digest('hex')
}
