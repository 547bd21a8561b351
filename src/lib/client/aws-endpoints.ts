/**
 * Where S3 is for a region when no endpoint is configured, after AWS's endpoint rules for S3
 * (the rule set the AWS SDKs resolve, with its partitions: aws, aws-cn, aws-us-gov, aws-iso...):
 * `s3.<region>.<the partition's DNS suffix>`, and the pseudo-region `aws-global` for the global
 * endpoint `s3.amazonaws.com`, signed as us-east-1. A region of no known partition is taken as
 * one of `aws`, as the rules do. Pure: no network.
 */

interface Partition {
  id: string
  /** The shape of its region names. */
  regions: RegExp
  dnsSuffix: string
}

/** AWS's partitions, the most specific shapes first (`us-gov-...`, `us-iso-...` before `aws`'s `us-...`). */
const PARTITIONS: readonly Partition[] = [
  {id: 'aws-cn', regions: /^cn-\w+-\d+$/, dnsSuffix: 'amazonaws.com.cn'},
  {id: 'aws-us-gov', regions: /^us-gov-\w+-\d+$/, dnsSuffix: 'amazonaws.com'},
  {id: 'aws-iso', regions: /^us-iso-\w+-\d+$/, dnsSuffix: 'c2s.ic.gov'},
  {id: 'aws-iso-b', regions: /^us-isob-\w+-\d+$/, dnsSuffix: 'sc2s.sgov.gov'},
  {id: 'aws-iso-e', regions: /^eu-isoe-\w+-\d+$/, dnsSuffix: 'cloud.adc-e.uk'},
  {id: 'aws-iso-f', regions: /^us-isof-\w+-\d+$/, dnsSuffix: 'csp.hci.ic.gov'},
  {id: 'aws-eusc', regions: /^eusc-de-\w+-\d+$/, dnsSuffix: 'amazonaws.eu'},
  {id: 'aws', regions: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/, dnsSuffix: 'amazonaws.com'},
]

const AWS = PARTITIONS.find((p) => p.id === 'aws')!

/** The pseudo-region of the global endpoint. */
export const GLOBAL_REGION = 'aws-global'

/** The partition a region belongs to (`aws` for a region of no known shape, as AWS's rules say). */
export function partitionOf(region: string): Partition {
  return PARTITIONS.find((p) => p.regions.test(region)) ?? AWS
}

/** The host of S3 in `region` when no endpoint is configured. */
export function defaultS3Host(region: string): string {
  if (region === GLOBAL_REGION) return 's3.amazonaws.com'
  return `s3.${region}.${partitionOf(region).dnsSuffix}`
}

/** The region a request to `region`'s endpoint is signed for: us-east-1 for `aws-global`. */
export function signingRegion(region: string): string {
  return region === GLOBAL_REGION ? 'us-east-1' : region
}

/** Whether a host is AWS's (any partition): virtual-host addressing is then the default. */
export function isAwsHost(hostname: string): boolean {
  const host = hostname.toLowerCase()
  return PARTITIONS.some((p) => host === p.dnsSuffix || host.endsWith('.' + p.dnsSuffix))
}
