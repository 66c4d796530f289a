/** JSON Schemas of the lab files, for editors (yaml-language-server) to validate while authors type. */
import { z } from 'zod';
import { fixtureSchema, frontMatterSchema, manifestSchema } from './schema.js';

export function jsonSchemas(): Record<string, unknown> {
  const make = (schema: z.ZodType, title: string, id: string) => ({
    $id: `https://k8s-labs.dev/schemas/${id}`,
    title,
    ...z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }),
  });
  return {
    'lab.schema.json': make(manifestSchema, 'k8s-labs lab manifest (lab.yaml)', 'lab.schema.json'),
    'step.schema.json': make(frontMatterSchema, 'k8s-labs step front matter', 'step.schema.json'),
    'fixture.schema.json': make(fixtureSchema, 'k8s-labs wrong-answer fixture', 'fixture.schema.json'),
  };
}
