/**
 * A plain ustar archive of regular files, written and read in place. Entries are streamed (image
 * archives are hundreds of megabytes); reading needs no extraction pass because every entry's data
 * sits at a known offset behind its 512-byte header.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

const BLOCK = 512;
/** ustar keeps sizes as 11 octal digits. */
const MAX_SIZE = 8 ** 11 - 1;

export interface TarSource {
  /** The path inside the archive: at most 100 bytes, no prefix field needed. */
  name: string;
  /** The file on disk to copy in. */
  file: string;
  size: number;
}

export interface TarEntry {
  name: string;
  size: number;
  /** Where the entry's data starts in the archive. */
  offset: number;
}

function header(name: string, size: number): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name too long: ${name}`);
  if (size > MAX_SIZE) throw new Error(`tar entry ${name} is larger than 8 GiB`);
  const block = Buffer.alloc(BLOCK);
  const put = (text: string, at: number, width: number): void => void block.write(text, at, width, 'ascii');
  const octal = (value: number, width: number): string => value.toString(8).padStart(width - 1, '0');
  block.write(name, 0, 100, 'utf8');
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(Date.now() / 1000), 12), 136, 12);
  put('        ', 148, 8);
  put('0', 156, 1);
  put('ustar\u000000', 257, 8);
  put(`${octal(checksum(block), 7)}\u0000`, 148, 8);
  return block;
}

const checksum = (block: Buffer): number => {
  let sum = 0;
  for (let index = 0; index < BLOCK; index++) sum += index >= 148 && index < 156 ? 32 : block[index]!;
  return sum;
};

const padding = (size: number): number => (BLOCK - (size % BLOCK)) % BLOCK;

/**
 * Writes `sources` into `file` through a `.partial` file renamed at the end, so an interrupted run
 * never leaves a truncated archive under the real name. `onBytes` gets the data bytes copied so far.
 */
export async function writeTar(
  file: string,
  sources: readonly TarSource[],
  onBytes?: (done: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, { mode: 0o644 });
  let done = 0;
  async function* blocks(): AsyncGenerator<Buffer> {
    for (const source of sources) {
      yield header(source.name, source.size);
      for await (const chunk of createReadStream(source.file, signal ? { signal } : {})) {
        done += (chunk as Buffer).length;
        onBytes?.(done);
        yield chunk as Buffer;
      }
      yield Buffer.alloc(padding(source.size));
    }
    yield Buffer.alloc(BLOCK * 2);
  }
  try {
    await pipeline(blocks, out, signal ? { signal } : {});
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** The regular files of an archive, in order; throws when `file` is not a ustar archive. */
export async function readTarIndex(file: string): Promise<TarEntry[]> {
  const handle = await open(file, 'r');
  try {
    const { size: total } = await handle.stat();
    const entries: TarEntry[] = [];
    const block = Buffer.alloc(BLOCK);
    let offset = 0;
    while (offset + BLOCK <= total) {
      await handle.read(block, 0, BLOCK, offset);
      if (block.every((byte) => byte === 0)) break;
      const field = (at: number, width: number): string =>
        block
          .toString('utf8', at, at + width)
          .replace(/\0.*$/s, '')
          .trim();
      const stored = Number.parseInt(field(148, 8), 8);
      if (block.toString('ascii', 257, 262) !== 'ustar' || stored !== checksum(block))
        throw new Error(`not a tar archive (bad header at byte ${offset})`);
      const size = Number.parseInt(field(124, 12), 8);
      const type = block.toString('ascii', 156, 157);
      const prefix = field(345, 155);
      const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
      if (offset + BLOCK + size > total) throw new Error(`the archive ends inside entry ${name}: it is truncated`);
      if (type === '0' || type === '\u0000') entries.push({ name, size, offset: offset + BLOCK });
      offset += BLOCK + size + padding(size);
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** An entry's data as a stream. */
export const entryStream = (file: string, entry: TarEntry, signal?: AbortSignal): NodeJS.ReadableStream =>
  createReadStream(file, {
    start: entry.offset,
    end: entry.offset + entry.size - 1,
    ...(signal ? { signal } : {}),
  });

/**
 * The sha256 (hex) of an entry's data, copied to `to` at the same time when given. `onBytes` gets
 * the bytes read so far.
 */
export async function hashEntry(
  file: string,
  entry: TarEntry,
  options: { to?: string; onBytes?: (done: number) => void; signal?: AbortSignal } = {},
): Promise<string> {
  const hash = createHash('sha256');
  const out = options.to ? await open(options.to, 'w') : undefined;
  let done = 0;
  try {
    if (entry.size > 0) {
      for await (const chunk of entryStream(file, entry, options.signal)) {
        hash.update(chunk as Buffer);
        done += (chunk as Buffer).length;
        options.onBytes?.(done);
        if (out) await out.write(chunk as Buffer);
      }
    }
  } finally {
    await out?.close();
  }
  return hash.digest('hex');
}

/** The sha256 (hex) of a whole file. */
export async function hashFile(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, signal ? { signal } : {})) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
