/** JSON Schemas of the lab files, for editors (yaml-language-server) to validate while authors type. */
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { fixtureSchema, frontMatterSchema, manifestSchema } from './schema.js';

export function jsonSchemas(): Record<string, unknown> {
  const make = (schema: v.GenericSchema, title: string, id: string) => ({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://k8s-labs.dev/schemas/${id}`,
    title,
    ...toJsonSchema(schema, { target: 'draft-2020-12', typeMode: 'input' }),
  });
  return {
    'lab.schema.json': make(manifestSchema, 'k8s-labs lab manifest (lab.yaml)', 'lab.schema.json'),
    'step.schema.json': make(frontMatterSchema, 'k8s-labs step front matter', 'step.schema.json'),
    'fixture.schema.json': make(fixtureSchema, 'k8s-labs wrong-answer fixture', 'fixture.schema.json'),
  };
}
