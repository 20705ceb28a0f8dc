/**
 * One timer for many deadlines (issue #16, B2): thousands of pending sign-ins each with its own
 * `setTimeout` cost a timer object and a closure apiece. Deadlines wait in a binary heap; the one
 * timer is armed for the earliest and, when it fires, hands every id that is due to `onDue`.
 * A deadline is never cancelled here: `onDue` checks that the id still waits (a finished sign-in
 * is simply skipped), so the heap holds at most one stale entry per sign-in until its time comes.
 */
export class Deadlines {
  private readonly at: number[] = [];
  private readonly ids: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private armedFor = Infinity;

  constructor(
    private readonly onDue: (id: string) => void,
    /** A monotonic clock (a wall clock stepped back must not hold a sign-in past its time). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(id: string, at: number): void {
    let i = this.at.length;
    this.at.push(at);
    this.ids.push(id);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.at[parent]! <= at) break;
      this.swap(i, parent);
      i = parent;
    }
    this.arm();
  }

  get size(): number {
    return this.at.length;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = Infinity;
    this.at.length = 0;
    this.ids.length = 0;
  }

  private fire(): void {
    this.timer = null;
    this.armedFor = Infinity;
    const now = this.now();
    const due: string[] = [];
    while (this.at.length > 0 && this.at[0]! <= now) due.push(this.pop());
    this.arm();
    for (const id of due) this.onDue(id);
  }

  private arm(): void {
    const next = this.at[0];
    if (next === undefined || next >= this.armedFor) return;
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = next;
    this.timer = setTimeout(() => this.fire(), Math.max(0, next - this.now()));
    this.timer.unref();
  }

  private pop(): string {
    const id = this.ids[0]!;
    const lastAt = this.at.pop()!;
    const lastId = this.ids.pop()!;
    if (this.at.length > 0) {
      this.at[0] = lastAt;
      this.ids[0] = lastId;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let least = i;
        if (l < this.at.length && this.at[l]! < this.at[least]!) least = l;
        if (r < this.at.length && this.at[r]! < this.at[least]!) least = r;
        if (least === i) break;
        this.swap(i, least);
        i = least;
      }
    }
    return id;
  }

  private swap(a: number, b: number): void {
    [this.at[a], this.at[b]] = [this.at[b]!, this.at[a]!];
    [this.ids[a], this.ids[b]] = [this.ids[b]!, this.ids[a]!];
  }
}
