/**
 * Where a key lands in a local folder, or why it must not land anywhere: a key that would
 * leave the folder (`../x`, `a/../../x`, an absolute path) or that cannot be a file name is
 * never written; the batch skips it with a warning and goes on.
 */
import path from 'node:path'

export type LocalTarget = {path: string} | {skip: string}

export function localTarget(root: string, rel: string): LocalTarget {
  if (rel === '') return {skip: 'the key names the folder itself'}
  if (rel.startsWith('/') || /^[A-Za-z]:[\\/]/.test(rel)) return {skip: 'an absolute path'}
  const segments = rel.split('/')
  if (segments.some((s) => s === '..')) return {skip: 'a ".." segment would leave the target folder'}
  if (segments.some((s) => s === '.')) return {skip: 'a "." segment'}
  if (rel.includes('\0')) return {skip: 'a NUL character'}
  if (segments.slice(0, -1).some((s) => s === '')) return {skip: 'an empty path segment ("//")'}
  if (path.sep === '\\' && rel.includes('\\')) return {skip: 'a backslash, which is a separator here'}
  const full = path.resolve(root, ...segments)
  const base = path.resolve(root)
  if (!full.startsWith(base + path.sep)) return {skip: 'it would leave the target folder'}
  return {path: full}
}
