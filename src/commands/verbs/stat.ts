import {headFlags, ObjectCommand, readHeaders, remoteArg} from '../object/object-command.js'

/** What a HEAD answer says of an object, by header: the name shown -> the header it comes from. */
const SHOWN_HEADERS: Record<string, string> = {
  cacheControl: 'cache-control',
  contentEncoding: 'content-encoding',
  contentDisposition: 'content-disposition',
  contentLanguage: 'content-language',
  expires: 'expires',
  serverSideEncryption: 'x-amz-server-side-encryption',
  objectLockMode: 'x-amz-object-lock-mode',
  objectLockRetainUntilDate: 'x-amz-object-lock-retain-until-date',
  objectLockLegalHold: 'x-amz-object-lock-legal-hold',
  websiteRedirectLocation: 'x-amz-website-redirect-location',
  replicationStatus: 'x-amz-replication-status',
  tagCount: 'x-amz-tagging-count',
}

/** The checksum headers S3 sends when asked (x-amz-checksum-mode: ENABLED). */
const CHECKSUM_HEADER = /^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)$/

/** HEAD's HTTP date as the listings give dates (ISO 8601, UTC); anything else as sent. */
function isoTime(httpDate: string): string {
  const time = Date.parse(httpDate)
  return Number.isNaN(time) ? httpDate : new Date(time).toISOString()
}

export default class Stat extends ObjectCommand<typeof Stat> {
  static summary = 'Show what S3 knows of an object: size, type, ETag, checksum, storage class, dates, version, lock, metadata'
  static description = 'Asks S3 for REMOTE\'s headers (HEAD) and prints size, Content-Type, ETag, its checksum when it was stored with one, storage class, ' +
    'Last-Modified, version id, the object-lock retention and legal hold when set, the other Content-* headers it is served with, and its user metadata. ' +
    'Text: one `name: value` line each; --json and the other formats: one record. A missing object exits 4.'
  static examples = [
    '<%= config.bin %> <%= command.id %> s3://com-example-docs/report.pdf',
    '<%= config.bin %> <%= command.id %> s3://com-example-docs/report.pdf --json | jq .metadata',
  ]
  static args = {
    remote: remoteArg,
  }
  static flags = headFlags

  async run(): Promise<void> {
    this.task = `stat ${this.args.remote}`
    const target = await this.resolveRemote(this.args.remote)
    const storage = await this.storage()
    const info = await storage.head(target.name, {
      versionId: this.flags['version-id'],
      headers: {'x-amz-checksum-mode': 'ENABLED', ...readHeaders(this.flags)},
    })
    const header = (name: string): string | undefined => {
      const value = info.headers[name]
      return Array.isArray(value) ? value[0] : value
    }
    const checksums = Object.fromEntries(Object.keys(info.headers).flatMap((name) => {
      const algorithm = CHECKSUM_HEADER.exec(name)?.[1]
      return algorithm ? [[algorithm.toUpperCase(), header(name)]] : []
    }))
    const record: Record<string, unknown> = {
      bucket: target.bucket,
      key: target.name.key,
      size: info.size,
      contentType: info.contentType,
      eTag: info.eTag,
      ...(Object.keys(checksums).length > 0 ? {checksum: checksums} : {}),
      storageClass: info.storageClass ?? 'STANDARD', // S3 leaves STANDARD unsaid
      lastModified: isoTime(info.lastModified),
      versionId: info.versionId ?? null,
    }
    for (const [shown, name] of Object.entries(SHOWN_HEADERS)) {
      const value = header(name)
      if (value !== undefined) record[shown] = value
    }
    record.metadata = info.metadata
    await this.output(record)
  }
}
