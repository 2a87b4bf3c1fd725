// ESLint: typescript-eslint's type-aware rules over every TypeScript file, each checked against the tsconfig of the
// runtime it belongs to (found through tsconfig.json's references), plus React's hooks rules for the page code.
// Formatting is Prettier's alone (eslint-config-prettier, last, turns off the rules that would fight it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['dist/', 'node_modules/', 'training/', 'bench-results/', 'bench-models/', 'data-extra/', '.tmp/'],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // noUncheckedIndexedAccess types every index read as T | undefined; `!` after a bounds-checked index (byte
      // readers, pixel loops, sorted samples) is the intended answer, and tsc still checks every other access.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numbers in messages (sizes, times, counts) read as written; other non-strings still need a conversion.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => setX(v)` is the usual callback shape; a void call used as a value elsewhere is still reported.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // TypeScript narrows a `let` to its first value across awaits and the callbacks that reassign it
      // (microsoft/TypeScript#9998): flags set by workers and event handlers (failure, crashed, flushed, an abort)
      // would read as dead checks, and a setup variable guarded in afterAll as never undefined.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // `const { previewUrl: _gone, ...rest } = e` is how an object loses a field.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // vitest types its asymmetric matchers (expect.stringMatching, expect.closeTo, expect.any) as `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['src/**/*.tsx', 'src/**/*.ts'],
    extends: [reactHooks.configs.flat['recommended-latest']],
  },
  {
    // This file is plain JavaScript outside every tsconfig.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  prettier,
);
