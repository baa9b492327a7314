export * from './kpi';
export * from './period';
export * from './data-quality';
export * from './assessment';
export * from './assessment-score';
export * from './kpi-api';
export * from './assessment.dto';
export * from './hot-topics';
