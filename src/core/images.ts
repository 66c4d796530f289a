/** Container image references: every image a lab uses must be pinned by tag (or digest). */
import type { Problem } from './lab.js';
import { lineOfPath } from './yamlLines.js';

/** The tag of an image reference, or undefined; a digest counts as pinned. */
export function imageTag(image: string): string | undefined {
  if (image.includes('@sha256:')) return image.split('@')[1];
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon < 0 ? undefined : image.slice(colon + 1);
}

export function findImageProblems(images: readonly string[], manifestSource: string, file: string): Problem[] {
  const problems: Problem[] = [];
  images.forEach((image, index) => {
    const tag = imageTag(image);
    if (!tag || tag === 'latest') {
      problems.push({
        file,
        line: manifestSource ? lineOfPath(manifestSource, ['images', index]) : 1,
        message: `image "${image}" is not pinned by tag`,
        fix: `use a fixed version tag, e.g. "${image.split(':')[0]}:<version>" (not "latest"), so every learner runs the same image`,
      });
    }
  });
  return problems;
}
