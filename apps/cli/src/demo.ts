// `npm run demo`: two fresh users chat through the SDK against the running local stack (npm start):
// a few texts back and forth, an image with a progress bar, its download checked byte for byte, then
// both conversation lists. Exits 0 when all of it worked, 1 (with the reason) otherwise.
import {
  ZIMConversationType,
  type ZIMConversation,
  type ZIM,
  type ZIMMessage,
  ZIMMessageType,
  ZIMPlatformType,
} from '@parley/sdk';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { type Connection, resolveConnection } from './config';
import { CliError, errorLine } from './errors';
import { conversationTable, formatBytes, messagePreview } from './format';
import { progressBar } from './progress';
import { closeSession, openSession } from './session';

const RECEIVE_TIMEOUT_MS = 15_000;
const SETTLE_TIMEOUT_MS = 15_000;

/** One demo user: a logged-in client, a short name for the output and what it has received. */
interface Person {
  name: string;
  userID: string;
  zim: ZIM;
  received: ZIMMessage[];
  /** Called on each received batch; receivedBy sets it while it waits. */
  waiting: { arrived: () => void };
}

/** Prints a line (or each line of a block) prefixed by who says it. */
function say(who: string, text: string): void {
  for (const line of text.split('\n')) process.stdout.write(`${who.padEnd(5)} | ${line}\n`);
}

/** Fails fast, with the fix, when nothing listens at the endpoint. */
async function reachable(endpoint: string): Promise<void> {
  const at = endpoint.lastIndexOf(':');
  const host = endpoint.slice(0, at).replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const port = Number(endpoint.slice(at + 1));
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (why: string) => {
      socket.destroy();
      reject(new CliError(`cannot reach Parley at ${endpoint}: run npm start first (${why})`));
    };
    socket.setTimeout(3_000, () => fail('no answer within 3 s'));
    socket.once('error', (err) => fail(err.message));
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
  });
}

async function logIn(connection: Connection, name: string, userID: string): Promise<Person> {
  const received: ZIMMessage[] = [];
  const waiting = { arrived: (): void => undefined };
  const zim = await openSession(connection, userID, ZIMPlatformType.Linux, (z) => {
    z.on('receivePeerMessage', (_zim, { messageList }) => {
      received.push(...messageList);
      waiting.arrived();
    });
    z.on('error', (_zim, { code, message }) => say(name, `(SDK error ${code}: ${message})`));
  });
  say(name, `logged in as ${userID}`);
  return { name, userID, zim, received, waiting };
}

/** Resolves with the message once `person` has received it. */
async function receivedBy(person: Person, messageID: string): Promise<ZIMMessage> {
  const deadline = Date.now() + RECEIVE_TIMEOUT_MS;
  for (;;) {
    const found = person.received.find((m) => m.messageID === messageID);
    if (found) return found;
    const left = deadline - Date.now();
    if (left <= 0)
      throw new CliError(
        `${person.name} did not receive message ${messageID} within ${RECEIVE_TIMEOUT_MS / 1000} s`,
      );
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.min(left, 250));
      person.waiting.arrived = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** `from` sends a text to `to`, who prints it once it arrives. */
async function text(from: Person, to: Person, message: string): Promise<ZIMMessage> {
  const { message: sent } = await from.zim.sendMessage(
    { type: ZIMMessageType.Text, message },
    to.userID,
    ZIMConversationType.Peer,
  );
  say(from.name, `-> ${to.name}: ${message}   (#${sent.conversationSeq})`);
  const got = await receivedBy(to, sent.messageID);
  say(to.name, `<- ${from.name}: ${messagePreview(got)}`);
  return sent;
}

/** A 320×200 PNG: a colour gradient, stored uncompressed so the upload takes a few chunks. */
async function gradientPNG(): Promise<Buffer> {
  const width = 320;
  const height = 200;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = Math.round((x / (width - 1)) * 255);
      pixels[i + 1] = Math.round((y / (height - 1)) * 255);
      pixels[i + 2] = 160;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The person's conversation list once it shows the last message (the list is updated asynchronously). */
async function settledList(person: Person, lastMessageID: string): Promise<ZIMConversation[]> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const { conversationList } = await person.zim.queryConversationList({ count: 100 });
    if (conversationList.some((c) => c.lastMessage?.messageID === lastMessageID)) return conversationList;
    if (Date.now() > deadline) {
      say(person.name, '(the conversation list has not caught up with the last message yet)');
      return conversationList;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Alice sends the image with a progress bar; Bob receives it, downloads it and compares. */
async function sendImage(alice: Person, bob: Person, folder: string): Promise<void> {
  const png = await gradientPNG();
  const original = join(folder, 'gradient.png');
  await writeFile(original, png);
  say(alice.name, `-> ${bob.name}: gradient.png (320x200 PNG, ${formatBytes(png.length)})`);
  const bar = progressBar(`${alice.name.padEnd(5)} | upload gradient.png`, process.stdout);
  let image: ZIMMessage;
  try {
    ({ message: image } = await alice.zim.sendMediaMessage(
      { type: ZIMMessageType.Image, fileLocalPath: original },
      bob.userID,
      ZIMConversationType.Peer,
      { uploadChunkSize: 64 * 1024 },
      { onMediaUploadingProgress: (_m, current, total) => bar.update(current, total) },
    ));
  } finally {
    bar.stop();
  }
  say(alice.name, `sent the image (#${image.conversationSeq})`);

  const received = await receivedBy(bob, image.messageID);
  say(bob.name, `<- ${alice.name}: ${messagePreview(received)}`);
  const copy = join(folder, 'downloaded-by-bob.png');
  await bob.zim.downloadMediaFile(received, copy);
  const downloaded = await readFile(copy);
  const same = downloaded.length === png.length && sha256(downloaded) === sha256(png);
  say(
    bob.name,
    `downloaded ${downloaded.length} bytes, SHA-256 ${sha256(downloaded).slice(0, 16)}… ${same ? 'matches' : 'DOES NOT match'} the original`,
  );
  if (!same) throw new CliError('the downloaded image differs from the one Alice sent');
}

async function demo(): Promise<void> {
  const connection = resolveConnection({});
  await reachable(connection.endpoint);
  const suffix = `${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
  const folder = await mkdtemp(join(tmpdir(), 'parley-demo-'));
  const people: Person[] = [];
  try {
    const alice = await logIn(connection, 'alice', `alice-${suffix}`);
    people.push(alice);
    const bob = await logIn(connection, 'bob', `bob-${suffix}`);
    people.push(bob);

    await text(alice, bob, 'Hi Bob!');
    await text(bob, alice, 'Hey Alice, how is it going?');
    await text(alice, bob, 'Great. I made a picture for you, sending it now.');
    await text(bob, alice, 'Go ahead!');
    await sendImage(alice, bob, folder);
    const last = await text(bob, alice, 'Got it, lovely colours!');

    for (const person of [alice, bob]) {
      const list = await settledList(person, last.messageID);
      const { totalUnreadMessageCount } = await person.zim.queryConversationTotalUnreadMessageCount();
      say(person.name, `my conversations:\n${conversationTable(list, totalUnreadMessageCount)}`);
    }
  } finally {
    for (const person of people) {
      await closeSession(person.zim);
      say(person.name, 'logged out');
    }
    await rm(folder, { recursive: true, force: true });
  }
}

demo().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${errorLine(err)}\n`);
    process.exit(1);
  },
);
