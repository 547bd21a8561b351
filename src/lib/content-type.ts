/**
 * Content-Type from a file name's extension, for uploads that don't name one. The table is the
 * `mime` package's (mime-db: IANA and common types, kept up to date upstream); a few rows here
 * fill its gaps or follow the IANA registration where mime-db still has an older name. Anything
 * unknown is application/octet-stream, which is what S3 would assume anyway. Loaded only when
 * a type must be guessed (objects.ts imports this module lazily).
 */
import mime from 'mime'

/** Where mime-db has no type, or one the IANA registry has since replaced. */
const OVERRIDES: Record<string, string> = {
  // gaps in mime-db
  jsonl: 'application/jsonl', ndjson: 'application/x-ndjson', py: 'text/x-python', tgz: 'application/gzip',
  zst: 'application/zstd', parquet: 'application/vnd.apache.parquet',
  // IANA: application/yaml (RFC 9512), text/javascript for every JavaScript (RFC 9239), audio/flac
  yaml: 'application/yaml', yml: 'application/yaml', cjs: 'text/javascript', flac: 'audio/flac',
}

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream'

/** The type for `name` by its last extension (case-insensitive), or application/octet-stream. */
export function guessContentType(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const dot = base.lastIndexOf('.')
  if (dot <= 0 || dot === base.length - 1) return DEFAULT_CONTENT_TYPE
  const extension = base.slice(dot + 1).toLowerCase()
  return OVERRIDES[extension] ?? mime.getType(extension) ?? DEFAULT_CONTENT_TYPE
}
