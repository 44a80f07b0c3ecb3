// Implements the `app` world of wit/app.wit for componentize-js.
import { log, now } from 'local:e2e/host-log@0.1.0';

export const shapes = {
  area(s) {
    switch (s.tag) {
      case 'circle': return Math.PI * s.val * s.val;
      case 'rect': {
        const [a, b] = s.val;
        return Math.abs((b.x - a.x) * (b.y - a.y));
      }
      default: return 0;
    }
  },
  describe(p, c, f, tags, extra) {
    if (tags.length === 0) throw 'no tags';
    const perms = Object.keys(f).filter((k) => f[k]).join('+');
    const text = `(${p.x}, ${p.y}) ${c} [${perms}] ${tags.join(',')} ${extra ?? '-'}`;
    log(c, text);
    return text;
  },
  widen(xs) {
    return xs.map(([a, b]) => a + Number(b));
  },
};

class Counter {
  #n;
  constructor(start) { this.#n = start; }
  increment(by) { this.#n += BigInt(by); return this.#n; }
  value() { return this.#n; }
  static merge(a, b) { return new Counter(a.value() + b.value()); }
}

export const counters = { Counter };

export function version() {
  return `e2e 0.1.0 at ${now()}`;
}
