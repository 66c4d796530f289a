/**
 * js-yaml, loaded on first use from the installed package instead of bundled into the start-up
 * path: its module is about 100 KB to compile, and `labs list` or a graded step whose lab texts are
 * all in the YAML cache (src/adapters/fs/yamlCache.ts) never parses YAML at all.
 */
import { createRequire } from 'node:module';
import type JsYaml from 'js-yaml';

let loaded: typeof JsYaml | undefined;

export function jsYaml(): typeof JsYaml {
  return (loaded ??= createRequire(import.meta.url)('js-yaml') as typeof JsYaml);
}
