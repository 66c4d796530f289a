/**
 * `k8s-labs start [lab]`: the terminal lab guide. Everything heavy is imported lazily: Ink with the
 * app once we know there is a terminal, and the Kubernetes client only after the first frame,
 * when the app connects.
 */
import * as v from 'valibot';
import { ExitCode } from '../../errors.js';
import { createGuide } from '../../app/guideServices.js';
import { openProgressStore } from '../../app/progressStore.js';
import { defineCommand, flag } from '../command.js';

export const NO_TTY_MESSAGE = 'k8s-labs start needs an interactive terminal; use `labs check` and `labs list` instead';

export default defineCommand({
  name: 'start',
  summary: 'open a lab in the terminal guide (k8s-labs start clusterip)',
  positionals: [{ name: 'lab', description: 'lab id or path (default: pick one from a list)', optional: true }],
  options: v.object({
    plain: flag(
      'a plain, linear transcript for screen readers: no full-screen layout, no spinners, no colour (automatic with TERM=dumb)',
    ),
  }),
  examples: [
    'k8s-labs start',
    'k8s-labs start clusterip',
    'k8s-labs start clusterip --var namespace=alice',
    'k8s-labs start clusterip --plain',
  ],
  async run({ args, options, out, env, cwd, signal, interactive }) {
    if (!interactive) {
      out.note(NO_TTY_MESSAGE);
      return ExitCode.badInput;
    }
    // Start loading Ink and the app now: reading the file overlaps with parsing the lab.
    const app = import('../../ui/App.js');
    // Shown before the guide takes the screen, not through it.
    const warnings: string[] = [];
    const warn = (message: string): void => void warnings.push(message);
    // A workshop attendee: the workshop fixes the lab, the context and the variables. Loaded only
    // then: it brings the cluster client, which the first frame does without.
    const attendee = options.kubeconfig
      ? (await import('../../app/workshop/attendeeSession.js')).attendeeGuideInputs({
          kubeconfig: options.kubeconfig,
          context: options.context,
          lab: args[0],
          varFlags: options.var,
          env,
          cwd,
          warn,
        })
      : undefined;
    const store = attendee?.store ?? openProgressStore(env, warn);
    const guide = createGuide(
      attendee ? { ...attendee, cwd } : { store, context: options.context, varFlags: options.var, env, cwd },
    );
    if (attendee) args[0] ??= attendee.lab;
    const start = args[0]
      ? ({ kind: 'lab', opened: guide.open(args[0]) } as const)
      : ({ kind: 'pick', choices: guide.choices() } as const);
    for (const warning of warnings) out.note(`warning: ${warning}`);
    const { runApp, themeFromEnv } = await app;
    const plain = options.plain || env['TERM'] === 'dumb';
    await runApp({
      services: guide.services,
      start,
      theme: plain ? { color: false } : themeFromEnv(env),
      signal,
      ...(plain ? { plain } : {}),
    });
    return ExitCode.ok;
  },
});
