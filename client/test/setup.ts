import '@testing-library/jest-dom';

// antd reads media queries (Grid, responsive Descriptions) and jsdom has no matchMedia.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  configurable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});

// rc-virtual-list and the scroll helpers call these; jsdom does not implement them.
window.scrollTo = () => undefined;
Element.prototype.scrollTo = () => undefined;

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!('ResizeObserver' in window)) {
  Object.defineProperty(window, 'ResizeObserver', {
    writable: true,
    configurable: true,
    value: ResizeObserverStub,
  });
}

// jsdom's getComputedStyle does not take a pseudo-element (antd asks for ::-webkit-scrollbar sizes).
const computedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (elt: Element) => computedStyle(elt);

// @rc-component/form schedules validation through a MessageChannel, which jsdom lacks.
if (typeof globalThis.MessageChannel === 'undefined') {
  class FakePort {
    onmessage: ((e: { data: unknown }) => void) | null = null;
    other: FakePort | null = null;
    postMessage(data: unknown) {
      const target = this.other;
      setTimeout(() => target?.onmessage?.({ data }), 0);
    }
    start() {}
    close() {}
  }
  class FakeMessageChannel {
    port1 = new FakePort();
    port2 = new FakePort();
    constructor() {
      this.port1.other = this.port2;
      this.port2.other = this.port1;
    }
  }
  Object.defineProperty(globalThis, 'MessageChannel', {
    writable: true,
    configurable: true,
    value: FakeMessageChannel,
  });
}
