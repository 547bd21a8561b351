#!/usr/bin/env node
// Plain old syntax and no static import: this file must parse and refuse an unsupported Node
// (package.json's engines: ^22.18 || >=24) with one line before anything else is loaded.
var version = process.versions.node
var parts = version.split('.').map(Number)
if (!(parts[0] >= 24 || (parts[0] === 22 && parts[1] >= 18))) {
  var also = parts[0] === 23 ? ' (23 is not supported: use 22.18+ or 24+)' : ''
  process.stderr.write('s3 needs Node.js 22.18 or newer' + also + '; this is ' + version + '\n')
  process.exit(1)
}

// The compile cache must be on before oclif and our code are read: Node keeps compiled code on
// disk between runs (it never fails a run when the cache folder is unwritable).
// No top-level await: with stdout closed early (`s3 --help | head -1`) a write may never
// settle, and Node would then exit 13 instead of the command's own code.
import('node:module')
  .then(function (module) {
    module.default.enableCompileCache()
    return import('../dist/app/main.js')
  })
  .then(function (cli) {
    cli.main(process.argv.slice(2), import.meta.url)
  })
