// The shapes are the contract's (libs/contracts/partners).
export * from '@pmt/contracts-partners';
