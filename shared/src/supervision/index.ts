export * from './kpi';
export * from './period';
export * from './data-quality';
