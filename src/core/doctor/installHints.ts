/** How to install or start the tools the lab cluster needs, per platform. */

export type Tool = 'docker' | 'kind' | 'kubectl';

/** The kind release whose node image kind/cluster.yaml pins. */
export const KIND_VERSION = 'v0.33.0';

const HINTS: Record<Tool, Partial<Record<NodeJS.Platform, string>> & { other: string }> = {
  docker: {
    linux:
      'install Docker Engine (https://docs.docker.com/engine/install/), then `sudo usermod -aG docker $USER` and log in again',
    darwin:
      'install Docker Desktop (`brew install --cask docker`, or https://docs.docker.com/desktop/setup/install/mac-install/) and start it',
    win32: 'install Docker Desktop with the WSL 2 backend (`winget install Docker.DockerDesktop`) and start it',
    other: 'install Docker: https://docs.docker.com/get-started/get-docker/',
  },
  kind: {
    linux: `install kind ${KIND_VERSION}: \`go install sigs.k8s.io/kind@${KIND_VERSION}\`, or the binary from https://kind.sigs.k8s.io/docs/user/quick-start/#installation`,
    darwin: 'install kind: `brew install kind`',
    win32: 'install kind: `winget install Kubernetes.kind`',
    other: 'install kind: https://kind.sigs.k8s.io/docs/user/quick-start/#installation',
  },
  kubectl: {
    linux: 'install kubectl: https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/',
    darwin: 'install kubectl: `brew install kubectl`',
    win32: 'install kubectl: `winget install Kubernetes.kubectl`',
    other: 'install kubectl: https://kubernetes.io/docs/tasks/tools/',
  },
};

export function installHint(tool: Tool, platform: NodeJS.Platform | string): string {
  const hints = HINTS[tool];
  return hints[platform as NodeJS.Platform] ?? hints.other;
}

/** What to do when the docker CLI is there but its daemon does not answer. */
export function dockerDaemonHint(platform: NodeJS.Platform | string, detail = ''): string {
  if (/permission denied/i.test(detail)) {
    return 'your user may not use the Docker socket: `sudo usermod -aG docker $USER`, then log out and in again';
  }
  if (platform === 'linux') return 'start the Docker daemon: `sudo systemctl start docker` (or start Docker Desktop)';
  return 'start Docker Desktop and wait until it reports that it is running';
}
