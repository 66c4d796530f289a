/** The top rows: lab title and step progress, cluster status, the step's title. */
import { STEP_STATUS_LABEL, type StepStatus } from '../core/stepStatus.js';
import { Box, Text } from 'ink';
import type { ClusterView } from '../hooks/useCluster.js';
import { formatDuration, progressBar, truncate } from './format.js';
import { useTheme } from './theme.js';

export interface HeaderProps {
  labTitle: string;
  stepIndex: number;
  stepCount: number;
  done: number;
  stepTitle: string;
  stepStatus: StepStatus;
  cluster: ClusterView;
  contextName: string;
  autoCheck: boolean;
  width: number;
}

export const HEADER_ROWS = 4;

export function Header(props: HeaderProps) {
  const { width } = props;
  const position = `step ${props.stepIndex + 1} of ${props.stepCount} `;
  const bar = progressBar(props.stepIndex + 1, props.stepCount, Math.min(20, Math.max(5, Math.floor(width / 8))));
  const done = ` ${props.done}/${props.stepCount} done`;
  const right = `${position}${bar}${done}`;
  const title = truncate(`k8s-labs · ${props.labTitle}`, Math.max(8, width - right.length - 2));
  const status = props.stepStatus === 'started' ? '' : ` ${STEP_STATUS_LABEL[props.stepStatus]}`.trimEnd();
  return (
    <Box flexDirection="column" width={width}>
      <Box justifyContent="space-between" width={width}>
        <Text bold>{title}</Text>
        <Text>
          {position}
          <Text color="green">{bar}</Text>
          <Text dimColor>{done}</Text>
        </Text>
      </Box>
      <ClusterLine view={props.cluster} contextName={props.contextName} autoCheck={props.autoCheck} width={width} />
      <Text wrap="truncate-end">
        <Text bold>{`${props.stepIndex + 1}. ${props.stepTitle}`}</Text>
        <Text color={props.stepStatus === 'needs-data-plane' ? 'yellow' : 'green'}>{status}</Text>
      </Text>
      <Text dimColor>{'─'.repeat(width)}</Text>
    </Box>
  );
}

function ClusterLine({
  view,
  contextName,
  autoCheck,
  width,
}: {
  view: ClusterView;
  contextName: string;
  autoCheck: boolean;
  width: number;
}) {
  const { color } = useTheme();
  switch (view.status) {
    case 'connecting':
      return <Text color={color ? 'yellow' : undefined} wrap="truncate-end">{`◌ connecting to ${contextName}…`}</Text>;
    case 'creating':
      return (
        <Text color={color ? 'yellow' : undefined} wrap="truncate-end">
          {`◌ creating the lab cluster: ${view.phase} (${formatDuration(view.elapsedMs)})`}
        </Text>
      );
    case 'ready': {
      const { target } = view.cluster;
      return (
        <Text wrap="truncate-end">
          <Text color={color ? 'green' : undefined}>● </Text>
          {truncate(`${target.context} (${target.server})`, Math.max(10, width - 20))}
          <Text dimColor>{` · auto-check ${autoCheck ? 'on' : 'off'}`}</Text>
        </Text>
      );
    }
    case 'missing': {
      const action = view.canCreate ? 'press C to create it' : (view.next ?? 'run `labs doctor`');
      const failed = view.createError ? ` (creating failed: ${view.createError})` : '';
      return (
        <Text
          wrap="truncate-end"
          inverse={!color}
          backgroundColor={color ? 'red' : undefined}
          color={color ? 'white' : undefined}
          bold
        >
          {` ✗ ${view.message} — ${action}${failed} `}
        </Text>
      );
    }
  }
}
