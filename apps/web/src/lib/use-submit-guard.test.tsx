import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useSubmitGuard } from './use-submit-guard';

describe('useSubmitGuard', () => {
  it('runs one call at a time, even when the second comes before any render', async () => {
    const { result } = renderHook(() => useSubmitGuard());
    let finish!: () => void;
    const work = () => new Promise<void>((resolve) => (finish = resolve));
    let first!: Promise<boolean>;
    let second!: Promise<boolean>;
    act(() => {
      first = result.current.run(work);
      second = result.current.run(work);
    });
    expect(await second).toBe(false);
    expect(result.current.busy).toBe(true);
    await act(async () => finish());
    expect(await first).toBe(true);
    expect(result.current.busy).toBe(false);
    expect(await act(() => result.current.run(async () => undefined))).toBe(true);
  });

  it('opens again after a failure, which reaches the caller; with hold a success keeps it shut', async () => {
    const { result } = renderHook(() => useSubmitGuard());
    const failing = result.current.run(
      async () => {
        throw new Error('refused');
      },
      { hold: true },
    );
    await act(() => expect(failing).rejects.toThrow('refused'));
    expect(await act(() => result.current.run(async () => undefined, { hold: true }))).toBe(true);
    expect(await act(() => result.current.run(async () => undefined))).toBe(false);
    expect(result.current.busy).toBe(false);
  });
});
