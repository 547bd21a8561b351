/**
 * Reads a bucket configuration document (CORS rules, a policy...) given on the command line (--file PATH, --file - for stdin,
 * or --data TEXT): XML, JSON or YAML, told by the file's extension, else by its first
 * character. JSON and YAML hold the objects the getters print, so a getter's output is a
 * valid setter input. A document that does not parse fails with one line naming the source
 * and the problem (a ValueError: exit code 2), before anything is sent.
 */
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {text as streamText} from 'node:stream/consumers'
import {firstLine} from '../lib/text.js'
import {LocalFileError, ValueError} from '../lib/errors.js'
import type {XmlObject} from '../lib/client/xml.js'

export type DocumentFormat = 'xml' | 'json' | 'yaml'

export interface BucketDocument {
  /** Where it came from, for messages: a path, 'stdin' or '--data'. */
  source: string
  format: DocumentFormat
  /** The text as given (sent unchanged when its format is the config's own format). */
  text: string
  /** The parsed document. */
  value: XmlObject
}

const EXTENSIONS: Record<string, DocumentFormat> = {'.xml': 'xml', '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml'}

/** The format of a document: by extension when it has a known one, else by its content. */
export function detectFormat(text: string, filename?: string): DocumentFormat {
  const byExtension = filename ? EXTENSIONS[path.extname(filename).toLowerCase()] : undefined
  if (byExtension) return byExtension
  const first = text.replace(/^\uFEFF/, '').trimStart()[0]
  if (first === '<') return 'xml'
  if (first === '{' || first === '[') return 'json'
  return 'yaml'
}

/** Reads `--file` (a path, or '-' for stdin). Unreadable files raise the fs error (exit 8). */
export async function readBucketDocument(file: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<BucketDocument> {
  if (file === '-') return parseBucketDocument(await streamText(stdin), 'stdin')
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    const reason = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a folder' : e.code === 'EACCES' ? 'permission denied' : e.message
    throw new LocalFileError(`cannot read ${file}: ${reason}`, e.code, file)
  }
  return parseBucketDocument(text, file, file)
}

/** Parses a document's text; `filename` (when given) decides the format by extension. */
export async function parseBucketDocument(text: string, source: string, filename?: string): Promise<BucketDocument> {
  const clean = text.replace(/^\uFEFF/, '')
  if (clean.trim() === '') throw new ValueError(`${source}: the document is empty`)
  const format = detectFormat(clean, filename)
  const value = await parse(clean, format).catch((error: Error) => {
    throw new ValueError(`${source}: invalid ${format.toUpperCase()}: ${firstLine(error.message.replace(/^invalid XML: /, ''))}`)
  })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValueError(`${source}: expected a ${format === 'xml' ? 'document' : 'mapping (an object)'}, got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`)
  }
  return {source, format, text: clean, value: value as XmlObject}
}

async function parse(text: string, format: DocumentFormat): Promise<unknown> {
  switch (format) {
    case 'xml': {
      const {parseXml} = await import('../lib/client/xml.js')
      return parseXml(text)
    }
    case 'json':
      return JSON.parse(text)
    case 'yaml': {
      // The core schema: no timestamps or other types that the XML and JSON bodies cannot hold.
      const yaml = await import('js-yaml')
      return yaml.load(text, {schema: yaml.CORE_SCHEMA})
    }
  }
}
