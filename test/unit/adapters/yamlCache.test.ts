import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLabAt, resolveLabArgument } from '../../../src/adapters/fs/labRepository.js';
import { CACHE_LIMIT, cacheDir, YamlCache } from '../../../src/adapters/fs/yamlCache.js';
import { loadYaml, YamlMemo } from '../../../src/core/parseYaml.js';

const tempFile = (): string => path.join(mkdtempSync(path.join(os.tmpdir(), 'labs-yaml-cache-')), 'lab-yaml.json');

describe('the parsed-YAML memo', () => {
  it('gives back what the parse gave, as a fresh copy each time', () => {
    const memo = new YamlMemo();
    const text = 'id: a\nchecks: [x, {id: y, with: {port: 80}}]\n';
    const first = loadYaml(text, 'a.yaml', 1, memo);
    const second = loadYaml(text, 'a.yaml', 1, memo);
    expect(first).toEqual(loadYaml(text, 'a.yaml'));
    expect(second).toEqual(first);
    if (!first.ok || !second.ok) throw new Error('parse failed');
    expect(second.value).not.toBe(first.value);
    expect(memo.added).toBe(1);
  });

  it('keeps no value that JSON would change, and no syntax error', () => {
    const memo = new YamlMemo();
    loadYaml('when: 2026-12-02\n', 'a.yaml', 1, memo);
    loadYaml('n: .nan\n', 'a.yaml', 1, memo);
    const broken = loadYaml('a: [\n', 'b.yaml', 3, memo);
    expect(memo.added).toBe(0);
    expect(broken.ok).toBe(false);
    const dated = loadYaml('when: 2026-12-02\n', 'a.yaml', 1, memo);
    expect(dated.ok && dated.value).toEqual({ when: new Date('2026-12-02') });
  });

  it('a primed entry answers without parsing; another text misses', () => {
    const memo = new YamlMemo([['id: a', JSON.stringify({ id: 'primed' })]]);
    expect(loadYaml('id: a', 'a.yaml', 1, memo)).toEqual({ ok: true, value: { id: 'primed' } });
    expect(loadYaml('id: b', 'a.yaml', 1, memo)).toEqual({ ok: true, value: { id: 'b' } });
  });
});

describe('the YAML cache file', () => {
  it('a lab loaded through a cold cache and through a warm one is the same lab', () => {
    const file = tempFile();
    const [location] = resolveLabArgument('clusterip');
    const cold = loadLabAt(location!, 'frontMatter', new YamlCache(file));
    const written = JSON.parse(readFileSync(file, 'utf8')) as { entries: unknown[] };
    // lab.yaml and one front matter per step.
    expect(written.entries).toHaveLength(1 + cold.lab!.steps.length);
    const warmCache = new YamlCache(file);
    const warm = loadLabAt(location!, 'frontMatter', warmCache);
    expect(warmCache.memo.added).toBe(0);
    expect(warm.problems).toEqual(cold.problems);
    expect(warm.lab!.manifest).toEqual(cold.lab!.manifest);
    expect(warm.lab!.steps.map(({ id, checks, questions, hints }) => ({ id, checks, questions, hints }))).toEqual(
      cold.lab!.steps.map(({ id, checks, questions, hints }) => ({ id, checks, questions, hints })),
    );
  });

  it('a corrupt or foreign file is an empty cache, and is replaced', () => {
    const file = tempFile();
    for (const content of ['{not json', '{"format":"other","entries":[["id: a","{}"]]}', '[1,2]']) {
      writeFileSync(file, content);
      const cache = new YamlCache(file);
      expect(loadYaml('id: a', 'a.yaml', 1, cache.memo)).toEqual({ ok: true, value: { id: 'a' } });
      cache.save();
      expect(new YamlCache(file).memo.get('id: a')).toEqual({ id: 'a' });
    }
  });

  it('keeps the newest entries only', () => {
    const file = tempFile();
    const cache = new YamlCache(file);
    for (let i = 0; i < CACHE_LIMIT + 5; i++) loadYaml(`n: ${i}`, 'a.yaml', 1, cache.memo);
    cache.save();
    const reread = new YamlCache(file).memo;
    expect(reread.entries()).toHaveLength(CACHE_LIMIT);
    expect(reread.get('n: 0')).toBeUndefined();
    expect(reread.get(`n: ${CACHE_LIMIT + 4}`)).toEqual({ n: CACHE_LIMIT + 4 });
  });

  it('drops the entries used longest ago, not the ones added first, when it is full', () => {
    const file = tempFile();
    const cache = new YamlCache(file);
    for (let i = 0; i < CACHE_LIMIT; i++) loadYaml(`n: ${i}`, 'a.yaml', 1, cache.memo);
    cache.save();
    // A later run reads the oldest entry again (a lab it uses every time), then parses one new text.
    const next = new YamlCache(file);
    expect(next.memo.get('n: 0')).toEqual({ n: 0 });
    loadYaml('n: new', 'a.yaml', 1, next.memo);
    next.save();
    const reread = new YamlCache(file).memo;
    expect(reread.entries()).toHaveLength(CACHE_LIMIT);
    expect(reread.get('n: 0')).toEqual({ n: 0 });
    expect(reread.get('n: 1')).toBeUndefined();
    expect(reread.get('n: new')).toEqual({ n: 'new' });
  });

  it('a folder that cannot be written costs nothing but the cache', () => {
    const blocker = tempFile();
    writeFileSync(blocker, 'a file, not a folder');
    const cache = new YamlCache(path.join(blocker, 'lab-yaml.json'));
    loadYaml('id: a', 'a.yaml', 1, cache.memo);
    expect(() => cache.save()).not.toThrow();
  });

  it('lives in the platform cache folder unless K8S_LABS_CACHE_DIR says otherwise', () => {
    expect(cacheDir({ K8S_LABS_CACHE_DIR: '/tmp/c' }, 'linux', '/home/u')).toBe('/tmp/c');
    expect(cacheDir({}, 'linux', '/home/u')).toBe('/home/u/.cache/k8s-labs');
    expect(cacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/k8s-labs');
    expect(cacheDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/k8s-labs');
  });
});
