import { type Check, findService, firstPod, podName } from 'k8s-labs/sdk';
import { API, DB, dbAddress, dbServiceNames, dbSetting } from './_lab.js';

/**
 * Connects from an API pod to where its own DB variable points, the way the API does, and
 * passes only when that address is the database Service's name, on a port the Service has.
 */
export default {
  title: 'an API pod opens a connection to the database through the Service',
  needs: ['data-plane'],
  timeoutMs: 30_000,
  async run(ctx) {
    return ctx.eventually(async () => {
      const pod = await firstPod(ctx, API.pods.labels, 'API');
      if (!pod.ok) return pod.outcome;
      const name = podName(pod.value);
      const fix = `Set the DB variable of the API container to ${DB.service}, the name of the database Service.`;
      const setting = dbSetting(pod.value.spec);
      if (setting === undefined)
        return ctx.fail(`${name} has no DB variable, so it does not know where the database is.`, fix);
      const service = await findService(ctx, DB.service);
      if (!service.ok) return service.outcome;
      const { host, port } = dbAddress(setting);
      const throughService = dbServiceNames(ctx.namespace).includes(host);
      const servicePorts = (service.value.spec?.ports ?? []).map((entry) => entry.port);
      if (throughService && !servicePorts.includes(port)) {
        return ctx.fail(
          `${name} connects to ${host}:${port} (DB=${setting}), but Service ${DB.service} listens on ${servicePorts.join(', ') || 'no port'}.`,
          `Give the Service port ${port}; the checks of step 2 show what it still lacks.`,
        );
      }
      const target = `${host}:${port}`;
      const result = await ctx.exec(name, ['/agnhost', 'connect', target, '--timeout=3s']);
      if (result.exitCode !== 0) {
        const why = (result.stderr || result.stdout).trim() || `exit code ${result.exitCode}`;
        return ctx.fail(
          `${name} could not connect to ${target}: ${why}.`,
          throughService ? 'The checks of step 2 show what the Service still lacks.' : fix,
        );
      }
      if (!throughService) {
        return ctx.fail(
          `${name} connected to ${target}, but not through the Service: ${host} is not the name of ${DB.service}.`,
          fix,
        );
      }
      return ctx.pass(`${name} connected to ${target}, the database Service (DB=${setting}).`);
    });
  },
} satisfies Check;
