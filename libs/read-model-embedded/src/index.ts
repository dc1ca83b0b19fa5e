export * from './embedded-read-model.store';
