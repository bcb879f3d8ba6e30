// B4: media upload throughput through the SDK (sendMediaMessage of a File from a local file to a
// peer: hash, StartUpload, UploadChunk × n, CompleteUpload, send) with the SDK's default chunk size
// (1 MiB) and its largest (8 MiB), against a raw MinIO PUT of the same number of bytes, measured
// alternately so both see the same load.
import { ZIMConversationType, ZIMMessageType } from '@parley/sdk';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minioPutBaseline } from '../baselines/minio-baseline';
import {
  addCpu,
  busiestProcesses,
  machineLoadNote,
  MB,
  median,
  MiB,
  ratio,
  sizeLabel,
} from '../baselines/shared';
import {
  type BenchContext,
  type CpuSample,
  cpuPer1000,
  fmt,
  type Scenario,
  type ScenarioReport,
} from '../types';
import { sdkUser } from './sdk-user';

/** Parley must reach this share of raw MinIO PUT throughput. */
const TARGET_RATIO = 0.8;

/** One sendMediaMessage, timed from the call to its resolution, with the points the SDK reports in between. */
interface Upload {
  seconds: number;
  mbPerSecond: number;
  /** Call → first chunk committed: stat, SHA-256 of the file, StartUpload and the first UploadChunk. */
  firstChunkSeconds: number;
  /** Last chunk committed → message sent: CompleteUpload (assembly and hash check) and SendMediaMessage. */
  completeAndSendSeconds: number;
}

export interface B4SizeResult {
  sizeBytes: number;
  /** config.uploadChunkSize of the uploads. */
  chunkBytes: number;
  repetitions: number;
  parley: Upload[];
  raw: { seconds: number; mbPerSecond: number }[];
  parleyMedianMBps: number;
  rawMedianMBps: number;
  ratio: number;
  /** CPU seconds per 1,000 uploads of this size, and per GB (10^9 bytes) uploaded, by process. */
  cpuPer1000Uploads: CpuSample;
  cpuPerGB: CpuSample;
}

/** Processes that run their JavaScript on a single thread: one busy core is their ceiling. */
const NODE_PROCESSES = new Set(['session', 'messaging', 'media', 'conversation', 'load generator']);
const REPETITIONS = { quick: 2, full: 5 };
/** File size and upload chunk size: the SDK's default (1 MiB), and its largest for the large file. */
const CASES = {
  quick: [{ size: MiB, chunk: MiB }],
  full: [
    { size: MiB, chunk: MiB },
    { size: 64 * MiB, chunk: MiB },
    { size: 64 * MiB, chunk: 8 * MiB },
  ],
};

async function timedUpload(
  zim: Awaited<ReturnType<typeof sdkUser>>,
  peer: string,
  path: string,
  size: number,
  chunk: number,
): Promise<Upload> {
  let firstChunkAt = 0;
  let uploadedAt = 0;
  const t0 = performance.now();
  await zim.sendMediaMessage(
    { type: ZIMMessageType.File, fileLocalPath: path, fileName: 'bench.bin' },
    peer,
    ZIMConversationType.Peer,
    { uploadChunkSize: chunk },
    {
      onMediaUploadingProgress: (_m, current, total) => {
        const now = performance.now();
        if (firstChunkAt === 0) firstChunkAt = now;
        if (current === total) uploadedAt = now;
      },
    },
  );
  const end = performance.now();
  const seconds = (end - t0) / 1000;
  return {
    seconds,
    mbPerSecond: size / MB / seconds,
    firstChunkSeconds: (firstChunkAt - t0) / 1000,
    completeAndSendSeconds: (end - uploadedAt) / 1000,
  };
}

async function measureSize(
  ctx: BenchContext,
  zim: Awaited<ReturnType<typeof sdkUser>>,
  peer: string,
  size: number,
  chunk: number,
  repetitions: number,
): Promise<B4SizeResult> {
  const parley: Upload[] = [];
  const raw: B4SizeResult['raw'] = [];
  const cpu: CpuSample = {};
  for (let rep = 0; rep < repetitions; rep++) {
    const [put] = await minioPutBaseline(ctx, [size], 1);
    if (put) raw.push({ seconds: put.seconds[0] ?? Number.NaN, mbPerSecond: put.medianMBps });
    // Fresh bytes every time: media stores a content once, so a repeat would upload nothing.
    const path = join(tmpdir(), `parley-bench-b4-${process.pid}-${rep}.bin`);
    await writeFile(path, randomBytes(size));
    try {
      ctx.progress(
        `B4: upload ${rep + 1}/${repetitions} of ${sizeLabel(size)} through the SDK, ${sizeLabel(chunk)} chunks`,
      );
      const before = ctx.cpu.sample();
      parley.push(await timedUpload(zim, peer, path, size, chunk));
      addCpu(cpu, before, ctx.cpu.sample());
    } finally {
      await rm(path, { force: true });
    }
  }
  const parleyMedianMBps = median(parley.map((u) => u.mbPerSecond));
  const rawMedianMBps = median(raw.map((r) => r.mbPerSecond));
  return {
    sizeBytes: size,
    chunkBytes: chunk,
    repetitions,
    parley,
    raw,
    parleyMedianMBps,
    rawMedianMBps,
    ratio: parleyMedianMBps / rawMedianMBps,
    cpuPer1000Uploads: cpuPer1000({}, cpu, repetitions),
    cpuPerGB: cpuPer1000({}, cpu, (size * repetitions) / MB),
  };
}

function notes(results: B4SizeResult[]): string[] {
  const out = [
    `Parley: ZIM sendMediaMessage of a File message from a temporary file to a peer, with the given upload chunk ` +
      `size (config.uploadChunkSize: the SDK's default 1 MiB, or 8 MiB), timed from the call to the sent message (so it includes the SDK hashing the file, StartUpload, ` +
      `every UploadChunk, CompleteUpload and SendMediaMessage). Raw: one minio-client PUT of as many fresh random ` +
      `bytes, run just before each upload. MB = 10^6 bytes; medians over the repetitions.`,
  ];
  for (const r of results) {
    const verdict = r.ratio >= TARGET_RATIO ? 'meets' : 'misses';
    const med = (f: (u: Upload) => number) => fmt(median(r.parley.map(f)));
    const top = busiestProcesses(r.cpuPerGB);
    const label = `${sizeLabel(r.sizeBytes)} in ${sizeLabel(r.chunkBytes)} chunks`;
    out.push(
      `${label}: ${fmt(r.parleyMedianMBps)} MB/s vs ${fmt(r.rawMedianMBps)} MB/s raw = ` +
        `${fmt(r.ratio * 100)} % (${verdict} the ${TARGET_RATIO * 100} % target). Of the median ${med((u) => u.seconds)} s, ` +
        `${med((u) => u.firstChunkSeconds)} s go to the first committed chunk (file hash, StartUpload, first chunk) and ` +
        `${med((u) => u.completeAndSendSeconds)} s to CompleteUpload + send. CPU s per GB: ${top}.`,
    );
    // CPU seconds per GB × GB per second = how many cores a process kept busy while uploading.
    const [busiest, perGB] = Object.entries(r.cpuPerGB).reduce((a, b) => (b[1] > a[1] ? b : a), ['', 0]);
    const cores = (perGB * r.parleyMedianMBps) / 1000;
    if (r.ratio < TARGET_RATIO && NODE_PROCESSES.has(busiest) && cores >= 0.75)
      out.push(
        `${label} bottleneck: ${busiest} was busy ${fmt(cores)} CPU-seconds per second of upload, ` +
          `about all of the one core a Node process runs its JavaScript on: ${busiest}'s CPU caps the throughput.`,
      );
  }
  if (results.some((r) => r.ratio < TARGET_RATIO))
    out.push(
      `What media does per byte (apps/media/src/uploads/uploads.ts): a chunk under 5 MiB is committed through ` +
        `Postgres (upload_chunk, one transaction locking the upload row) until 5 MiB gather for an S3 part, so ` +
        `its bytes are written to Postgres, read back and sent to MinIO; a chunk of 5 MiB or more goes straight ` +
        `to MinIO as a part. media hashes every byte twice (SHA-256 of the content for the declared hash, and ` +
        `the minio client's SHA-256 of each part for SigV4 over plain HTTP), the SDK hashes the file before ` +
        `StartUpload, and chunks go one at a time (the next is sent once the previous is committed in MinIO). ` +
        `The CPU per GB above shows which process pays for it.`,
    );
  out.push(machineLoadNote());
  return out;
}

export const b4Media: Scenario = {
  id: 'B4',
  async run(ctx: BenchContext): Promise<ScenarioReport> {
    const mode = ctx.quick ? 'quick' : 'full';
    const run = Date.now().toString(36);
    const [sender, peer] = [`bench-media-${run}-a`, `bench-media-${run}-b`];
    const zim = await sdkUser(ctx, sender);
    const results: B4SizeResult[] = [];
    try {
      for (const { size, chunk } of CASES[mode])
        results.push(await measureSize(ctx, zim, peer, size, chunk, REPETITIONS[mode]));
    } finally {
      zim.destroy();
    }
    const rows = results.flatMap((r) => [
      [
        'raw MinIO PUT',
        sizeLabel(r.sizeBytes),
        r.repetitions,
        fmt(r.rawMedianMBps),
        r.raw.map((x) => fmt(x.mbPerSecond)).join(', '),
        '1×',
        fmt(median(r.raw.map((x) => x.seconds))),
      ],
      [
        `Parley (SDK sendMediaMessage, ${sizeLabel(r.chunkBytes)} chunks)`,
        sizeLabel(r.sizeBytes),
        r.repetitions,
        fmt(r.parleyMedianMBps),
        r.parley.map((x) => fmt(x.mbPerSecond)).join(', '),
        ratio(r.parleyMedianMBps, r.rawMedianMBps),
        fmt(median(r.parley.map((x) => x.seconds))),
      ],
    ]);
    return {
      id: 'B4',
      title: 'Media upload throughput: SDK upload vs raw MinIO PUT',
      table: {
        columns: ['path', 'file', 'reps', 'median MB/s', 'each run MB/s', 'vs raw MinIO', 'median s'],
        rows,
      },
      notes: notes(results),
      series: [
        {
          name: 'raw MinIO PUT (B4)',
          xLabel: 'file size (MiB)',
          yLabel: 'upload throughput (MB/s)',
          points: results
            .filter((r) => r.chunkBytes === MiB)
            .map((r) => ({ x: r.sizeBytes / MiB, y: r.rawMedianMBps })),
        },
        ...[MiB, 8 * MiB].map((chunk) => ({
          name: `Parley SDK upload, ${sizeLabel(chunk)} chunks (B4)`,
          xLabel: 'file size (MiB)',
          yLabel: 'upload throughput (MB/s)',
          points: results
            .filter((r) => r.chunkBytes === chunk || r.sizeBytes <= chunk)
            .map((r) => ({ x: r.sizeBytes / MiB, y: r.parleyMedianMBps })),
        })),
      ],
      data: { targetRatio: TARGET_RATIO, sizes: results },
    };
  },
};
