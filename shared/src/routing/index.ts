export * from './routing.types';
export { routingTokens, contextTokens, normalizeRoutingText } from './routing-tokens';
export { trainRouter, DEFAULT_ROUTER_OPTIONS } from './train-router';
export { predictRouter, evaluateRouter, routerScores } from './predict-router';
export { serializeRouter, deserializeRouter } from './router-codec';
