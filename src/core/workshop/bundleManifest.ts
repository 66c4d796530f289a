/**
 * The manifest.json of an image bundle (`labs workshop bundle`): which image each archive entry
 * holds, and its sha256, so `labs workshop load` can refuse a corrupted copy before loading anything.
 */
import * as v from 'valibot';

export const BUNDLE_FORMAT = 'k8s-labs-image-bundle';
export const MANIFEST_NAME = 'manifest.json';

const entrySchema = v.object({
  /** The image reference, as the lab (or kind) names it. */
  image: v.string(),
  /** lab: goes into the kind cluster's nodes; node: the kind node image, goes into Docker. */
  role: v.picklist(['lab', 'node']),
  /** The labs that list it (empty for the node image). */
  labs: v.array(v.string()),
  /** The docker-archive tar inside the bundle. */
  file: v.string(),
  bytes: v.number(),
  /** sha256 of that tar, hex. */
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
});

const manifestSchema = v.object({
  format: v.literal(BUNDLE_FORMAT),
  /** Bumped when the layout changes incompatibly. */
  version: v.literal(1),
  createdAt: v.string(),
  labs: v.array(v.string()),
  /** The single platform the images were saved for (linux/amd64), when Docker could save one. */
  platform: v.optional(v.string()),
  images: v.array(entrySchema),
});

export type BundleEntry = v.InferOutput<typeof entrySchema>;
export type BundleManifest = v.InferOutput<typeof manifestSchema>;

/** The manifest's text parsed and checked; a message saying what is wrong otherwise. */
export function parseBundleManifest(text: string): BundleManifest | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return `${MANIFEST_NAME} is not JSON: ${(error as Error).message}`;
  }
  const result = v.safeParse(manifestSchema, data);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const where = issue.path?.map((item) => String(item.key)).join('.') ?? '';
  return `${MANIFEST_NAME}${where ? ` at ${where}` : ''}: ${issue.message}`;
}

/** The entry name of an image's archive: its position and a file-safe form of its reference. */
export function entryFileName(index: number, image: string): string {
  const safe = image
    .replace(/@sha256:([0-9a-f]{12})[0-9a-f]*/, '@$1')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .slice(0, 70);
  return `images/${String(index + 1).padStart(2, '0')}-${safe}.tar`;
}

/** The images to bundle: every lab's images once (with the labs that list them), then the node image. */
export function bundleImages(
  labs: readonly { id: string; images: readonly string[] }[],
  nodeImage: string,
): { image: string; role: 'lab' | 'node'; labs: string[] }[] {
  const byImage = new Map<string, string[]>();
  for (const lab of labs) for (const image of lab.images) byImage.set(image, [...(byImage.get(image) ?? []), lab.id]);
  return [
    ...[...byImage].map(([image, ids]) => ({ image, role: 'lab' as const, labs: ids })),
    { image: nodeImage, role: 'node' as const, labs: [] },
  ];
}
