import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../../src/core/jsonSchema.js';
import { repoRoot } from '../../helpers/bin.js';

describe('exported JSON Schemas', () => {
  it.each(Object.keys(jsonSchemas()))('schemas/%s matches the zod schema (run `npm run build` to refresh)', (name) => {
    const onDisk = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', name), 'utf8')) as unknown;
    expect(onDisk).toEqual(jsonSchemas()[name]);
  });

  it('rejects unknown fields and documents every manifest field', () => {
    const manifest = jsonSchemas()['lab.schema.json'] as {
      additionalProperties: boolean;
      properties: Record<string, { description?: string }>;
    };
    expect(manifest.additionalProperties).toBe(false);
    for (const [field, schema] of Object.entries(manifest.properties)) expect(schema.description, field).toBeTruthy();
  });
});

describe('docs/authoring.md', () => {
  const docs = readFileSync(path.join(repoRoot, 'docs', 'authoring.md'), 'utf8');
  it.each(['lab.schema.json', 'step.schema.json', 'fixture.schema.json'])('documents every field of %s', (name) => {
    const schema = jsonSchemas()[name] as { properties: Record<string, unknown> };
    for (const field of Object.keys(schema.properties)) expect(docs, field).toContain(`| \`${field}\` |`);
  });
});
