import { useEffect } from 'react';

export interface Steppable {
  nextStepAt(): number | null;
  step(now: number): boolean;
}

/**
 * Drives a board's cadence with one timer at a time, set for the board's next step and re-armed
 * whenever `version` changes (after each step or input). No timer runs while the board is idle.
 */
export function useStepTimer(board: Steppable, version: number, onStep: () => void): void {
  useEffect(() => {
    const due = board.nextStepAt();
    if (due === null) return;
    const timer = setTimeout(() => {
      board.step(Date.now());
      onStep(); // re-arms even if the timer fired a millisecond early and the step was refused
    }, Math.max(0, due - Date.now()));
    return () => clearTimeout(timer);
  }, [board, version, onStep]);
}
