/**
 * A tiny embedding model the tests make themselves, in the layout daybook
 * reads (`model.onnx` + `vocab.txt`): an ONNX graph written byte by byte
 * (protobuf), `Gather` of a token-embedding table over `input_ids`, then
 * `ReduceMean` over the tokens, giving `[1, dims]`. Words of one topic share
 * a direction, so "durability" lands near "fsync" and 持久 near both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { rng } from '../bench/generate.js';

// Protobuf, the little of it ONNX needs.
function varint(n: number | bigint): number[] {
  let v = BigInt(n);
  if (v < 0n) v += 1n << 64n;
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}
const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, n: number) => [...key(field, 0), ...varint(n)];
const bytes = (field: number, b: number[] | Uint8Array) => [...key(field, 2), ...varint(b.length), ...b];
const str = (field: number, s: string) => bytes(field, [...Buffer.from(s, 'utf8')]);
const msg = (field: number, parts: number[][]) => bytes(field, parts.flat());

/** A tensor type: elem 1 float, 7 int64; dims numbers or names. */
const valueInfo = (field: number, name: string, elem: number, dims: (number | string)[]) =>
  msg(field, [str(1, name), msg(2, [msg(1, [int(1, elem), msg(2, dims.map((d) => msg(1, [typeof d === 'number' ? int(1, d) : str(2, d)])))])])]);

/** The topics of the tiny model: each word of a topic points along that topic's axis. */
const TOPICS: string[][] = [
  ['durability', 'fsync', 'wal', 'checkpoint', '持', '久'],
  ['lunch', 'noodles', 'food', '午', '饭'],
  ['deploy', 'rollout', 'canary', '部', '署'],
];

/** Writes the tiny model into `dir` (made if missing); returns `dir`. */
export function writeTinyModel(dir: string): string {
  const dims = TOPICS.length + 1;
  const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', ...TOPICS.flat()];
  const table = new Float32Array(vocab.length * dims);
  // Special and unknown tokens: a faint direction of their own, so a text with no known word is near nothing.
  for (let i = 0; i < 4; i++) table[i * dims + dims - 1] = 0.01;
  let at = 4;
  TOPICS.forEach((words, topic) => {
    for (let w = 0; w < words.length; w++, at++) table[at * dims + topic] = 1;
  });
  return writeEmbeddingModel(dir, vocab, table, dims);
}

/**
 * Writes a model of this shape into `dir` (made if missing): `vocab` its
 * tokens, `table` their vectors (`dims` numbers each, in the vocabulary's
 * order); returns `dir`.
 */
export function writeEmbeddingModel(dir: string, vocab: string[], table: Float32Array, dims: number): string {
  fs.mkdirSync(dir, { recursive: true });
  const graph = [
    msg(1, [str(1, 'embedding'), str(1, 'input_ids'), str(2, 'tokens'), str(3, 'gather'), str(4, 'Gather'), msg(5, [str(1, 'axis'), int(20, 2), int(3, 0)])]),
    msg(1, [str(1, 'tokens'), str(2, 'sentence'), str(3, 'mean'), str(4, 'ReduceMean'), msg(5, [str(1, 'axes'), int(20, 7), int(8, 1)]), msg(5, [str(1, 'keepdims'), int(20, 2), int(3, 0)])]),
    str(2, 'tiny'),
    msg(5, [int(1, vocab.length), int(1, dims), int(2, 1), str(8, 'embedding'), bytes(9, new Uint8Array(table.buffer, table.byteOffset, table.byteLength))]),
    valueInfo(11, 'input_ids', 7, [1, 'n']),
    valueInfo(12, 'sentence', 1, [1, dims]),
  ];
  const model = [int(1, 7), str(2, 'daybook-test'), msg(7, graph), msg(8, [str(1, ''), int(2, 13)])];
  fs.writeFileSync(path.join(dir, 'model.onnx'), Buffer.from(model.flat()));
  fs.writeFileSync(path.join(dir, 'vocab.txt'), vocab.join('\n') + '\n');
  return dir;
}

/**
 * A model of the same shape whose every token of `text` (as the model's
 * tokenizer splits it, the first `max` distinct ones) points in a random
 * direction of `dims` numbers (seeded: the same text gives the same model).
 * Unlike the tiny model, whose few topic words leave most chunks on one
 * vector, its chunks spread over the space as a real model's do, so that the
 * cells of the vectors are of the sizes a user would see.
 */
export function writeWordModel(dir: string, text: string, dims: number, max = 60_000): string {
  const tokens = new Set(text.toLowerCase().normalize('NFKC').replace(/[\p{Script=Han}]|[\p{P}\p{S}]/gu, ' $& ').split(/\s+/).filter((w) => w !== ''));
  const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', ...[...tokens].slice(0, max)];
  const rand = rng(7);
  const table = new Float32Array(vocab.length * dims);
  for (let i = 4 * dims; i < table.length; i++) table[i] = rand() + rand() + rand() - 1.5;
  return writeEmbeddingModel(dir, vocab, table, dims);
}
