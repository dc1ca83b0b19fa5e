// jsdom has no TextEncoder, which react-router needs at import: a spec that renders routes imports this first.
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder, TextDecoder });
