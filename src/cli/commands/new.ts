// Placeholder until its issue lands; replaced by the real command.
import { z } from 'zod';
import { inputError } from '../../errors.js';
import { defineCommand } from '../command.js';

export default defineCommand({
  name: 'new',
  summary: 'not available yet',
  positionals: [],
  options: z.object({}),
  examples: [],
  async run() {
    throw inputError('`labs new` is not available in this build');
  },
});
