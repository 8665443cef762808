/**
 * The redactor of a journal: the config's `redact` spec, with the journal's
 * people when the spec asks for them (`"people": true`). What every export,
 * the report and the assistants' server use for `--redact`.
 *
 * ```ts
 * const r = journalRedactor(journal, config.redact);
 * r('ask hmuelle@suse.com'); // 'ask [mail]'
 * ```
 */
import type { Journal } from '../model/journal.js';
import { redactor, type RedactSpec, type Redactor } from './redact.js';
import { listPeople } from './topics.js';

/** The redactor the config's spec asks for (mail addresses and phone numbers by default). */
export function journalRedactor(journal: Journal, spec: RedactSpec = {}): Redactor {
  return redactor(spec, spec.people ? listPeople(journal).map((p) => p.name) : []);
}
