// jsdom has no TextEncoder, which react-router needs when it loads: a spec that renders routes imports this first.
// Plain JS outside src/, so the browser build's type check (no Node types) never sees it.
/* global require */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TextDecoder, TextEncoder } = require('node:util');

Object.assign(globalThis, { TextEncoder, TextDecoder });
