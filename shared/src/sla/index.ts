// chinese-days-source is deliberately not re-exported: it carries the whole holiday table
// and only the server needs it. Import it from '@hotline/shared/src/sla/chinese-days-source'.
export * from './calendar';
export * from './deadline';
