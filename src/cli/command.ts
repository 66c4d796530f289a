/**
 * A command is one schema for its options plus positional arguments: the schema gives the parser,
 * the types and the help text. Parsing failures are input errors rendered by main.ts.
 */
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import type { ExitCode } from '../errors.js';
import { inputError } from '../errors.js';
import { closest } from '../core/didYouMean.js';
import type { Output } from './output.js';

/** An on/off option, off unless given. */
export const flag = (description: string) => v.optional(v.pipe(v.boolean(), v.description(description)), false);
/** An option taking a value. */
export const valueOption = (description: string) => v.optional(v.pipe(v.string(), v.description(description)));
/** An option taking a value, with a default. */
export const valueOptionOr = (fallback: string, description: string) =>
  v.optional(v.pipe(v.string(), v.description(description)), fallback);
/** An option that may be repeated. */
export const repeatedOption = (description: string) =>
  v.optional(v.pipe(v.array(v.string()), v.description(description)), []);

/** Options every command accepts. */
export const globalOptions = v.object({
  json: flag('print machine-readable JSON'),
  debug: flag('show stack traces for errors'),
  context: valueOption('kube context to use (default: the lab cluster, kind-k8s-labs; env K8S_LABS_CONTEXT)'),
  kubeconfig: valueOption(
    "a workshop kubeconfig from your instructor: it sets the cluster, the lab's variables and your namespace",
  ),
  var: repeatedOption('set a lab variable, e.g. --var namespace=alice (repeatable; env K8S_LABS_VAR_<NAME>)'),
  help: flag('show help'),
});
export type GlobalOptions = v.InferOutput<typeof globalOptions>;

type OptionsSchema = v.ObjectSchema<v.ObjectEntries, undefined>;

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

export interface Command<S extends OptionsSchema = OptionsSchema> {
  name: string;
  summary: string;
  /** Short letters for options, e.g. { yes: 'y' }. */
  short?: Record<string, string>;
  positionals: Positional[];
  options: S;
  examples: string[];
  run(context: CommandContext<v.InferOutput<S>>): Promise<ExitCode>;
}

export function defineCommand<S extends OptionsSchema>(command: Command<S>): Command<S> {
  return command;
}

/** The schema under optional() and friends, where the option's type is. */
function unwrap(schema: v.GenericSchema): v.GenericSchema {
  let current = schema;
  while ('wrapped' in current) current = current.wrapped as v.GenericSchema;
  return current;
}

const describe = (schema: v.GenericSchema): string =>
  v.getDescription(unwrap(schema)) ?? v.getDescription(schema) ?? '';

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function parseCommandLine<S extends OptionsSchema>(
  command: Command<S>,
  argv: string[],
): { args: string[]; options: v.InferOutput<S> & GlobalOptions } {
  const shape = { ...globalOptions.entries, ...command.options.entries } as Record<string, v.GenericSchema>;
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const inner = unwrap(schema);
    const multiple = inner.type === 'array';
    const type = inner.type === 'boolean' ? 'boolean' : 'string';
    config[kebab(name)] = {
      type,
      ...(command.short?.[name] ? { short: command.short[name] } : {}),
      ...(multiple ? { multiple } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify .*$/s, '');
    const unknown = /^Unknown option '--([^']+)'/.exec(message)?.[1];
    const near = unknown ? closest(unknown, Object.keys(config)) : undefined;
    throw inputError(message, `${near ? `did you mean --${near}? ` : ''}see \`labs ${command.name} --help\``);
  }
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed.values)) {
    const name = camel(key);
    const inner = unwrap(shape[name]!);
    raw[name] = inner.type === 'number' && typeof value === 'string' ? Number(value) : value;
  }
  const schema = v.object({ ...globalOptions.entries, ...command.options.entries });
  const result = v.safeParse(schema, raw);
  if (!result.success) {
    const issue = result.issues[0];
    const key = String(issue.path?.[0]?.key ?? '');
    throw inputError(`--${kebab(key)}: ${issue.message}`, `see \`labs ${command.name} --help\``);
  }
  const args = parsed.positionals;
  if (!result.output.help) {
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
  return { args, options: result.output as v.InferOutput<S> & GlobalOptions };
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
  const shape = { ...command.options.entries, ...globalOptions.entries } as Record<string, v.GenericSchema>;
  for (const [name, schema] of Object.entries(shape)) {
    const inner = unwrap(schema);
    const short = command.short?.[name] ? `-${command.short[name]}, ` : '';
    const usageOf = `${short}--${kebab(name)}${inner.type === 'boolean' ? '' : ' <value>'}`;
    lines.push(`  ${usageOf.padEnd(22)} ${describe(schema)}`);
  }
  if (command.examples.length) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}
