/**
 * The one line a failure is reported in: `s3: error: LINE`. With the command's task ("put
 * report.pdf", in the user's words) the line starts with that instead of the library method's
 * name, and a raw file-system error says what went wrong in a few words (`no such file or
 * folder`) with the path it concerns when that is not the one in the task.
 */
import {StorageError} from '../lib/errors.js'

const LOCAL_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'file name too long',
  EFBIG: 'file too large',
  ELOOP: 'too many symbolic links',
}

export function errorLine(error: Error, task?: string): string {
  if (task === undefined || !(error instanceof StorageError)) return oneLine(error.message)
  const cause = error.exception
  if (cause instanceof Error) {
    const e = cause as NodeJS.ErrnoException
    const other = e.path && !task.includes(e.path) ? e.path : undefined // the path it concerns, when not the task's
    // The code stays in the line: scripts and searches know ENOSPC better than our words for it.
    if (e.code && LOCAL_REASONS[e.code] && cause.message.startsWith(`${e.code}:`)) {
      return `${task}: ${LOCAL_REASONS[e.code]} (${e.code}${other ? `, ${other}` : ''})`
    }
    return `${task}: ${oneLine(cause.message)}${other ? ` (${other})` : ''}`
  }
  // What S3 said: the library's line minus the method's name ("write (s3://b/k): NoSuchBucket: ...").
  let rest = error.message.slice(error.op.length)
  const where = /^ \((s3:\/\/[^)]*)\)/.exec(rest)
  if (where && task.includes(where[1])) rest = rest.slice(where[0].length) // the task names it already
  return `${task}${rest.startsWith(' ') ? ' ' : ''}${oneLine(rest)}`
}

/** One line from a possibly multi-line message (oclif's parse errors put the detail on later lines). */
export function oneLine(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('See more help'))
  if (lines.length === 0) return 'unknown error'
  const [first, ...rest] = lines
  return (rest.length ? `${first.replace(/:$/, '')}: ${rest.join(' ')}` : first).replace(/\s+/g, ' ')
}
