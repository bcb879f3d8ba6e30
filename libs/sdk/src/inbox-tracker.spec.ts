import { InboxTracker } from './inbox-tracker';

describe('InboxTracker', () => {
  it('acknowledges only the contiguous prefix, whatever order positions arrive in', () => {
    const t = new InboxTracker();
    t.begin(10);
    expect(t.received(12)).toBe(true);
    expect(t.contiguous).toBe(10);
    expect(t.received(11)).toBe(true);
    expect(t.contiguous).toBe(12);
  });

  it('reports duplicates, including positions at or below the acknowledged one', () => {
    const t = new InboxTracker();
    t.begin(5);
    expect(t.received(5)).toBe(false);
    expect(t.received(6)).toBe(true);
    expect(t.received(6)).toBe(false);
  });

  it('keeps what arrives before it knows where it starts', () => {
    const t = new InboxTracker();
    t.received(3);
    t.received(4);
    expect(t.contiguous).toBeUndefined();
    t.begin(2);
    expect(t.contiguous).toBe(4);
  });

  it('notices a gap only once it has lasted', () => {
    const t = new InboxTracker();
    t.begin(0);
    t.received(2);
    const now = Date.now();
    expect(t.gapOlderThan(1000, now)).toBe(false);
    expect(t.gapOlderThan(1000, now + 1000)).toBe(true);
    t.received(1);
    expect(t.gapOlderThan(0, now + 5000)).toBe(false);
  });

  it('ignores messages that are not stored (position 0)', () => {
    const t = new InboxTracker();
    t.begin(0);
    expect(t.received(0)).toBe(true);
    expect(t.contiguous).toBe(0);
  });
});
