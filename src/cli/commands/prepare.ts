import * as v from 'valibot';
import { ExitCode, inputError } from '../../errors.js';
import { type ImageReport, prepareImages } from '../../adapters/docker/prepareImages.js';
import { loadLab } from '../../adapters/fs/labRepository.js';
import { clusterNameFrom, kindContextName } from '../../adapters/kube/contextNames.js';
import { runProcess } from '../../adapters/process/run.js';
import { defineCommand, valueOption } from '../command.js';
import { marks, seconds } from '../output.js';
import { createProgressLine } from '../progressLine.js';

export default defineCommand({
  name: 'prepare',
  summary: "pre-load a lab's images into the kind cluster",
  positionals: [{ name: 'lab', description: 'lab id or path' }],
  options: v.object({
    name: valueOption('kind cluster name (default: k8s-labs; env K8S_LABS_CLUSTER)'),
  }),
  examples: ['labs prepare clusterip', 'labs prepare clusterip --json'],
  async run({ args, options, out, env, cwd, signal }) {
    const lab = loadLab(args[0]!, cwd);
    const cluster = clusterNameFrom(env, options.name);
    const context = options.context ?? env['K8S_LABS_CONTEXT'];
    if (context && context !== kindContextName(cluster)) {
      throw inputError(
        `\`labs prepare\` loads images into a local kind cluster, and context ${context} is not kind cluster "${cluster}"`,
        'other clusters pull images themselves; for a kind cluster with another name use --name NAME',
      );
    }
    const images = lab.manifest.images;
    if (images.length === 0) {
      if (out.json) out.writeJson({ lab: lab.id, cluster, images: [], durationMs: 0 });
      else out.line(`Lab ${lab.id} lists no images: nothing to prepare.`);
      return ExitCode.ok;
    }
    const mark = marks(out);
    const progress = createProgressLine(out);
    const describe = (report: ImageReport): string => {
      if (report.status === 'failed') return `${mark.fail} ${report.image}  ${report.error}`;
      if (report.status === 'present' && !report.pulled && report.loadMs === 0)
        return `${mark.ok} ${report.image}  already in the cluster`;
      const parts = [report.pulled ? `pulled ${seconds(report.pullMs)}` : 'already pulled'];
      parts.push(
        report.status !== 'loaded'
          ? 'already in the cluster'
          : `loaded ${seconds(report.loadMs)}${report.archivePlatform ? ` as a ${report.archivePlatform} archive` : ''}`,
      );
      return `${mark.ok} ${report.image}  ${out.style.dim(parts.join(', '))}`;
    };
    if (!out.json)
      out.note(
        `Preparing ${images.length} image${images.length === 1 ? '' : 's'} of lab ${lab.id} for kind cluster "${cluster}"`,
      );
    const report = await prepareImages({
      cluster,
      images,
      run: runProcess,
      signal,
      onProgress: (event) => {
        const counter = `[${event.index + 1}/${event.total}]`;
        if (event.report) progress.finished(`${counter} ${describe(event.report)}`);
        else if (event.step) progress.running(`${counter} ${event.step} ${event.image}`);
      },
    }).finally(() => progress.stop());

    const failed = report.images.filter((image) => image.status === 'failed');
    if (out.json) {
      out.writeJson({ lab: lab.id, ...report });
      return failed.length ? ExitCode.environment : ExitCode.ok;
    }
    const loaded = report.images.filter((image) => image.status === 'loaded').length;
    const present = report.images.filter((image) => image.status === 'present').length;
    out.line(
      `${failed.length ? mark.fail : mark.ok} ${report.images.length - failed.length}/${report.images.length} images ready in cluster ${cluster} ` +
        `(${loaded} loaded, ${present} already there${failed.length ? `, ${failed.length} failed` : ''}) in ${seconds(report.durationMs)}`,
    );
    const archived = report.images.filter((image) => image.archivePlatform);
    if (archived.length) {
      out.note(
        `note: \`kind load docker-image\` failed with "ctr: content digest ...: not found", as it does on Docker's containerd image store for multi-arch images (kind issue 3795); ` +
          `${archived.length === 1 ? 'that image was' : `those ${archived.length} images were`} loaded with \`docker save --platform ${archived[0]!.archivePlatform}\` and \`kind load image-archive\` instead (see docs/cluster.md)`,
      );
    }
    if (failed.length) {
      out.note(out.style.red(`error: ${failed.length} image${failed.length === 1 ? '' : 's'} could not be prepared`));
      out.note(`next: check the network and the image names, then run \`labs prepare ${lab.id}\` again`);
      return ExitCode.environment;
    }
    return ExitCode.ok;
  },
});
