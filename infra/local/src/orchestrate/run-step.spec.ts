import { Pipeline } from './run-step';

describe('the test pipeline', () => {
  beforeEach(() => jest.spyOn(process.stdout, 'write').mockImplementation(() => true));
  afterEach(() => jest.restoreAllMocks());

  it('records each step, stops at the first failure and says so in the summary', async () => {
    const pipeline = new Pipeline();
    const ran: string[] = [];
    await pipeline.step('first', async () => void ran.push('first'));
    await expect(
      pipeline.step('second', async () => {
        throw new Error('broken');
      }),
    ).rejects.toThrow('broken');
    expect(pipeline.results.map((r) => [r.name, r.ok])).toEqual([
      ['first', true],
      ['second', false],
    ]);
    expect(pipeline.summary()).toMatch(/✔ first[\s\S]*✘ second[\s\S]*steps: 1 passed, 1 failed$/);
  });

  it('fails a command step on a non-zero exit status, naming the command', async () => {
    const pipeline = new Pipeline();
    await expect(pipeline.command('exit 3', 'node', ['-e', 'process.exit(3)'])).rejects.toThrow(
      'exit 3: `node -e process.exit(3)` exited with status 3',
    );
    await expect(pipeline.command('exit 0', 'node', ['-e', ''])).resolves.toBeUndefined();
    expect(pipeline.results.map((r) => r.ok)).toEqual([false, true]);
  });
});
