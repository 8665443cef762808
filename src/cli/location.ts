/**
 * Offsets to `file:line:col` at the edge: the core speaks offsets, people and
 * editors speak lines and columns (1-based here, counted in characters).
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Journal } from '../model/journal.js';
import { ColumnCounter } from '../syntax/columns.js';

/** A diagnostic placed by line and column. */
export interface PlacedDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Diagnostic['severity'];
  code: Diagnostic['code'];
  message: string;
}

/**
 * Places a journal's diagnostics by line and column. Offsets are placed in
 * order, file by file, and a column is counted on from the one before it on
 * the same line: the work is the files' size plus the findings, never their
 * product (8,000 references on one 168 KB line).
 */
export function placeDiagnostics(journal: Journal, diagnostics: Diagnostic[]): PlacedDiagnostic[] {
  const docs = new Map(journal.files.map((f) => [f.path, f.doc]));
  // Every offset to place: [file, offset], placed once each in file and offset order.
  const wanted = new Map<string, Set<number>>();
  for (const d of diagnostics) {
    let set = wanted.get(d.file);
    if (!set) wanted.set(d.file, (set = new Set()));
    set.add(d.from).add(d.to);
  }
  const placed = new Map<string, Map<number, { line: number; column: number }>>();
  for (const [file, set] of wanted) {
    const doc = docs.get(file);
    const counter = doc ? new ColumnCounter(doc) : undefined;
    const at = new Map<number, { line: number; column: number }>();
    placed.set(file, at);
    for (const offset of [...set].sort((x, y) => x - y)) at.set(offset, counter ? counter.place(offset) : { line: 1, column: 1, lineStart: 0 });
  }
  return diagnostics.map((d) => {
    const start = placed.get(d.file)!.get(d.from)!;
    const end = placed.get(d.file)!.get(d.to)!;
    return { file: d.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, severity: d.severity, code: d.code, message: d.message };
  });
}
