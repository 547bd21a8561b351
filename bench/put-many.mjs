// Uploads every file of a folder with the s3 library from one process, 16 at a time: what a
// recursive `s3 put` would do (aws s3 cp --recursive and s3cmd put --recursive do the same).
// Usage: node bench/put-many.mjs CONFIG FOLDER PREFIX
import {readdir} from 'node:fs/promises'
import path from 'node:path'
import {loadConfig, S3Connection, Storage} from '../dist/index.js'

const [configPath, folder, prefix] = process.argv.slice(2)
const {options} = await loadConfig({configPath})
const connection = new S3Connection(options)
const storage = new Storage(connection)
const names = await readdir(folder)
let next = 0
await Promise.all(Array.from({length: 16}, async () => {
  while (next < names.length) {
    const name = names[next++]
    await storage.write(path.join(folder, name), prefix + name)
  }
}))
connection.close()
