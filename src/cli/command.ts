/**
 * A command is one zod schema for its options plus positional arguments: the schema gives the
 * parser, the types and the help text. Parsing failures are input errors rendered by main.ts.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { ExitCode } from '../errors.js';
import { inputError } from '../errors.js';
import type { Output } from './output.js';

/** Options every command accepts. */
export const globalOptions = z.object({
  json: z.boolean().default(false).describe('print machine-readable JSON'),
  debug: z.boolean().default(false).describe('show stack traces for errors'),
  context: z.string().optional().describe('kube context to use (default: the lab cluster, kind-k8s-labs; env K8S_LABS_CONTEXT)'),
  var: z.array(z.string()).default([]).describe('set a lab variable, e.g. --var namespace=alice (repeatable; env K8S_LABS_VAR_<NAME>)'),
  help: z.boolean().default(false).describe('show help'),
});
export type GlobalOptions = z.infer<typeof globalOptions>;

export interface Positional {
  name: string;
  description: string;
  optional?: boolean;
  /** Takes every remaining argument. */
  variadic?: boolean;
}

export interface CommandContext<O> {
  args: string[];
  options: O & GlobalOptions;
  out: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** True when stdin and stdout are terminals. */
  interactive: boolean;
}

export interface Command<S extends z.ZodObject = z.ZodObject> {
  name: string;
  summary: string;
  /** Short letters for options, e.g. { yes: 'y' }. */
  short?: Record<string, string>;
  positionals: Positional[];
  options: S;
  examples: string[];
  run(context: CommandContext<z.infer<S>>): Promise<ExitCode>;
}

export function defineCommand<S extends z.ZodObject>(command: Command<S>): Command<S> {
  return command;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function parseCommandLine<S extends z.ZodObject>(
  command: Command<S>,
  argv: string[],
): { args: string[]; options: z.infer<S> & GlobalOptions } {
  const shape = { ...globalOptions.shape, ...command.options.shape } as Record<string, z.ZodType>;
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const inner = unwrap(schema);
    const multiple = inner instanceof z.ZodArray;
    const type = inner instanceof z.ZodBoolean ? 'boolean' : 'string';
    config[kebab(name)] = { type, ...(command.short?.[name] ? { short: command.short[name] } : {}), ...(multiple ? { multiple } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
  } catch (error) {
    throw inputError(`${(error as Error).message.replace(/\. To specify .*$/s, '')}`, `see \`labs ${command.name} --help\``);
  }
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed.values)) {
    const name = camel(key);
    const inner = unwrap(shape[name]!);
    raw[name] = inner instanceof z.ZodNumber && typeof value === 'string' ? Number(value) : value;
  }
  const schema = globalOptions.extend(command.options.shape);
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw inputError(`--${kebab(String(issue.path[0]))}: ${issue.message}`, `see \`labs ${command.name} --help\``);
  }
  const args = parsed.positionals;
  if (!result.data['help']) {
    const required = command.positionals.filter((p) => !p.optional).length;
    const variadic = command.positionals.some((p) => p.variadic);
    if (args.length < required) {
      const missing = command.positionals[args.length]!;
      throw inputError(`missing <${missing.name}>: ${missing.description}`, `usage: ${usage(command)}`);
    }
    if (!variadic && args.length > command.positionals.length) {
      throw inputError(`unexpected argument "${args[command.positionals.length]}"`, `usage: ${usage(command)}`);
    }
  }
  return { args, options: result.data as z.infer<S> & GlobalOptions };
}

export function usage(command: Command): string {
  const positional = command.positionals
    .map((p) => (p.optional ? `[${p.name}${p.variadic ? '...' : ''}]` : `<${p.name}${p.variadic ? '...' : ''}>`))
    .join(' ');
  return `labs ${command.name}${positional ? ` ${positional}` : ''} [options]`;
}

export function helpText(command: Command): string {
  const lines = [`${command.summary}`, '', `Usage: ${usage(command)}`];
  if (command.positionals.length) {
    lines.push('', 'Arguments:');
    for (const p of command.positionals) lines.push(`  ${p.name.padEnd(22)} ${p.description}`);
  }
  lines.push('', 'Options:');
  const shape = { ...command.options.shape, ...globalOptions.shape } as Record<string, z.ZodType>;
  for (const [name, schema] of Object.entries(shape)) {
    const inner = unwrap(schema);
    const short = command.short?.[name] ? `-${command.short[name]}, ` : '';
    const flag = `${short}--${kebab(name)}${inner instanceof z.ZodBoolean ? '' : ' <value>'}`;
    lines.push(`  ${flag.padEnd(22)} ${schema.description ?? inner.description ?? ''}`);
  }
  if (command.examples.length) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}
