#!/usr/bin/env node
// Only node: built-ins here: the compile cache must be on before oclif and our code are read.
import module from 'node:module'

// Node >= 22.1 keeps compiled code on disk between runs (it never fails a run when the cache
// folder is unwritable); older Node has no such method.
module.enableCompileCache?.()

// No top-level await: with stdout closed early (`s3 --help | head -1`) a write may never
// settle, and Node would then exit 13 instead of the command's own code.
import('../dist/cli/main.js').then(({main}) => main(process.argv.slice(2), import.meta.url))
