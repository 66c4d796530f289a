/** The kind config shipped with the package, and the node image it pins. */
import path from 'node:path';
import { packageRoot } from '../fs/packageRoot.js';

/**
 * The node image of kind v0.33.0 (Kubernetes v1.37.0), pinned by digest as kind's release notes
 * ask: node images are built for one kind release. Must equal the image in kind/cluster.yaml (a
 * unit test checks). Override with K8S_LABS_NODE_IMAGE.
 */
export const NODE_IMAGE =
  'kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5';

/** kind/cluster.yaml inside the installed package. */
export const kindConfigPath = (): string => path.join(packageRoot(), 'kind', 'cluster.yaml');

/** The image `labs cluster up` creates nodes from. */
export const nodeImage = (env: NodeJS.ProcessEnv): string => env['K8S_LABS_NODE_IMAGE'] || NODE_IMAGE;
