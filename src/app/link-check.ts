/**
 * `s3 plugins:link DIR` checked before oclif reads DIR: for a folder without a readable
 * package.json, or with one that is not valid JSON, oclif says "could not find package.json
 * with { isRoot: true, pjson: undefined, root: ... }" (an internal object, and the wrong
 * reason). One line says what is wrong instead.
 */
import {readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {clip, firstLine} from '../lib/text.js'

/** Why DIR cannot be linked as a plugin, or undefined when its package.json reads as JSON. */
export function linkProblem(dir: string): string | undefined {
  const cannot = (why: string) => `cannot link ${dir}: ${why}`
  const stat = statSync(dir, {throwIfNoEntry: false})
  if (!stat) return cannot('no such folder')
  if (!stat.isDirectory()) return cannot('not a folder')
  let text: string
  try {
    text = readFileSync(path.join(dir, 'package.json'), 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return cannot(code === 'ENOENT' ? 'it has no package.json' : `its package.json cannot be read (${code ?? 'unknown error'})`)
  }
  try {
    JSON.parse(text)
  } catch (error) {
    return cannot(`its package.json is not valid JSON: ${clip(firstLine((error as Error).message), 200)}`)
  }
  return undefined
}
