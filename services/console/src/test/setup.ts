// jsdom lacks what Mantine asks the browser for; these stand-ins answer "no preference" and "no resize".
const noop = () => undefined;
window.matchMedia ??= (query: string) =>
  ({
    matches: false,
    media: query,
    onchange: null,
    addListener: noop,
    removeListener: noop,
    addEventListener: noop,
    removeEventListener: noop,
    dispatchEvent: () => false,
  }) as MediaQueryList;
window.ResizeObserver ??= class {
  observe = noop;
  unobserve = noop;
  disconnect = noop;
};
window.scrollTo ??= noop as typeof window.scrollTo;
