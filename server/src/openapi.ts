import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { PERMISSIONS, type TPermission } from '@hotline/shared';
import { ROUTE_TABLE } from './infra/http/route-table';

const ZError = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
});

const STATUS_TEXT: Record<number, string> = {
  201: 'Created',
  204: 'No content',
  400: 'Validation failed (details.fields names the fields)',
  401: 'Not signed in',
  403: 'Not allowed for this role',
  404: 'Not found, or not visible to this user',
  409: 'Illegal transition or stale version',
  422: 'Understood but cannot be processed',
};

/** The route's action and, per role, how far it reaches (from the permission matrix). */
function permissionText(permission: TPermission | 'public'): string {
  if (permission === 'public') return 'No session needed.';
  const grants = Object.entries(PERMISSIONS[permission]).map(([role, scope]) => `${role} (${scope})`);
  return `Permission \`${permission}\`: ${grants.join(', ')}.`;
}

/** The OpenAPI 3.1 document, generated from the route table's own zod schemas. */
export function buildOpenApiDocument(): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'hotline_sid',
  });
  for (const spec of ROUTE_TABLE) {
    const responses: Record<
      string,
      { description: string; content?: Record<string, { schema: z.ZodType }> }
    > = {
      200: { description: 'OK' },
    };
    for (const status of spec.statuses ?? []) {
      responses[status] =
        status >= 400
          ? {
              description: STATUS_TEXT[status] ?? 'Error',
              content: { 'application/json': { schema: ZError } },
            }
          : { description: STATUS_TEXT[status] ?? 'OK' };
    }
    registry.registerPath({
      method: spec.method,
      path: `/api/v1${spec.path.replace(/:(\w+)/g, '{$1}')}`,
      summary: spec.summary,
      tags: [spec.tag],
      description: permissionText(spec.permission),
      'x-permission': spec.permission,
      security: spec.permission === 'public' ? [] : [{ session: [] }],
      request: {
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.query && spec.query instanceof z.ZodObject ? { query: spec.query } : {}),
        ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
      },
      responses,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Hotline 12345 API',
      version: '1.0.0',
      description: 'Work orders of a 12345 government service hotline.',
    },
    servers: [{ url: '/' }],
  });
}
