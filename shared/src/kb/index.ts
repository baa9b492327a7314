export * from './kb.schema';
export * from './kb-access';
export * from './kb-terms';
export * from './kb-synonyms';
