/**
 * A linked plugin is a working copy: its oclif.manifest.json (left by `oclif manifest` before a
 * pack) is stale as soon as a command is added or changed, and oclif would trust it, so a new
 * command is "not found" until the file is deleted. The CLI reads a linked plugin's commands
 * from its folder instead, always; installed plugins keep using their manifests.
 * oclif decides this per Config (`ignoreManifest`), not per plugin: the one hook is Plugin's
 * `_manifest`, which reads `options.ignoreManifest` (its own options object) just before.
 */
import {Plugin} from '@oclif/core/config'

interface ManifestReader {
  type: string
  options: {ignoreManifest?: boolean}
  _manifest(): Promise<unknown>
}

let installed = false

/** From now on, plugins of type 'link' load without their manifest. Idempotent. */
export function ignoreLinkedManifests(): void {
  if (installed) return
  installed = true
  const proto = Plugin.prototype as unknown as ManifestReader
  const readManifest = proto._manifest
  if (typeof readManifest !== 'function') return // another oclif: its own behaviour stands
  proto._manifest = function (this: ManifestReader) {
    if (this.type === 'link') this.options.ignoreManifest = true
    return readManifest.call(this)
  }
}
