import { whenIdle } from './next-frame'

// the longest a part waits for the page's idle moment
const IDLE_WAIT_MS = 500

/**
 * Whether a part of a view may appear: from the page's first idle moment after `before()` first held, and from then
 * on. Two parts whose data land together would otherwise be built in one task; the first time they appear much of
 * their code also runs for the first time, and a batch view's design panel took 28–40 ms of script in one task that
 * way (over 50 ms when two engine workers held the cores). An idle moment, not just the next frame: after a frame,
 * the heatmap's first rows still came among a batch's other first views, in a task of 7–34 ms of script that
 * waiting for a core stretched past 50 ms. Create it while a component initialises.
 */
export class ShownAfter {
  current = $state(false)

  constructor(before: () => boolean) {
    $effect(() => {
      if (this.current || !before()) return
      return whenIdle(() => (this.current = true), IDLE_WAIT_MS)
    })
  }
}
