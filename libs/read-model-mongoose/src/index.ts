export * from './mongoose-read-model.store';
