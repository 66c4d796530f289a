/** `labs workshop bundle <lab...>` and `labs workshop load <archive>`: images for a class without a registry. */
import path from 'node:path';
import { ExitCode, inputError } from '../errors.js';
import { bundleImages } from '../core/workshop/bundleManifest.js';
import { type BundleEvent, formatBytes, loadBundle, writeBundle } from '../adapters/docker/imageBundle.js';
import { loadLab } from '../adapters/fs/labRepository.js';
import { nodeImage } from '../adapters/kind/nodeImage.js';
import { clusterNameFrom } from '../adapters/kube/contextNames.js';
import { runProcess } from '../adapters/process/run.js';
import type { CommandContext } from './command.js';
import { marks, type Output, seconds } from './output.js';
import { createProgressLine } from './progressLine.js';

/** Progress events as the progress line: what runs, with bytes; one permanent line per image. */
function progressPrinter(out: Output): { onEvent: (event: BundleEvent) => void; stop: () => void } {
  const progress = createProgressLine(out);
  const mark = marks(out);
  let current = '';
  let drawn = 0;
  return {
    onEvent(event) {
      if (event.kind === 'step') {
        current = `[${event.index + 1}/${event.total}] ${event.step} ${event.image}`;
        progress.running(current);
      } else if (event.kind === 'bytes') {
        // Redraw at most ten times a second: a chunk arrives every 64 KiB.
        const now = performance.now();
        if (now - drawn < 100 && event.done < event.total) return;
        drawn = now;
        const label = event.step === 'writing' || event.step === 'verifying' ? event.step : current;
        progress.running(`${label}  ${formatBytes(event.done)} of ${formatBytes(event.total)}`);
      } else {
        progress.finished(
          `[${event.index + 1}/${event.total}] ${event.ok ? mark.ok : mark.fail} ${event.image}  ${event.ok ? out.style.dim(event.detail) : event.detail}`,
        );
      }
    },
    stop: () => progress.stop(),
  };
}

export async function bundle(context: CommandContext<{ out?: string | undefined }>): Promise<ExitCode> {
  const { args, options, out, cwd, env, signal } = context;
  const labs = args.slice(1).map((ref) => loadLab(ref, cwd));
  const file = path.resolve(cwd, options.out ?? `${labs.map((lab) => lab.id).join('-')}-images.tar`);
  const images = bundleImages(
    labs.map((lab) => ({ id: lab.id, images: lab.manifest.images })),
    nodeImage(env),
  );
  if (!out.json)
    out.note(
      `Bundling ${images.length} images (${images.length - 1} of ${labs.map((lab) => lab.id).join(', ')}, and the kind node image)`,
    );
  const started = performance.now();
  const printer = progressPrinter(out);
  const manifest = await writeBundle({
    images,
    labs: labs.map((lab) => lab.id),
    out: file,
    run: runProcess,
    signal,
    onEvent: printer.onEvent,
  }).finally(printer.stop);
  const bytes = manifest.images.reduce((sum, image) => sum + image.bytes, 0);
  if (out.json) {
    out.writeJson({ archive: file, ...manifest });
    return ExitCode.ok;
  }
  out.line(
    `${marks(out).ok} ${file}: ${manifest.images.length} images, ${formatBytes(bytes)}${manifest.platform ? ` for ${manifest.platform}` : ''}, in ${seconds(performance.now() - started)}`,
  );
  const shown = path.relative(cwd, file);
  out.line(`on each machine: labs workshop load ${shown.startsWith('..') ? file : shown}`);
  return ExitCode.ok;
}

/** The kind cluster behind --context (kind-NAME), else the lab cluster; any other context is refused. */
function targetCluster({ options, env }: CommandContext<unknown>): string {
  const chosen = options.context ?? env['K8S_LABS_CONTEXT'];
  if (!chosen) return clusterNameFrom(env);
  if (!chosen.startsWith('kind-'))
    throw inputError(
      `\`labs workshop load\` loads images into a local kind cluster, and context ${chosen} is not a kind cluster's (kind names them kind-NAME)`,
      'a shared cluster pulls images itself; for a kind cluster pass --context kind-NAME',
    );
  return clusterNameFrom(env, chosen.slice('kind-'.length));
}

export async function load(context: CommandContext<unknown>): Promise<ExitCode> {
  const { args, out, cwd, signal } = context;
  if (args.length > 2) throw inputError(`unexpected argument "${args[2]}"`, 'usage: labs workshop load <archive>');
  const archive = path.resolve(cwd, args[1]!);
  const cluster = targetCluster(context);
  if (!out.json) out.note(`Loading ${args[1]} into kind cluster "${cluster}" (checksums first)`);
  const started = performance.now();
  const printer = progressPrinter(out);
  const loaded = await loadBundle({ archive, cluster, run: runProcess, signal, onEvent: printer.onEvent }).finally(
    printer.stop,
  );
  if (out.json) {
    out.writeJson({ archive, cluster, images: loaded });
    return ExitCode.ok;
  }
  const count = loaded.filter((image) => image.status === 'loaded').length;
  out.line(
    `${marks(out).ok} ${loaded.length} images ready (${count} loaded, ${loaded.length - count} already there): checksums verified, cluster ${cluster}, in ${seconds(performance.now() - started)}`,
  );
  return ExitCode.ok;
}
