/**
 * Offsets to `file:line:col` at the edge: the core speaks offsets, people and
 * editors speak lines and columns (1-based here, counted in characters).
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Journal } from '../model/journal.js';

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

/** Places a journal's diagnostics by line and column. */
export function placeDiagnostics(journal: Journal, diagnostics: Diagnostic[]): PlacedDiagnostic[] {
  const docs = new Map(journal.files.map((f) => [f.path, f.doc]));
  return diagnostics.map((d) => {
    const doc = docs.get(d.file);
    const start = doc ? doc.position(d.from) : { line: 0, character: 0 };
    const end = doc ? doc.position(d.to) : start;
    const column = (pos: { line: number; character: number }, offset: number): number => {
      if (!doc) return pos.character + 1;
      const lineText = doc.slice(offset - pos.character, offset);
      return [...lineText].length + 1;
    };
    return {
      file: d.file,
      line: start.line + 1,
      column: column(start, d.from),
      endLine: end.line + 1,
      endColumn: column(end, d.to),
      severity: d.severity,
      code: d.code,
      message: d.message,
    };
  });
}
