/**
 * Where a connection's credentials come from: static keys, none at all (anonymous requests to
 * public buckets), or the AWS SDK's providers (assume-role, SSO, credential_process, web
 * identity, container and instance credentials), which refresh temporary credentials before
 * they expire. The signer stays pure: the connection asks the provider before each try.
 */
import {processCredentials} from './credential-process.js'
import {ConfigError} from './options.js'
import type {Credentials} from '../client/signer.js'

/** Credentials good for the next few minutes at least; null: send the request unsigned. */
export interface CredentialProvider {
  (): Promise<Credentials | null>
  /** The last credentials resolved, for what must be made synchronously (presigned URLs); undefined before the first. */
  readonly current?: Credentials | null
  /** Where they come from, for `config:show` and messages ("static keys", "AWS SDK chain (profile dev)"). */
  readonly description: string
}

export function staticCredentials(credentials: Credentials, description = 'static keys'): CredentialProvider {
  return Object.assign(async () => credentials, {current: credentials, description})
}

/** Unsigned requests: no Authorization header, for public buckets and objects. */
export const anonymousCredentials: CredentialProvider = Object.assign(async () => null, {current: null, description: 'none (unsigned requests)'})

export interface SdkChainOptions {
  /** The profile of the shared files (undefined: AWS_PROFILE, else default). */
  profile?: string
  /** Called when the chain found nothing: the error message to raise. */
  nothingFound: (reason: string) => string
}

export interface ProcessProviderOptions {
  /** The profile whose `credential_process` this is. */
  profile: string
  command: string
  timeoutSeconds: number
}

/**
 * A profile's credential_process, run with a time limit (see credential-process.ts). Its
 * failures are its own, one line naming the profile: never the SDK chain's "Could not load
 * credentials from any providers".
 */
export function credentialProcessProvider(options: ProcessProviderOptions): CredentialProvider {
  const run = processCredentials(options)
  const state: {current?: Credentials} = {}
  const provider = async (): Promise<Credentials> => (state.current = await run())
  return Object.defineProperties(provider, {
    current: {get: () => state.current},
    description: {value: `credential_process (profile ${options.profile})`},
  }) as CredentialProvider
}

/**
 * The AWS SDK's credential chain, loaded on first use only: the common path (static keys)
 * never loads it. The SDK memoizes the credentials and fetches new ones when less than five
 * minutes are left, so a long transfer signs every request with valid credentials.
 */
export function sdkCredentials(options: SdkChainOptions): CredentialProvider {
  type SdkProvider = () => Promise<{accessKeyId: string; secretAccessKey: string; sessionToken?: string}>
  let chain: SdkProvider | undefined
  const state: {current?: Credentials} = {}
  const provider = async (): Promise<Credentials> => {
    if (!chain) {
      const {defaultProvider} = await loadSdkChain(options)
      chain = defaultProvider({profile: options.profile}) as SdkProvider
    }
    try {
      const got = await chain()
      state.current = {accessKeyId: got.accessKeyId, secretAccessKey: got.secretAccessKey, sessionToken: got.sessionToken}
      return state.current
    } catch (error) {
      throw new ConfigError(options.nothingFound(sdkReason(error)))
    }
  }
  const description = `AWS SDK credential chain (profile ${options.profile ?? 'default'})`
  return Object.defineProperties(provider, {
    current: {get: () => state.current},
    description: {value: description},
  }) as CredentialProvider
}

/** The package of the SDK's chain: a dependency of the CLI, an optional peer of the library package. */
const SDK_CHAIN_PACKAGE = '@aws-sdk/credential-provider-node'

/**
 * The SDK's chain module. A library-only install (`s3-connector-lib`) may leave it out, as it
 * is half of that install's weight: then "no credentials" says what to install.
 */
async function loadSdkChain(options: SdkChainOptions): Promise<typeof import('@aws-sdk/credential-provider-node')> {
  try {
    return await import('@aws-sdk/credential-provider-node')
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code !== 'ERR_MODULE_NOT_FOUND' || !String((error as Error).message).includes(`'${SDK_CHAIN_PACKAGE}'`)) throw error
    throw new ConfigError(options.nothingFound(`${SDK_CHAIN_PACKAGE} is not installed: npm install ${SDK_CHAIN_PACKAGE} for SSO, assume-role and instance credentials`))
  }
}

/** The SDK's reason in one line, without anything that could be a secret (its messages name files and profiles only). */
function sdkReason(error: unknown): string {
  const message = String((error as Error)?.message ?? error).split('\n')[0].trim()
  return message.replace(/\s+/g, ' ').slice(0, 300)
}
