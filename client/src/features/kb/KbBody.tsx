import './kb.css';

/**
 * The body as the server sanitised it (the server is the one place that cleans HTML), in the
 * knowledge base's typography.
 */
export function KbBody({ html }: { html: string }) {
  return <div className="kb-body" data-testid="kb-body" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Category names of an article, in order; an id the reference data lacks shows as a dash. */
export function categoryNames(ids: readonly string[], byId: Map<string, string>): string {
  return ids.map((id) => byId.get(id) ?? '—').join('、');
}
