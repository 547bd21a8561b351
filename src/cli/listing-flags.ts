/** The flags every listing command shares: --human-readable and --summarize (as in `aws s3 ls`). */
import * as Flags from '@oclif/core/flags'

export const listingFlags = {
  'human-readable': Flags.boolean({description: 'sizes as 1.2 MiB and dates as local time, in text and table output (json, ndjson, yaml keep bytes and UTC)'}),
  summarize: Flags.boolean({description: 'end with the count and total size: a `Total:` line in text and table, {"items": [...], "summary": {...}} in json and yaml, a last {"summary": {...}} line in ndjson'}),
}
