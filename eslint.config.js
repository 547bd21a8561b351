// ESLint flat config: typescript-eslint `recommended` (syntax-only, no type information, so it
// stays fast) plus @stylistic rules that pin the code's style: no semicolons, single quotes,
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
    files: ['test/**/*.ts'],
    languageOptions: {globals: {...globals.mocha}},
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {sourceType: 'commonjs'},
    rules: {'@typescript-eslint/no-require-imports': 'off'},
  },
)
