/**
 * The embedding model of `search --meaning`, as the config's `model` key
 * names it: checked before the index is opened (a directory that is missing
 * or lacks its files is an error that touches nothing), loaded before the
 * index is opened too, and its vectors brought in step inside the search.
 */
import { loadConfig } from '../journal/config.js';
import type { Index } from '../indexing/open.js';
import { checkModelDir, loadModel } from '../meaning/model.js';
import { prepareNear, type MeaningOptions } from '../query/meaning.js';
import type { Io } from './io.js';
import { counted, progressBar } from './progress.js';

/** The configured model, ready to give a search its options; undefined when no model is configured. */
export async function meaningModel(io: Io, configFlag: string | undefined): Promise<{ options(index: Index, query: string): Promise<MeaningOptions> } | undefined> {
  const { path: file, config } = loadConfig(configFlag, io.env);
  if (config.model === undefined) return undefined;
  checkModelDir(config.model, `"model" in the config file ${file}`);
  const model = await loadModel(config.model);
  return {
    options: async (index, query) => {
      // A first embedding of a large journal takes long with a real model: shown as the indexing is.
      const bar = progressBar(io.stderr, 'embedding', io.env, counted('entries'));
      try {
        return (await prepareNear(index, model, query, { progress: bar.update })).options;
      } finally {
        bar.end();
      }
    },
  };
}
