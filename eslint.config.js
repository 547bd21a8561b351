// ESLint flat config: typescript-eslint `recommended`, two type-aware rules for promises (the only
// rules that read types, from tsconfig.test.json), import boundaries between the
// layers (docs/architecture.md), and @stylistic rules that pin the code's style: no semicolons, single quotes,
// 2-space indent, `{a, b}` braces, trailing commas on multiline literals.
import js from '@eslint/js'
import stylistic from '@stylistic/eslint-plugin'
import {defineConfig, globalIgnores} from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  globalIgnores(['dist/', 'packages/*/dist/', 'dist.tmp/', '.tmp/', '.rgw/', '.demo/', 'bench/results/', 'oclif.manifest.json']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {...globals.node},
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    plugins: {'@stylistic': stylistic},
    rules: {
      '@stylistic/semi': ['error', 'never'],
      '@stylistic/quotes': ['error', 'single', {avoidEscape: true, allowTemplateLiterals: 'always'}],
      '@stylistic/indent': ['error', 2, {SwitchCase: 1}],
      '@stylistic/object-curly-spacing': ['error', 'never'],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      // Multiline interfaces/types: no delimiter; inline types: `{a: string; b: number}`.
      '@stylistic/member-delimiter-style': ['error', {
        multiline: {delimiter: 'none', requireLast: false},
        singleline: {delimiter: 'semi', requireLast: false},
      }],
      '@stylistic/arrow-parens': ['error', 'always'],
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/eol-last': 'error',
      '@stylistic/no-multiple-empty-lines': ['error', {max: 1, maxEOF: 0, maxBOF: 0}],
      // `let [a, b] = ...` where only b is reassigned is fine: a destructuring can't be split.
      'prefer-const': ['error', {destructuring: 'all'}],
      // `interface ReadOptions extends DownloadOptions {}`: named aliases of one supertype.
      '@typescript-eslint/no-empty-object-type': ['error', {allowInterfaces: 'with-single-extends'}],
    },
  },
  {
    // A promise nobody awaits loses its error (an unhandled rejection ends the process) and
    // its order; an async function where a callback's result is ignored does the same.
    files: ['**/*.ts'],
    languageOptions: {parserOptions: {project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname}},
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // The library knows nothing of the command line: it never imports a layer above it.
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {patterns: [{
        regex: '^\\.\\./(\\.\\./)*(cli|commands|output|hooks|input|app)(/|$)|base-command|exit-codes|plugin\\.js$',
        message: 'src/lib is the library: it never imports the CLI\'s layers (cli, commands, output, hooks, input, base-command, exit-codes, plugin).',
      }]}],
    },
  },
  {
    // Commands reach S3 through the base command's Storage, never the request path under it.
    // (Their imports of lib's transfer engine, types and tables are the part still to move
    // behind the public API: docs/architecture.md, "Layers".)
    files: ['src/commands/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {patterns: [{
        regex: '/lib/client/(client|connection|signer|retry|response|plain-xml)\\.js$|/lib/http/(transport|proxy-agents)\\.js$|/lib/settings/(credentials|credential-process|aws-shared-files|config-files)\\.js$|/lib/storage\\.js$|/lib/ops/(objects|write|read|copy|copy-object|buckets|list-keys|empty|subresources|http|download|download-file|upload|sources|multipart-driver|listing-order|params)\\.js$',
        message: 'commands reach S3 through S3Command.storage(), never the connection or Storage\'s internals.',
      }]}],
    },
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: {globals: {...globals.mocha}},
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {sourceType: 'commonjs'},
    rules: {'@typescript-eslint/no-require-imports': 'off'},
  },
)
