// The partnership and portfolio queries, their params and reply shapes are the partners contract's.
export * from '@pmt/contracts-partners';
