/** Version numbers as tools print them: "kind v0.33.0 go1.25 linux/amd64", "v1.32.4-gke.1". */

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(text: string | undefined): Version | undefined {
  const match = /v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text ?? '');
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

export const formatVersion = (version: Version): string => `v${version.major}.${version.minor}.${version.patch}`;

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** How many minor versions apart two Kubernetes versions are (kubectl supports one either way). */
export function minorSkew(client: Version, server: Version): number {
  if (client.major !== server.major) return Number.POSITIVE_INFINITY;
  return Math.abs(client.minor - server.minor);
}
