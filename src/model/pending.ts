/**
 * The moment references of a journal waiting for every entry to be known,
 * kept as columns of plain values (a journal of 100 MB has hundreds of
 * thousands of them).
 */
import type { Entry, MomentReference } from './types.js';

/** Moment references to resolve once all entries are read. */
export class PendingReferences {
  readonly entry: Entry[] = [];
  readonly from: number[] = [];
  readonly to: number[] = [];
  /** The moment's code, or -1 for an impossible moment. */
  readonly code: number[] = [];
  /** The item path as written (`2.1`), or '' when there is none. */
  readonly path: string[] = [];

  /** Notes one reference of an entry. */
  add(entry: Entry, ref: MomentReference): void {
    this.entry.push(entry);
    this.from.push(ref.from);
    this.to.push(ref.to);
    this.code.push(ref.moment.valid ? ref.moment.code : -1);
    this.path.push(ref.path.length > 0 ? ref.path.join('.') : '');
  }
}
