/**
 * Maps a path inside a YAML document (as reported by schema validation) to the line that holds
 * it, so that content errors can name a line. Block-style YAML only, which is what labs use; when
 * a segment cannot be found the nearest ancestor's line is returned.
 */
export function lineOfPath(source: string, path: ReadonlyArray<PropertyKey>, firstLine = 1): number {
  const lines = source.split('\n');
  let from = 0;
  let parentIndent = -1;
  let found = firstLine;
  for (const segment of path) {
    const hit =
      typeof segment === 'number'
        ? findItem(lines, from, parentIndent, segment)
        : findKey(lines, from, parentIndent, String(segment));
    if (!hit) break;
    found = hit.index + firstLine;
    from = hit.index + (typeof segment === 'number' ? 0 : 1);
    parentIndent = hit.indent;
  }
  return found;
}

interface Hit {
  index: number;
  indent: number;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isContent = (line: string): boolean => line.trim() !== '' && !line.trimStart().startsWith('#');

function findKey(lines: string[], from: number, parentIndent: number, key: string): Hit | undefined {
  const pattern = new RegExp(`^(\\s*(?:-\\s+)?)(["']?)${escape(key)}\\2\\s*:`);
  for (let index = from; index < lines.length; index++) {
    const line = lines[index]!;
    if (!isContent(line)) continue;
    if (index > from && indentOf(line) <= parentIndent) return undefined;
    const match = pattern.exec(line);
    if (match) return { index, indent: match[1]!.length - 1 };
  }
  return undefined;
}

function findItem(lines: string[], from: number, parentIndent: number, position: number): Hit | undefined {
  let seen = -1;
  let itemIndent: number | undefined;
  for (let index = from; index < lines.length; index++) {
    const line = lines[index]!;
    if (!isContent(line)) continue;
    const indent = indentOf(line);
    if (index > from && indent <= parentIndent && !line.trimStart().startsWith('-')) return undefined;
    if (!line.trimStart().startsWith('- ') && line.trim() !== '-') continue;
    itemIndent ??= indent;
    if (indent !== itemIndent) continue;
    seen++;
    if (seen === position) return { index, indent };
  }
  return undefined;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
