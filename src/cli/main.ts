/**
 * Entry point logic: pick the command, parse its arguments, run it, and turn the outcome into an
 * exit code. Errors are rendered here, once.
 */
import { describeError, ExitCode, exitCodeForError, inputError } from '../errors.js';
import { packageVersion } from '../adapters/fs/packageRoot.js';
import { warmTls } from '../adapters/kube/tlsWarmup.js';
import { helpText, parseCommandLine } from './command.js';
import { commands, findCommand } from './commands.js';
import { closest } from '../core/didYouMean.js';
import { assertAttendeeCommand } from './attendeeCommands.js';
import { createOutput, type Stream } from './output.js';

export interface MainOptions {
  argv: string[];
  stdout: Stream;
  stderr: Stream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal: AbortSignal;
  interactive: boolean;
}

export async function main(options: MainOptions): Promise<number> {
  const { argv, stdout, stderr, env } = options;
  const [first, ...rest] = argv;
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  const errOut = createOutput(stderr, stderr, env, false);
  try {
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      stdout.write(`${overview()}\n`);
      return ExitCode.ok;
    }
    if (first === '--version' || first === '-v') {
      stdout.write(`${packageVersion()}\n`);
      return ExitCode.ok;
    }
    const entry = findCommand(first);
    if (!entry) {
      const near = closest(
        first,
        commands.map((command) => command.name),
      );
      throw inputError(
        `unknown command "${first}"`,
        `${near ? `did you mean \`labs ${near}\`? ` : ''}run \`labs --help\` for the list of commands`,
      );
    }
    // Before the command loads, so the two overlap (on --help the unused worker just ends with the process).
    if (entry.connects) warmTls();
    const command = (await entry.load()).default;
    const { args, options: parsed } = parseCommandLine(command, rest);
    if (parsed.help) {
      stdout.write(`${helpText(command)}\n`);
      return ExitCode.ok;
    }
    if (parsed.kubeconfig) assertAttendeeCommand(command.name);
    const out = createOutput(stdout, stderr, env, parsed.json);
    if (parsed.kubeconfig) {
      // An instructor's `workshop reset` since this attendee's last command: follow it first.
      const { adoptWorkshopReset } = await import('../app/workshop/attendeeSession.js');
      await adoptWorkshopReset({
        kubeconfig: parsed.kubeconfig,
        env,
        cwd: options.cwd,
        signal: options.signal,
        warn: (message) => out.note(message),
      });
    }
    return await command.run({
      args,
      options: parsed,
      out,
      env,
      cwd: options.cwd,
      signal: options.signal,
      interactive: options.interactive,
    });
  } catch (error) {
    if (options.signal.aborted) return ExitCode.interrupted;
    const code = exitCodeForError(error);
    if (json) {
      // Machine readers still get one JSON document, describing the error.
      const user = error as { message?: string; nextStep?: string };
      stdout.write(
        `${JSON.stringify({ error: { message: user.message ?? String(error), next: user.nextStep, exitCode: code } }, null, 2)}\n`,
      );
    }
    errOut.note(errOut.style.red(describeError(error, debug)));
    return code;
  }
}

function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  return [
    'k8s-labs: hands-on Kubernetes labs in your terminal, graded against a real cluster.',
    '',
    'Usage: labs <command> [options]      (k8s-labs is the same program)',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    '',
    'Run `labs <command> --help` for the options of one command.',
    'Exit codes: 0 passed, 1 not passed yet, 2 bad input, 3 environment problem.',
  ].join('\n');
}
