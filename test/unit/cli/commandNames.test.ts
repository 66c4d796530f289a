import { describe, expect, it } from 'vitest';
import { attendeeCommandNames, bundleFor, commandNames } from '../../../src/cli/commandNames.js';
import { commands } from '../../../src/cli/commands.js';

describe('command names (what dist/cli.js picks a bundle by)', () => {
  it('are the names of the command table, in its order', () => {
    expect([...commandNames]).toEqual(commands.map((command) => command.name));
  });

  it('name only commands of the table as taking --kubeconfig', () => {
    for (const name of attendeeCommandNames) expect(commandNames).toContain(name);
  });

  it("send a command to its own bundle and anything else to main's", () => {
    expect(bundleFor('check')).toBe('check');
    expect(bundleFor('workshop')).toBe('workshop');
    for (const other of [undefined, '--help', '-h', 'help', '--version', 'lisst', '../cli', 'constructor', '']) {
      expect(bundleFor(other)).toBe('main');
    }
  });
});
