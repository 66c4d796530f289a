/**
 * `labs prepare`: every image a lab lists is pulled with Docker (unless it is already there) and
 * loaded into the kind cluster's nodes (unless they already hold it), so no lab step waits on a
 * download.
 */
import { environmentError } from '../../errors.js';
import { kindClusters, kindNodes, lastLines, requireDocker } from '../kind/kindCli.js';
import type { ProcessRunner } from '../process/run.js';
import {
  daemonArchitecture,
  hasLocalImage,
  loadArchiveIntoKind,
  loadIntoKind,
  multiArchImportFailure,
  nodeImages,
  presentOnNodes,
  pullImage,
} from './images.js';

export type ImageStep = 'checking' | 'pulling' | 'loading';

export interface ImageReport {
  image: string;
  /** present: the cluster already had it; loaded: it was loaded now; failed: see error. */
  status: 'present' | 'loaded' | 'failed';
  /** Pulled from its registry in this run. */
  pulled: boolean;
  pullMs: number;
  loadMs: number;
  /**
   * Set when `kind load docker-image` failed on Docker's containerd image store (kind issue 3795)
   * and the image was loaded as an archive of this one platform (e.g. linux/amd64) instead.
   */
  archivePlatform?: string;
  error?: string;
}

export interface PrepareReport {
  cluster: string;
  images: ImageReport[];
  durationMs: number;
}

export interface PrepareOptions {
  cluster: string;
  images: readonly string[];
  run: ProcessRunner;
  signal?: AbortSignal;
  /** Called when work on an image starts a step, and with its report when it is finished. */
  onProgress?: (event: { image: string; index: number; total: number; step?: ImageStep; report?: ImageReport }) => void;
}

export async function prepareImages(options: PrepareOptions): Promise<PrepareReport> {
  const { cluster, images, run, signal } = options;
  const started = performance.now();
  if (!(await kindClusters(run, signal)).includes(cluster)) {
    throw environmentError(
      `there is no kind cluster named "${cluster}" to load images into`,
      'run `labs cluster up` first',
    );
  }
  await requireDocker(run, signal);
  const nodes = await kindNodes(run, cluster, signal);
  const onNodes = await Promise.all(nodes.map((node) => nodeImages(run, node, signal)));
  const reports: ImageReport[] = [];
  // Asked once, and only when an image needs the single-platform fallback.
  let architecture: (() => Promise<string | undefined>) | undefined;

  for (const [index, image] of images.entries()) {
    const progress = (step?: ImageStep, report?: ImageReport): void =>
      options.onProgress?.({
        image,
        index,
        total: images.length,
        ...(step ? { step } : {}),
        ...(report ? { report } : {}),
      });
    const report: ImageReport = { image, status: 'present', pulled: false, pullMs: 0, loadMs: 0 };
    progress('checking');
    if (!presentOnNodes(image, onNodes)) {
      if (!(await hasLocalImage(run, image, signal))) {
        progress('pulling');
        const pull = await pullImage(run, image, signal);
        report.pullMs = pull.durationMs;
        if (pull.exitCode !== 0) {
          report.status = 'failed';
          report.error = `docker pull failed: ${lastLines(pull, 2) || `exit ${pull.exitCode}`}`;
        } else {
          report.pulled = true;
        }
      }
      if (report.status !== 'failed') {
        progress('loading');
        architecture ??= lazy(() => daemonArchitecture(run, signal));
        Object.assign(report, await loadImage(run, image, cluster, architecture, signal));
      }
    }
    reports.push(report);
    progress(undefined, report);
  }
  return { cluster, images: reports, durationMs: Math.round(performance.now() - started) };
}

const lazy = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
};

type LoadOutcome = Pick<ImageReport, 'status' | 'loadMs' | 'archivePlatform' | 'error'>;

/**
 * `kind load docker-image`; when that fails on Docker's containerd image store (kind issue 3795),
 * the image is loaded again as an archive of the Docker machine's own platform.
 */
async function loadImage(
  run: ProcessRunner,
  image: string,
  cluster: string,
  architecture: () => Promise<string | undefined>,
  signal?: AbortSignal,
): Promise<LoadOutcome> {
  const { result, alreadyPresent } = await loadIntoKind(run, image, cluster, signal);
  if (result.exitCode === 0) return { status: alreadyPresent ? 'present' : 'loaded', loadMs: result.durationMs };
  const ctrError = multiArchImportFailure(result);
  if (!ctrError) {
    return {
      status: 'failed',
      loadMs: result.durationMs,
      error: `kind load failed: ${lastLines(result, 2) || `exit ${result.exitCode}`}`,
    };
  }
  const arch = await architecture();
  if (!arch) {
    return {
      status: 'failed',
      loadMs: result.durationMs,
      error: `kind load failed: ${ctrError}; loading a single-platform archive instead needs Docker's architecture, which \`docker info\` did not give`,
    };
  }
  const platform = `linux/${arch}`;
  const fallback = await loadArchiveIntoKind(run, image, platform, cluster, signal);
  const loadMs = result.durationMs + fallback.durationMs;
  if (!fallback.failedCommand) return { status: 'loaded', loadMs, archivePlatform: platform };
  return {
    status: 'failed',
    loadMs,
    error:
      `kind load failed: ${ctrError}; then, loading a ${platform} archive instead, ${fallback.failedCommand} failed: ` +
      (lastLines(fallback.result, 2) || `exit ${fallback.result.exitCode}`),
  };
}
