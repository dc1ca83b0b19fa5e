export * from './partnership';
export * from './partnership.projection';
export * from './portfolio';
export * from './shares';
export { addSums, moneyOrNull } from './money-sums';
export * from './partnership-visibility';
export * from './mou-lists';
