import type { Question } from 'k8s-labs/sdk';
import { DB } from './_lab.js';

/** The Endpoints line of kubectl describe: ready addresses as ip:port. */
export default {
  async expected(ctx) {
    const endpoints = await ctx.endpointsOf(DB.service);
    return endpoints.filter((e) => e.ready).map((e) => (e.port === undefined ? e.ip : `${e.ip}:${e.port}`));
  },
} satisfies Question;
