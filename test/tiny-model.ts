/**
 * A tiny embedding model the tests make themselves, in the layout daybook
 * reads (`model.onnx` + `vocab.txt`): an ONNX graph written byte by byte
 * (protobuf), `Gather` of a token-embedding table over `input_ids`, then
 * `ReduceMean` over the tokens, giving `[1, dims]`. Words of one topic share
 * a direction, so "durability" lands near "fsync" and 持久 near both.
 */
import fs from 'node:fs';
import path from 'node:path';

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
  fs.mkdirSync(dir, { recursive: true });
  const dims = TOPICS.length + 1;
  const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', ...TOPICS.flat()];
  const table = new Float32Array(vocab.length * dims);
  // Special and unknown tokens: a faint direction of their own, so a text with no known word is near nothing.
  for (let i = 0; i < 4; i++) table[i * dims + dims - 1] = 0.01;
  let at = 4;
  TOPICS.forEach((words, topic) => {
    for (let w = 0; w < words.length; w++, at++) table[at * dims + topic] = 1;
  });
  const graph = [
    msg(1, [str(1, 'embedding'), str(1, 'input_ids'), str(2, 'tokens'), str(3, 'gather'), str(4, 'Gather'), msg(5, [str(1, 'axis'), int(20, 2), int(3, 0)])]),
    msg(1, [str(1, 'tokens'), str(2, 'sentence'), str(3, 'mean'), str(4, 'ReduceMean'), msg(5, [str(1, 'axes'), int(20, 7), int(8, 1)]), msg(5, [str(1, 'keepdims'), int(20, 2), int(3, 0)])]),
    str(2, 'tiny'),
    msg(5, [int(1, vocab.length), int(1, dims), int(2, 1), str(8, 'embedding'), bytes(9, new Uint8Array(table.buffer))]),
    valueInfo(11, 'input_ids', 7, [1, 'n']),
    valueInfo(12, 'sentence', 1, [1, dims]),
  ];
  const model = [int(1, 7), str(2, 'daybook-test'), msg(7, graph), msg(8, [str(1, ''), int(2, 13)])];
  fs.writeFileSync(path.join(dir, 'model.onnx'), Buffer.from(model.flat()));
  fs.writeFileSync(path.join(dir, 'vocab.txt'), vocab.join('\n') + '\n');
  return dir;
}
