/**
 * Syntax colours for code blocks: highlight.js core with YAML and shell only (small to load),
 * its token classes mapped to a few terminal colours.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import yaml from 'highlight.js/lib/languages/yaml';
import type { Color, Span } from './types.js';

hljs.registerLanguage('yaml', yaml);
hljs.registerLanguage('bash', bash);

const LANGUAGES: Record<string, string> = {
  yaml: 'yaml',
  yml: 'yaml',
  sh: 'bash',
  bash: 'bash',
  shell: 'bash',
  zsh: 'bash',
  console: 'bash',
};

const CLASS_COLORS: Record<string, Color> = {
  'hljs-attr': 'cyan',
  'hljs-string': 'green',
  'hljs-number': 'magenta',
  'hljs-literal': 'magenta',
  'hljs-comment': 'gray',
  'hljs-keyword': 'yellow',
  'hljs-built_in': 'yellow',
  'hljs-variable': 'blue',
  'hljs-template-variable': 'blue',
  'hljs-meta': 'magenta',
  'hljs-bullet': 'magenta',
  'hljs-type': 'blue',
  'hljs-title': 'blue',
};

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
};
const decode = (html: string): string =>
  html.replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (entity) => ENTITIES[entity] ?? entity);

/** The highlight.js language for a fence's language word, if it is one we colour. */
export const highlightLanguage = (lang: string): string | undefined => LANGUAGES[lang.toLowerCase()];

/** Code as lines of coloured spans; plain spans for languages we do not colour. */
export function highlightCode(code: string, lang: string): Span[][] {
  const language = highlightLanguage(lang);
  if (!language) return code.split('\n').map((line) => [{ text: line }]);
  const html = hljs.highlight(code, { language, ignoreIllegals: true }).value;
  const lines: Span[][] = [[]];
  const stack: (Color | undefined)[] = [];
  for (const match of html.matchAll(/<span class="([^"]*)">|<\/span>|([^<]+)/g)) {
    if (match[1] !== undefined) {
      const classes = match[1].split(/\s+/);
      const color = classes.map((name) => CLASS_COLORS[name]).find(Boolean);
      stack.push(color ?? stack[stack.length - 1]);
    } else if (match[2] !== undefined) {
      const color = stack[stack.length - 1];
      decode(match[2])
        .split('\n')
        .forEach((part, index) => {
          if (index > 0) lines.push([]);
          if (part) lines[lines.length - 1]!.push(color ? { text: part, color } : { text: part });
        });
    } else {
      stack.pop();
    }
  }
  return lines;
}
