import type { Scenario } from '../types';
import { b0Baselines } from './b0-baselines';
import { b1PeerSendReceive, b3UnreadLag, cpuPerThousandMessages } from './b1-b3-peer';
import { b2GroupFanout } from './b2-fanout';
import { b4Media } from './b4-media';
import { b5History } from './b5-history';

/** Every scenario, in the order a run goes through them (baselines first: the ratios need them). */
export const SCENARIOS: Scenario[] = [
  b0Baselines,
  b1PeerSendReceive,
  b3UnreadLag,
  cpuPerThousandMessages,
  b2GroupFanout,
  b4Media,
  b5History,
];
