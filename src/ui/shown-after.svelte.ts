import { afterNextFrame } from './next-frame'

/**
 * Whether a part of a view may appear: from a task after the frame in which `before()` first held, and from then on.
 * Two parts whose data land together would otherwise be built in one task; the first time they appear much of their
 * code also runs for the first time, and a batch view's design panel took 28–40 ms of script in one task that way
 * (over 50 ms when two engine workers held the cores). Create it while a component initialises.
 */
export class ShownAfter {
  current = $state(false)

  constructor(before: () => boolean) {
    $effect(() => {
      if (this.current || !before()) return
      return afterNextFrame(() => (this.current = true))
    })
  }
}
