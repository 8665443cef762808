/**
 * An embedding model for a search by meaning, from a directory the user
 * names (the config's `model` key), run with onnxruntime-node on the CPU;
 * never fetched from anywhere.
 *
 * The directory holds:
 *
 * - `model.onnx`: a sentence-embedding model whose inputs are some of
 *   `input_ids`, `attention_mask`, `token_type_ids` (int64, `[1, tokens]`)
 *   and whose first output is either `[1, dims]` (a pooled sentence vector)
 *   or `[1, tokens, dims]` (token vectors, averaged here over the tokens);
 * - `vocab.txt`: its WordPiece vocabulary, one token a line, the line number
 *   its id (BERT's layout: `[PAD]`, `[UNK]`, `[CLS]`, `[SEP]`, `##` for the
 *   rest of a word). Multilingual BERT-family models (e.g. a multilingual
 *   MiniLM or LaBSE exported to ONNX) come with both.
 *
 * Text is lower-cased, split at white space and punctuation, every Chinese
 * character a word of its own, then cut into WordPiece tokens (at most 128,
 * `[CLS]` and `[SEP]` around them when the vocabulary has them). Vectors are
 * normalised to length 1.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { requireOptional } from './packages.js';

/** A model ready to embed texts. */
export interface EmbeddingModel {
  dir: string;
  /** Names the model's files as they are (size and mtime of both): vectors made by another model, or another version of it, are made again. */
  key: string;
  /** The length of its vectors. */
  dims: number;
  /** One vector (length 1) per text. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

const EXAMPLE = '{"model": "~/models/multilingual-minilm"} (a directory holding model.onnx and vocab.txt)';
const MAX_TOKENS = 128;

/**
 * Checks a model directory without loading it: it exists and holds
 * `model.onnx` and a non-empty `vocab.txt`. Throws an `InputError` with an
 * example otherwise.
 */
export function checkModelDir(dir: string, source = 'the config\'s "model"'): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new InputError(`${source} names ${dir}: no such directory`, `expected a directory holding model.onnx and vocab.txt, e.g. ${EXAMPLE}`);
  }
  if (!stat.isDirectory()) throw new InputError(`${source} names ${dir}, which is not a directory`, `expected a directory holding model.onnx and vocab.txt, e.g. ${EXAMPLE}`);
  for (const file of ['model.onnx', 'vocab.txt']) {
    const f = path.join(dir, file);
    if (!fs.existsSync(f) || fs.statSync(f).size === 0) throw new InputError(`${source} names ${dir}, which has no ${file}`, `expected a directory holding model.onnx and vocab.txt, e.g. ${EXAMPLE}`);
  }
}

/** BERT's basic tokenizer and WordPiece over a vocabulary. */
export class WordPiece {
  private readonly ids = new Map<string, number>();
  readonly unk: number;
  readonly cls: number | undefined;
  readonly sep: number | undefined;

  constructor(vocab: string) {
    vocab.split(/\r?\n/).forEach((tok, i) => {
      if (tok !== '' && !this.ids.has(tok)) this.ids.set(tok, i);
    });
    this.unk = this.ids.get('[UNK]') ?? 0;
    this.cls = this.ids.get('[CLS]');
    this.sep = this.ids.get('[SEP]');
  }

  /** The token ids of a text, with `[CLS]` and `[SEP]` when the vocabulary has them, at most 128. */
  encode(text: string): number[] {
    const out: number[] = [];
    if (this.cls !== undefined) out.push(this.cls);
    const room = MAX_TOKENS - (this.sep !== undefined ? 1 : 0);
    const words = text
      .toLowerCase()
      .normalize('NFKC')
      .replace(/[\p{Script=Han}]|[\p{P}\p{S}]/gu, ' $& ')
      .split(/\s+/)
      .filter((w) => w !== '');
    for (const word of words) {
      if (out.length >= room) break;
      out.push(...this.pieces(word).slice(0, room - out.length));
    }
    if (this.sep !== undefined) out.push(this.sep);
    return out;
  }

  private pieces(word: string): number[] {
    if (word.length > 100) return [this.unk];
    const out: number[] = [];
    let start = 0;
    while (start < word.length) {
      let end = word.length;
      let id: number | undefined;
      while (end > start) {
        id = this.ids.get((start > 0 ? '##' : '') + word.slice(start, end));
        if (id !== undefined) break;
        end--;
      }
      if (id === undefined) return [this.unk];
      out.push(id);
      start = end;
    }
    return out;
  }
}

interface Ort {
  InferenceSession: { create(file: string, options?: object): Promise<Session> };
  Tensor: new (type: string, data: BigInt64Array, dims: number[]) => unknown;
}
interface Session {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>>;
}

/**
 * Loads the model of a directory (see the module's comment for its layout).
 * Throws an `InputError` when the directory is not a model's, a
 * `MissingPackageError` when onnxruntime-node is not installed.
 */
export async function loadModel(dir: string): Promise<EmbeddingModel> {
  checkModelDir(dir);
  const ort = requireOptional<Ort>('onnxruntime-node');
  const file = path.join(dir, 'model.onnx');
  const vocabFile = path.join(dir, 'vocab.txt');
  const tokenizer = new WordPiece(fs.readFileSync(vocabFile, 'utf8'));
  let session: Session;
  try {
    session = await ort.InferenceSession.create(file, { executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
  } catch (err) {
    throw new InputError(`the model ${file} cannot be loaded: ${(err as Error).message.split('\n')[0]}`, `expected an ONNX sentence-embedding model taking input_ids, e.g. ${EXAMPLE}`);
  }
  if (!session.inputNames.includes('input_ids')) throw new InputError(`the model ${file} takes no input_ids (it takes ${session.inputNames.join(', ')})`, `expected an ONNX sentence-embedding model taking input_ids, e.g. ${EXAMPLE}`);
  const stamp = [file, vocabFile].map((f) => fs.statSync(f)).map((s) => `${s.size}:${s.mtimeMs}`).join(' ');
  const key = crypto.createHash('sha1').update(`${path.resolve(dir)}\n${stamp}`).digest('hex').slice(0, 16);
  const embedOne = async (text: string): Promise<Float32Array> => {
    const ids = tokenizer.encode(text);
    const dims = [1, ids.length];
    const feeds: Record<string, unknown> = {};
    for (const name of session.inputNames) {
      const data = name === 'input_ids' ? BigInt64Array.from(ids, BigInt) : name === 'attention_mask' ? new BigInt64Array(ids.length).fill(1n) : new BigInt64Array(ids.length);
      feeds[name] = new ort.Tensor('int64', data, dims);
    }
    const out = (await session.run(feeds))[session.outputNames[0]!]!;
    return pool(out.data, out.dims);
  };
  const first = await embedOne('');
  return {
    dir,
    key,
    dims: first.length,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (const t of texts) out.push(await embedOne(t));
      return out;
    },
  };
}

/** A model's output as one vector of length 1: `[1, dims]` as it is, `[1, tokens, dims]` averaged over the tokens. */
export function pool(data: Float32Array, dims: readonly number[]): Float32Array {
  const d = dims[dims.length - 1]!;
  const rows = dims.length === 3 ? dims[1]! : 1;
  const v = new Float32Array(d);
  for (let r = 0; r < rows; r++) for (let i = 0; i < d; i++) v[i]! += data[r * d + i]! / rows;
  let norm = 0;
  for (let i = 0; i < d; i++) norm += v[i]! * v[i]!;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < d; i++) v[i]! /= norm;
  return v;
}
